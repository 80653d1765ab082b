import type React from 'react';
import styles from './owner-console.module.css';
import type { Review } from './types';
import { accessWords, accountAge, formatDate, kindWords, statusWords } from './words';

/** Who asks: name, company, verified domain, account age, and their earlier requests on your APIs. */
export function RequesterFacts({ review, apiTitle }: { review: Review; apiTitle: (slug: string) => string }): React.JSX.Element {
  const { requester } = review;
  return (
    <section data-testid="review-requester">
      <h3>Requester</h3>
      <dl>
        <dt>Name</dt>
        <dd>{requester.fullName}</dd>
        <dt>Company</dt>
        <dd>{requester.company}</dd>
        <dt>Email</dt>
        <dd>{requester.email}</dd>
        <dt>Domain</dt>
        <dd>
          {requester.emailDomain}{' '}
          {requester.domainVerified ? <span className="badge badge--success">verified</span> : <span className="badge badge--warning">not verified</span>}
        </dd>
        <dt>Account</dt>
        <dd>
          made {formatDate(requester.accountCreatedAt)} ({accountAge(requester.accountCreatedAt, Date.now())})
        </dd>
      </dl>
      <h4 className="margin-top--md">Earlier requests on your APIs</h4>
      {review.earlierRequests.length === 0 ? (
        <p>None: this is their first request on your APIs.</p>
      ) : (
        <ul data-testid="earlier-requests">
          {review.earlierRequests.map((entry) => (
            <li key={`${entry.kind}-${entry.createdAt}-${entry.about ?? ''}`}>
              {formatDate(entry.createdAt)} · {apiTitle(entry.apiSlug)} · {kindWords(entry.kind)}
              {entry.about ? ` (${entry.about})` : ''}: <strong>{statusWords(entry.status)}</strong>
              {entry.decisionReason ? ` — “${entry.decisionReason}”` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function AppFacts({ app, apiTitle }: { app: NonNullable<Review['app']>; apiTitle: (slug: string) => string }): React.JSX.Element {
  return (
    <section data-testid="review-app">
      <h3>App</h3>
      <dl>
        <dt>Name</dt>
        <dd>{app.name}</dd>
        <dt>Description</dt>
        <dd>{app.description || <em>none given</em>}</dd>
        <dt>Business contact</dt>
        <dd>{app.businessContact}</dd>
        <dt>Technical contact</dt>
        <dd>{app.technicalContact}</dd>
      </dl>
      <h4 className="margin-top--md">Its other access to your APIs</h4>
      {app.otherAccess.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {app.otherAccess.map((entry) => (
            <li key={`${entry.apiSlug}-${entry.environment}-${entry.authMethod}`}>
              {apiTitle(entry.apiSlug)} · {accessWords(entry.environment, entry.authMethod)}: {statusWords(entry.status)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const POSSESSION: Record<string, string> = { tls_handshake: 'by a TLS handshake', signature: 'by signing a challenge' };

export function CertificateFacts({ certificate }: { certificate: NonNullable<Review['certificate']> }): React.JSX.Element {
  return (
    <section data-testid="review-certificate">
      <h3>Certificate</h3>
      {certificate.recheck ? (
        <p className="alert alert--warning" role="status">
          Daily check of {formatDate(certificate.recheck.at)}: {certificate.recheck.detail}
        </p>
      ) : null}
      <dl>
        <dt>Subject</dt>
        <dd data-testid="certificate-subject">{certificate.subject}</dd>
        <dt>Issuer</dt>
        <dd data-testid="certificate-issuer">
          {certificate.issuer} {certificate.directlyIssued ? '(issued by the accepted CA itself)' : '(issued under an accepted CA)'}
        </dd>
        <dt>SHA-256</dt>
        <dd className={styles.fingerprint}>{certificate.sha256}</dd>
        <dt>Serial</dt>
        <dd className={styles.fingerprint}>{certificate.serialNumber}</dd>
        <dt>Valid</dt>
        <dd>
          {formatDate(certificate.notBefore)} to {formatDate(certificate.notAfter)}
        </dd>
        <dt>Status</dt>
        <dd>{statusWords(certificate.status)}</dd>
        <dt>Private key</dt>
        <dd data-testid="possession">
          {certificate.possessionProvedAt !== null
            ? `proved ${POSSESSION[certificate.possessionMethod ?? ''] ?? ''} on ${formatDate(certificate.possessionProvedAt)}`
            : 'not proved yet'}
        </dd>
        <dt>Organization</dt>
        <dd>{certificate.subjectOrganization ?? 'none named'}</dd>
      </dl>
      {certificate.companyMatchesSubject === false ? (
        <p className="text--warning" data-testid="company-mismatch">
          ⚠ The requester's company is not the organization named in the certificate: confirm by phone that this company really uses it.
        </p>
      ) : null}
      {certificate.otherAccounts > 0 ? (
        <p className="text--warning" data-testid="shared-fingerprint">
          ⚠ {certificate.otherAccounts} other account{certificate.otherAccounts === 1 ? '' : 's'} uploaded the same certificate: only the one that proves the
          private key holds it.
        </p>
      ) : (
        <p>No other account holds this fingerprint.</p>
      )}
    </section>
  );
}
