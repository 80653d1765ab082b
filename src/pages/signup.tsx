import type React from 'react';
import { useState } from 'react';
import Link from '@docusaurus/Link';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, Field, SuccessNote } from '../portal/components';
import { PortalPage } from '../portal/PortalPage';

const GUIDELINES = [
  'Use a certificate aligned with your functional and security needs, dedicated to external authentication to partner APIs.',
  'Use a certificate issued directly by one of the accepted, audited EV certification authorities.',
  'The certificate’s Key Usage includes Digital Signature; its Extended Key Usage includes Client Authentication.',
  'Report a revoked certificate at once; it is handled within 5 working days.',
  'Announce a change of CA at least 5 working days ahead, with the new certificate, or risk an interruption of service.',
];

export default function SignUpPage(): React.JSX.Element {
  const [form, setForm] = useState({ username: '', fullName: '', company: '', email: '', password: '' });
  const [accepted, setAccepted] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((current) => ({ ...current, [key]: value }));
  const fieldError = (field: string) => failure?.details?.find((detail) => detail.field === field)?.message;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await api<{ message: string }>('/auth/register', { json: { ...form, acceptGuidelines: accepted } });
    setBusy(false);
    if (result.ok) {
      setFailure(null);
      setDone(result.message);
    } else setFailure(result);
  };

  if (done) {
    return (
      <PortalPage title="Check your inbox">
        <SuccessNote>{done}</SuccessNote>
        <p>Open the link in the email and type your password there to confirm the address: that also signs you in. The link is valid for 24 hours.</p>
        <p>
          No email after a few minutes? Check your spam folder, or <Link href="/signin?next=%2Faccount">sign in</Link> and ask for a new link from your account
          page.
        </p>
      </PortalPage>
    );
  }

  return (
    <PortalPage title="Create your account">
      <p>
        Use your <strong>business email address</strong>: addresses of personal or disposable email services are refused, so the API owners know which company
        is asking. You confirm the address from the link we email you. Already registered? <Link href="/signin">Sign in</Link>.
      </p>
      <form onSubmit={submit} noValidate data-testid="signup-form">
        <ErrorNote failure={failure} />
        <Field label="Business email" name="email" type="email" autoComplete="email" value={form.email} onChange={set('email')} error={fieldError('email')} />
        <Field label="Full name" name="fullName" autoComplete="name" value={form.fullName} onChange={set('fullName')} error={fieldError('fullName')} />
        <Field label="Company" name="company" autoComplete="organization" value={form.company} onChange={set('company')} error={fieldError('company')} />
        <Field
          label="Username"
          name="username"
          autoComplete="username"
          value={form.username}
          onChange={set('username')}
          hint="3 to 32 letters, digits, “.”, “_” or “-”."
          error={fieldError('username')}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={set('password')}
          hint="At least 12 characters. A passphrase is easiest."
          error={fieldError('password')}
        />
        <section className="card margin-bottom--md" aria-labelledby="guidelines-title">
          <div className="card__body">
            <h2 id="guidelines-title" style={{ fontSize: '1.1rem' }}>
              Security guidelines
            </h2>
            <ul>
              {GUIDELINES.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <Link href="/guides/security-guidelines">Read the full security guidelines</Link>
          </div>
        </section>
        <label className="margin-bottom--md" style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
          <input type="checkbox" name="acceptGuidelines" checked={accepted} onChange={(event) => setAccepted(event.target.checked)} />
          <span>I have read the security guidelines and my company will apply them.</span>
        </label>
        <button className="button button--primary button--block" type="submit" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create my account'}
        </button>
      </form>
    </PortalPage>
  );
}
