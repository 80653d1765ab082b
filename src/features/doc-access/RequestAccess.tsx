import type React from 'react';
import { useState } from 'react';
import { api, type ApiFailure } from '../../portal/api-client';
import DownloadLinks from '../../portal/DownloadLinks';
import { useMe } from '../../portal/use-me';
import { useMyRequests } from './use-my-requests';

const day = (time: number) => new Date(time).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });

/** The Overview page's access box of a private API: the reader's state and what they can do next. */
export default function RequestAccess({ slug, title, docsPath }: { slug: string; title: string; docsPath: string }): React.JSX.Element {
  const { me, loading } = useMe();
  const { requests, reload } = useMyRequests(Boolean(me));
  const latest = requests === undefined ? undefined : (requests.find((request) => request.apiSlug === slug) ?? null);
  const [justification, setJustification] = useState('');
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  const openDocs = (
    <a className="button button--primary" href={docsPath}>
      Open the documentation
    </a>
  );
  if (loading) return <p aria-busy="true">…</p>;
  if (!me) {
    const next = encodeURIComponent(`/catalog/${slug}`);
    return (
      <p data-testid="request-access-signed-out">
        <a className="button button--primary" href={`/signin?next=${next}`}>
          Sign in to request access
        </a>{' '}
        <a className="button button--secondary" href="/signup">
          Register
        </a>
      </p>
    );
  }
  if (me.decidableApis.includes(slug)) {
    return (
      <>
        <p>
          You {me.ownedApis.includes(slug) ? 'own this API' : 'administer this portal'}. {openDocs}{' '}
          <a className="button button--secondary" href={`/owner?api=${slug}`}>
            Owner console
          </a>
        </p>
        <DownloadLinks slug={slug} />
      </>
    );
  }
  if (latest === undefined) return <p aria-busy="true">…</p>;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const result = await api('/doc-access/requests', { json: { apiSlug: slug, justification } });
    if (!result.ok) return setFailure(result);
    setFailure(null);
    setJustification('');
    await reload();
  };
  const withdraw = async () => {
    if (latest) await api(`/doc-access/requests/${latest.id}/withdraw`, { method: 'POST' });
    await reload();
  };

  return (
    <div data-testid="request-access" data-state={latest?.status ?? 'none'}>
      {latest?.status === 'approved' ? (
        <p>
          Your access was approved on {day(latest.decidedAt ?? latest.createdAt)}. {openDocs}
        </p>
      ) : null}
      {me.readableApis.includes(slug) ? <DownloadLinks slug={slug} /> : null}
      {latest?.status === 'pending' ? (
        <p>
          Your request is <strong>waiting for the API owners</strong> since {day(latest.createdAt)}. You will be emailed their decision.{' '}
          {latest.canWithdraw ? (
            <button type="button" className="button button--sm button--secondary" onClick={withdraw}>
              Withdraw my request
            </button>
          ) : null}
        </p>
      ) : null}
      {latest?.status === 'refused' || latest?.status === 'revoked' ? (
        <p className="alert alert--warning">
          Your {latest.status === 'refused' ? 'request was refused' : 'access was revoked'} on {day(latest.decidedAt ?? latest.createdAt)}. Reason:{' '}
          {latest.decisionReason}
        </p>
      ) : null}
      {!me.emailVerified ? <p>Confirm your email address (follow the link we sent you) to request access.</p> : null}
      {me.permissions.requestDocAccess && (!latest || latest.canAskAgain) ? (
        <form onSubmit={submit} id="request-access">
          {failure ? (
            <div className="alert alert--danger margin-bottom--sm" role="alert">
              {failure.message}
            </div>
          ) : null}
          <label htmlFor="justification" style={{ fontWeight: 600 }}>
            What do you want to build with {title}, and for which company?
          </label>
          <textarea
            id="justification"
            name="justification"
            rows={3}
            maxLength={1000}
            value={justification}
            onChange={(event) => setJustification(event.target.value)}
            style={{ width: '100%', margin: '0.4rem 0' }}
          />
          <button className="button button--primary" type="submit" disabled={justification.trim().length < 10}>
            Request access
          </button>
        </form>
      ) : null}
    </div>
  );
}
