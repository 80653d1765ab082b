import type React from 'react';
import { useState } from 'react';
import { api, type ApiFailure } from '../../portal/api-client';
import { Field } from '../../portal/components';

/** Change the password: the other sessions are signed out (the outcome goes to the page's banner). */
export function PasswordForm({ show }: { show: (result: { ok: boolean } | ApiFailure, success: string) => void }): React.JSX.Element {
  const [passwords, setPasswords] = useState({ currentPassword: '', newPassword: '' });
  return (
    <>
      <h2>Change your password</h2>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          show(await api('/account/password', { json: passwords }), 'Your password is changed; your other sessions are signed out.');
          setPasswords({ currentPassword: '', newPassword: '' });
        }}
      >
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={passwords.currentPassword}
          onChange={(value) => setPasswords((current) => ({ ...current, currentPassword: value }))}
        />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          value={passwords.newPassword}
          onChange={(value) => setPasswords((current) => ({ ...current, newPassword: value }))}
          hint="At least 12 characters."
        />
        <button className="button button--primary" type="submit">
          Change my password
        </button>
      </form>
    </>
  );
}
