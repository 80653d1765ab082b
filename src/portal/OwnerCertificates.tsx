import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from './api-client';
import DecisionControls from './DecisionControls';
import { provedSentence } from './ProvePossession';

interface Row {
  certificate: {
    id: string;
    apiSlug: string;
    subject: string;
    issuer: string;
    sha256: string;
    notAfter: number;
    status: string;
    directlyIssued: boolean;
    decisionReason: string | null;
    possessionProvedAt: number | null;
    possessionMethod: 'tls_handshake' | 'signature' | null;
  };
  user: { email: string; fullName: string; company: string };
  identity: {
    subjectOrganization: string | null;
    companyMatchesSubject: boolean | null;
    sharedWithOtherAccounts: boolean;
    otherAccounts: number;
    possessionProved: boolean;
  };
  /** The server's answer (rules/certificate-approval.ts): whether a decision is still open, and why approval is not. */
  decidable: boolean;
  approvalRefused: 'forbidden' | 'own_request' | 'possession_unproven' | null;
}

const APPROVAL_REFUSED: Record<NonNullable<Row['approvalRefused']>, string> = {
  forbidden: 'You do not decide for this API.',
  own_request: 'This is your own certificate: another owner of the API or an administrator approves it.',
  possession_unproven: 'Approval opens once the holder proves the private key (they are shown how on their certificates page).',
};

const STATUS_WORDS: Record<string, string> = {
  awaiting_ca: 'waiting for its CA to be accepted',
  pending: 'waiting for your review',
  approved: 'approved',
  refused: 'refused',
  revoked: 'revoked',
  expired: 'expired',
};

/** Whose certificate this is, as far as the portal can tell: the warnings an owner reads before approving. */
function IdentityNotes({ row }: { row: Row }): React.JSX.Element {
  const { identity } = row;
  return (
    <>
      <br />
      <small>
        Certificate organization: {identity.subjectOrganization ?? 'none named'} · uploader's company: {row.user.company}
      </small>
      {identity.companyMatchesSubject === false ? (
        <div className="text--warning" data-testid="company-mismatch">
          ⚠ The uploader's company is not the organization named in the certificate: confirm by phone that this company really uses it.
        </div>
      ) : null}
      {identity.sharedWithOtherAccounts ? (
        <div className="text--warning" data-testid="shared-fingerprint">
          ⚠ The same certificate was also uploaded by {identity.otherAccounts} other account{identity.otherAccounts === 1 ? '' : 's'}: only the one that proves
          the private key holds it.
        </div>
      ) : null}
      <div data-testid="possession">
        {identity.possessionProved
          ? provedSentence(row.certificate.possessionMethod, row.certificate.possessionProvedAt)
          : 'Waiting for the holder to prove the private key.'}
      </div>
    </>
  );
}

/** Client certificates submitted for the owner's APIs: identity review. */
export default function OwnerCertificates({ onResult }: { onResult: (result: { ok: boolean } | ApiFailure, success: string) => void }): React.JSX.Element {
  const [rows, setRows] = useState<Row[]>([]);
  const [caForm, setCaForm] = useState({ name: '', certificate: '', reason: '' });
  const [cases, setCases] = useState<Array<{ id: string; subject: string; company: string; dueAt: number; handledAt: number | null; overdue: boolean }>>([]);
  const reload = useCallback(async () => {
    const result = await api<{ certificates: Row[] }>('/owner/certificates');
    if (result.ok) setRows(result.certificates);
    const open = await api<{ cases: typeof cases }>('/owner/certificate-cases');
    if (open.ok) setCases(open.cases);
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return (
    <>
      <h2 className="margin-top--lg">Client certificates</h2>
      {rows.length === 0 ? <p>No certificate submitted yet.</p> : null}
      <table data-testid="owner-certificates">
        <tbody>
          {rows.map((row) => (
            <tr key={row.certificate.id} data-subject={row.certificate.subject} data-status={row.certificate.status}>
              <td>
                <strong>{row.certificate.subject}</strong>
                <br />
                <small>
                  issuer {row.certificate.issuer} {row.certificate.directlyIssued ? '(direct)' : '(through an intermediate)'} · SHA-256{' '}
                  {row.certificate.sha256.slice(0, 16)}…
                </small>
              </td>
              <td>
                {row.user.fullName} ({row.user.company})
                <IdentityNotes row={row} />
              </td>
              <td>{row.certificate.apiSlug}</td>
              <td>
                {row.decidable ? (
                  <DecisionControls
                    label={row.certificate.subject}
                    status="pending"
                    decisionReason={null}
                    approveBlocked={row.approvalRefused ? APPROVAL_REFUSED[row.approvalRefused] : undefined}
                    onDecide={async (action, reason) => {
                      onResult(
                        await api(`/owner/certificates/${row.certificate.id}/${action}`, action === 'approve' ? { method: 'POST' } : { json: { reason } }),
                        `Certificate ${action === 'approve' ? 'approved' : 'refused'}.`,
                      );
                      await reload();
                    }}
                  />
                ) : (
                  <>
                    {STATUS_WORDS[row.certificate.status] ?? row.certificate.status}
                    {row.certificate.decisionReason ? `: ${row.certificate.decisionReason}` : ''}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {cases.length > 0 ? (
        <>
          <h3 className="margin-top--md">Reported revocations</h3>
          <ul data-testid="revocation-cases">
            {cases.map((entry) => (
              <li key={entry.id}>
                {entry.subject} ({entry.company}) — due {new Date(entry.dueAt).toLocaleDateString()}{' '}
                {entry.handledAt ? (
                  <span className="badge badge--success">handled</span>
                ) : entry.overdue ? (
                  <span className="badge badge--danger">overdue</span>
                ) : (
                  <span className="badge badge--warning">open</span>
                )}{' '}
                {entry.handledAt ? null : (
                  <button
                    type="button"
                    className="button button--sm button--link"
                    onClick={async () => {
                      onResult(await api(`/owner/certificate-cases/${entry.id}/handled`, { method: 'POST' }), 'The case is closed.');
                      await reload();
                    }}
                  >
                    mark handled
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <details className="margin-top--md">
        <summary>Ask the platform team to add a certification authority</summary>
        <p>
          When a partner's certificate waits for a CA that is not accepted yet, send its CA certificate and why; the platform team checks it is an audited EV
          CA.
        </p>
        <input
          aria-label="CA name"
          placeholder="CA name"
          value={caForm.name}
          onChange={(event) => setCaForm((current) => ({ ...current, name: event.target.value }))}
          style={{ width: '100%' }}
        />
        <textarea
          aria-label="CA certificate (PEM)"
          placeholder="-----BEGIN CERTIFICATE-----"
          rows={5}
          value={caForm.certificate}
          onChange={(event) => setCaForm((current) => ({ ...current, certificate: event.target.value }))}
          style={{ width: '100%', fontFamily: 'monospace' }}
        />
        <input
          aria-label="Why"
          placeholder="Why (which partner needs it)"
          value={caForm.reason}
          onChange={(event) => setCaForm((current) => ({ ...current, reason: event.target.value }))}
          style={{ width: '100%' }}
        />
        <button
          type="button"
          className="button button--sm button--secondary margin-top--sm"
          disabled={!caForm.name || !caForm.certificate || !caForm.reason}
          onClick={async () => onResult(await api('/registry/requests', { json: caForm }), 'The platform team is asked to add this CA.')}
        >
          Send the request
        </button>
      </details>
    </>
  );
}
