import type React from 'react';
import { useState } from 'react';
import Link from '@docusaurus/Link';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, Field, SuccessNote, useQueryParam } from '../portal/components';
import { PortalPage } from '../portal/PortalPage';

export default function ResetPasswordPage(): React.JSX.Element {
  const token = useQueryParam('token');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const result = token
      ? await api<{ message: string }>('/auth/password-reset/confirm', { json: { token, password } })
      : await api<{ message: string }>('/auth/password-reset/request', { json: { email } });
    if (result.ok) {
      setFailure(null);
      setDone(result.message ?? 'Done.');
    } else setFailure(result);
  };

  return (
    <PortalPage title={token ? 'Choose a new password' : 'Reset your password'}>
      {done ? (
        <>
          <SuccessNote>{done}</SuccessNote>
          <Link href="/signin">Sign in</Link>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <ErrorNote failure={failure} />
          {token ? (
            <Field
              label="New password"
              name="password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={setPassword}
              hint="At least 12 characters."
            />
          ) : (
            <Field label="Your account's email" name="email" type="email" autoComplete="email" value={email} onChange={setEmail} />
          )}
          <button className="button button--primary button--block" type="submit">
            {token ? 'Save my new password' : 'Email me a reset link'}
          </button>
        </form>
      )}
    </PortalPage>
  );
}
