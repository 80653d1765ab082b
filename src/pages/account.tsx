import type React from 'react';
import { useState } from 'react';
import Link from '@docusaurus/Link';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, Field, PortalPage, SuccessNote } from '../portal/components';
import { useApis } from '../portal/use-apis';
import { useMe } from '../portal/use-me';
import MyRequests from '../portal/MyRequests';

export default function AccountPage(): React.JSX.Element {
  const { me, loading } = useMe();
  const apis = useApis();
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [passwords, setPasswords] = useState({ currentPassword: '', newPassword: '' });

  if (loading) return <PortalPage title="My account">Loading…</PortalPage>;
  if (!me) {
    return (
      <PortalPage title="My account">
        <p>
          <a href="/signin?next=%2Faccount">Sign in</a> to see your account.
        </p>
      </PortalPage>
    );
  }
  const show = (result: { ok: boolean; message?: string } | ApiFailure, success: string) => {
    if (result.ok) {
      setFailure(null);
      setNote(success);
    } else setFailure(result as ApiFailure);
  };
  const titleOf = (slug: string) => apis.find((candidate) => candidate.slug === slug);

  return (
    <PortalPage title="My account">
      {note ? <SuccessNote>{note}</SuccessNote> : null}
      <ErrorNote failure={failure} />
      <dl>
        <dt>Name</dt>
        <dd>{me.fullName}</dd>
        <dt>Company</dt>
        <dd>{me.company}</dd>
        <dt>Email</dt>
        <dd data-testid="account-email">
          {me.email} {me.emailVerified ? <span className="badge badge--success">confirmed</span> : <span className="badge badge--warning">not confirmed</span>}
        </dd>
        <dt>Username</dt>
        <dd>{me.username}</dd>
        <dt>Role</dt>
        <dd>{me.role}</dd>
      </dl>
      {!me.emailVerified ? (
        <p>
          Confirm your address to request access to private APIs.{' '}
          <button
            type="button"
            className="button button--sm button--secondary"
            onClick={async () => show(await api('/auth/resend-verification', { method: 'POST' }), `We sent a new link to ${me.email}.`)}
          >
            Send the link again
          </button>
        </p>
      ) : null}
      {me.ownerConfirmationPending.length > 0 ? (
        <div className="alert alert--info margin-bottom--md" role="status" data-testid="owner-confirmation-pending">
          Your address is listed as an owner of {me.ownerConfirmationPending.map((slug) => titleOf(slug)?.title ?? slug).join(', ')}.{' '}
          {me.emailVerified
            ? 'A site administrator confirms that this account is yours before you can read its private documentation and decide requests; you will get an email then.'
            : 'Confirm your address first; a site administrator then confirms that this account is yours.'}
        </div>
      ) : null}
      <h2>Private documentation you can read</h2>
      {me.readableApis.length === 0 ? (
        <p>
          None yet. Open a private API in the <Link href="/">catalog</Link> to ask for access.
        </p>
      ) : (
        <ul data-testid="readable-apis">
          {me.readableApis.map((slug) => (
            <li key={slug}>
              <a href={titleOf(slug)?.docsPath ?? `/private/${slug}/`}>{titleOf(slug)?.title ?? slug}</a>
              {me.ownedApis.includes(slug) ? ' (owner)' : ''}
            </li>
          ))}
        </ul>
      )}
      <h2>My documentation requests</h2>
      <MyRequests />
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
      <h2 className="margin-top--lg">Sessions</h2>
      <button
        type="button"
        className="button button--secondary"
        onClick={async () => {
          await api('/auth/sign-out-everywhere', { method: 'POST' });
          window.location.assign('/signin');
        }}
      >
        Sign out everywhere
      </button>
    </PortalPage>
  );
}
