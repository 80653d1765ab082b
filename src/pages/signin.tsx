import type React from 'react';
import { useEffect, useState } from 'react';
import Link from '@docusaurus/Link';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, Field, useQueryParam } from '../portal/components';
import { PortalPage } from '../portal/PortalPage';
import { safeNextPath } from '../portal/safe-next';

export default function SignInPage(): React.JSX.Element {
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const next = useQueryParam('next');

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await api('/auth/sign-in', { json: { identifier, password } });
    setBusy(false);
    if (!result.ok) return setFailure(result);
    // A full page load: the next page may be a private build, another site.
    window.location.assign(safeNextPath(next, window.location.origin));
  };

  return (
    <PortalPage title="Sign in">
      <ProviderSignIn next={next} />
      {next?.startsWith('/private/') ? <p className="alert alert--info">Sign in to read this private documentation.</p> : null}
      <form onSubmit={submit} noValidate data-testid="signin-form">
        <ErrorNote failure={failure} />
        <Field label="Email or username" name="identifier" autoComplete="username" value={identifier} onChange={setIdentifier} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={setPassword} />
        <button className="button button--primary button--block" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="margin-top--md">
        <Link href="/reset-password">Forgot your password?</Link> · No account yet? <Link href="/signup">Register</Link>
      </p>
    </PortalPage>
  );
}

interface Provider {
  id: string;
  name: string;
  audience: 'staff' | 'partners';
  startPath: string;
}

/**
 * The identity providers the portal is configured with (issue 21): staff sign in with the
 * company's, a partner with their own company's once they accept the security guidelines.
 * Nothing is shown when none is configured (the embedded default).
 */
function ProviderSignIn({ next }: { next: string | null }): React.JSX.Element | null {
  const [providers, setProviders] = useState<Provider[]>([]);
  const [accepted, setAccepted] = useState(false);
  useEffect(() => {
    void api<{ providers: Provider[] }>('/auth/providers').then((result) => {
      if (result.ok) setProviders(result.providers);
    });
  }, []);
  if (providers.length === 0) return null;
  const hrefOf = (provider: Provider) => {
    const query = new URLSearchParams();
    if (next) query.set('next', next);
    if (provider.audience === 'partners') query.set('acceptGuidelines', 'true');
    const search = query.toString();
    return search ? `${provider.startPath}?${search}` : provider.startPath;
  };
  const partners = providers.filter((provider) => provider.audience === 'partners');
  return (
    <section aria-labelledby="providers-title" className="margin-bottom--lg">
      <h2 id="providers-title" style={{ fontSize: '1.1rem' }}>
        Sign in with your company account
      </h2>
      {partners.length > 0 ? (
        <label className="margin-bottom--sm" style={{ display: 'flex', gap: '0.5rem', alignItems: 'flex-start' }}>
          <input type="checkbox" checked={accepted} onChange={(event) => setAccepted(event.target.checked)} />
          <span>
            Partners: I have read the <Link href="/guides/security-guidelines">security guidelines</Link> and my company will apply them.
          </span>
        </label>
      ) : null}
      {providers.map((provider) => {
        const blocked = provider.audience === 'partners' && !accepted;
        return blocked ? (
          <button
            key={provider.id}
            type="button"
            className="button button--secondary button--block margin-bottom--sm"
            disabled
            aria-describedby="providers-hint"
          >
            Sign in with {provider.name}
          </button>
        ) : (
          <a key={provider.id} className="button button--secondary button--block margin-bottom--sm" href={hrefOf(provider)}>
            Sign in with {provider.name}
          </a>
        );
      })}
      {partners.length > 0 && !accepted ? (
        <p id="providers-hint" className="margin-bottom--sm">
          Accept the security guidelines above to sign in with a partner company's account.
        </p>
      ) : null}
      <p className="margin-top--md margin-bottom--none">Or with your email address and password:</p>
    </section>
  );
}
