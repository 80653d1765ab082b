import type React from 'react';
import { useEffect, useState } from 'react';
import Link from '@docusaurus/Link';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, Field, SuccessNote } from '../portal/components';
import { PortalPage } from '../portal/PortalPage';

interface AccountToConfirm {
  username: string;
  fullName: string;
  company: string;
  email: string;
  createdAt: number;
  signedIn: boolean;
}

type Step =
  | { kind: 'loading' }
  | { kind: 'review'; account: AccountToConfirm }
  | { kind: 'confirmed'; message: string }
  | { kind: 'declined'; message: string }
  | { kind: 'broken'; failure: ApiFailure };

/**
 * The emailed link. It names the account before anything happens: the person who reads the
 * mailbox confirms it only if it is theirs (signed in, or with its password), or deletes a
 * registration someone else made with their address.
 */
export default function VerifyPage(): React.JSX.Element {
  const [token, setToken] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'loading' });
  useEffect(() => {
    const found = new URLSearchParams(window.location.search).get('token') ?? '';
    setToken(found);
    void api<{ account: AccountToConfirm }>('/auth/verify-email/inspect', { json: { token: found } }).then((result) =>
      setStep(result.ok ? { kind: 'review', account: result.account } : { kind: 'broken', failure: result }),
    );
  }, []);

  return (
    <PortalPage title="Confirm your email address">
      {step.kind === 'loading' ? <p>Checking your link…</p> : null}
      {step.kind === 'broken' ? <BrokenLink failure={step.failure} /> : null}
      {step.kind === 'review' ? <Review token={token} account={step.account} onDone={setStep} /> : null}
      {step.kind === 'confirmed' ? (
        <>
          <SuccessNote>{step.message}</SuccessNote>
          <p>
            Next: <Link href="/dashboard">open My portal</Link>: it says what to do first, API by API — or <Link href="/">find an API in the catalog</Link>.
          </p>
        </>
      ) : null}
      {step.kind === 'declined' ? (
        <>
          <SuccessNote>{step.message}</SuccessNote>
          <p>
            Want an account of your own? <Link href="/signup">Register</Link>.
          </p>
        </>
      ) : null}
    </PortalPage>
  );
}

function BrokenLink({ failure }: { failure: ApiFailure }): React.JSX.Element {
  return (
    <>
      <ErrorNote failure={failure} />
      <p>
        <Link href="/signin?next=%2Faccount">Sign in</Link> and ask for a new link from your account page, or <Link href="/signup">register again</Link>.
      </p>
    </>
  );
}

function Review({ token, account, onDone }: { token: string; account: AccountToConfirm; onDone: (step: Step) => void }): React.JSX.Element {
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await api<{ message: string }>('/auth/verify-email', { json: account.signedIn ? { token } : { token, password } });
    setBusy(false);
    if (result.ok) onDone({ kind: 'confirmed', message: result.message });
    else setFailure(result);
  };
  const decline = async () => {
    setBusy(true);
    const result = await api<{ message: string }>('/auth/verify-email/decline', { json: { token } });
    setBusy(false);
    if (result.ok) onDone({ kind: 'declined', message: result.message });
    else setFailure(result);
  };
  return (
    <>
      <p>This link confirms the address of this account:</p>
      <dl className="card padding--md margin-bottom--md" data-testid="account-to-confirm">
        <dt>Email</dt>
        <dd>{account.email}</dd>
        <dt>Username</dt>
        <dd>{account.username}</dd>
        <dt>Name</dt>
        <dd>{account.fullName}</dd>
        <dt>Company</dt>
        <dd>{account.company}</dd>
        <dt>Registered</dt>
        <dd>{new Date(account.createdAt).toLocaleString()}</dd>
      </dl>
      <ErrorNote failure={failure} />
      <form onSubmit={confirm} noValidate data-testid="verify-form">
        {account.signedIn ? (
          <p>You are signed in to this account.</p>
        ) : (
          <Field
            label={`Password of ${account.username}`}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            hint="The password chosen at registration: only the account's holder can confirm its address."
          />
        )}
        <button className="button button--primary button--block" type="submit" disabled={busy || (!account.signedIn && !password)}>
          {account.signedIn ? 'Confirm my email address' : 'Confirm and sign in'}
        </button>
      </form>
      <h2 className="margin-top--lg" style={{ fontSize: '1.1rem' }}>
        Not your account?
      </h2>
      <p>If you did not register it, someone used your email address. Delete the registration: nobody can then use your address with it.</p>
      <button type="button" className="button button--outline button--danger" onClick={decline} disabled={busy} data-testid="decline-registration">
        This wasn’t me — delete this registration
      </button>
    </>
  );
}
