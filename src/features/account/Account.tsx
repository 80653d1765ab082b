import type React from 'react';
import { useState } from 'react';
import Link from '@docusaurus/Link';
import { api, type ApiFailure, type Me } from '../../portal/api-client';
import { ErrorNote, SuccessNote } from '../../portal/components';
import { useApis } from '../../portal/use-apis';
import MyRequests from '../doc-access/MyRequests';
import { PasswordForm } from './PasswordForm';

type Show = (result: { ok: boolean; message?: string } | ApiFailure, success: string) => void;

/** Who the reader is, as /api/me says; an unconfirmed address can ask for its link again. */
function Identity({ me, show }: { me: Me; show: Show }): React.JSX.Element {
  return (
    <>
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
    </>
  );
}

/** My account: identity, owner confirmation, readable private docs, documentation requests, password and sessions. */
export function Account({ me }: { me: Me }): React.JSX.Element {
  const apis = useApis();
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const show: Show = (result, success) => {
    if (result.ok) {
      setFailure(null);
      setNote(success);
    } else setFailure(result as ApiFailure);
  };
  const titleOf = (slug: string) => apis.find((candidate) => candidate.slug === slug);

  return (
    <>
      {note ? <SuccessNote>{note}</SuccessNote> : null}
      <ErrorNote failure={failure} />
      <Identity me={me} show={show} />
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
      <PasswordForm show={show} />
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
    </>
  );
}
