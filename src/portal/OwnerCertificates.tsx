import React, { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from './api-client';
import DecisionControls from './DecisionControls';

interface Row {
  certificate: { id: string; apiSlug: string; subject: string; issuer: string; sha256: string; notAfter: number; status: string; directlyIssued: boolean; decisionReason: string | null };
  user: { email: string; fullName: string; company: string };
}

/** Client certificates submitted for the owner's APIs: identity review. */
export default function OwnerCertificates({ onResult }: { onResult: (result: { ok: boolean } | ApiFailure, success: string) => void }): React.JSX.Element {
  const [rows, setRows] = useState<Row[]>([]);
  const reload = useCallback(async () => {
    const result = await api<{ certificates: Row[] }>('/owner/certificates');
    if (result.ok) setRows(result.certificates);
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
                  issuer {row.certificate.issuer} {row.certificate.directlyIssued ? '(direct)' : '(through an intermediate)'} · SHA-256 {row.certificate.sha256.slice(0, 16)}…
                </small>
              </td>
              <td>
                {row.user.fullName} ({row.user.company})
              </td>
              <td>{row.certificate.apiSlug}</td>
              <td>
                {row.certificate.status === 'pending' ? (
                  <DecisionControls
                    label={row.certificate.subject}
                    status="pending"
                    decisionReason={null}
                    onDecide={async (action, reason) => {
                      onResult(await api(`/owner/certificates/${row.certificate.id}/${action}`, action === 'approve' ? { method: 'POST' } : { json: { reason } }), `Certificate ${action === 'approve' ? 'approved' : 'refused'}.`);
                      await reload();
                    }}
                  />
                ) : (
                  <>
                    {row.certificate.status}
                    {row.certificate.decisionReason ? `: ${row.certificate.decisionReason}` : ''}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
