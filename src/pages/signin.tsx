import type React from 'react';
import { useState } from 'react';
import Link from '@docusaurus/Link';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, Field, PortalPage, useQueryParam } from '../portal/components';
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
