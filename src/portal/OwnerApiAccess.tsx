import React, { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from './api-client';

interface Row {
  access: { id: string; apiSlug: string; environment: string; authMethod: string; status: string; decisionReason: string | null; createdAt: number };
  app: { id: string; name: string; technicalContact: string };
  user: { email: string; fullName: string; company: string };
}

/** The owner console's second queue: which apps have, or ask for, access to the owner's APIs. */
export default function OwnerApiAccess({ apiSlug, onResult }: { apiSlug: string; onResult: (result: { ok: boolean } | ApiFailure, success: string) => void }): React.JSX.Element {
  const [rows, setRows] = useState<Row[]>([]);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const reload = useCallback(async () => {
    const result = await api<{ access: Row[] }>(`/owner/api-access${apiSlug ? `?api=${apiSlug}` : ''}`);
    if (result.ok) setRows(result.access);
  }, [apiSlug]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const decide = async (row: Row, action: 'approve' | 'refuse' | 'revoke') => {
    const reason = reasons[row.access.id]?.trim();
    onResult(await api(`/owner/api-access/${row.access.id}/${action}`, action === 'approve' ? { method: 'POST' } : { json: { reason } }), `${row.app.name}: ${action === 'approve' ? 'approved' : action === 'refuse' ? 'refused' : 'revoked'}. The consumer is emailed.`);
    await reload();
  };
  return (
    <>
      <h2 className="margin-top--lg">Apps and API access</h2>
      {rows.length === 0 ? <p>No app has asked for access yet.</p> : null}
      <table data-testid="owner-api-access">
        <tbody>
          {rows.map((row) => (
            <tr key={row.access.id} data-app={row.app.name} data-status={row.access.status}>
              <td>
                <strong>{row.app.name}</strong> <code>{row.app.id}</code>
                <br />
                {row.user.fullName} ({row.user.company})
              </td>
              <td>
                {row.access.apiSlug} · {row.access.environment} · {row.access.authMethod === 'mtls' ? 'mTLS' : 'client id/secret'}
              </td>
              <td>{row.access.status}</td>
              <td>
                {['pending', 'approved', 'suspended'].includes(row.access.status) ? (
                  <>
                    <input aria-label={`Reason for ${row.app.name}`} placeholder="Reason (sent to them)" value={reasons[row.access.id] ?? ''} onChange={(event) => setReasons((current) => ({ ...current, [row.access.id]: event.target.value }))} />{' '}
                    {row.access.status === 'pending' ? (
                      <>
                        <button type="button" className="button button--sm button--success" onClick={() => decide(row, 'approve')}>
                          Approve
                        </button>{' '}
                        <button type="button" className="button button--sm button--danger" disabled={!reasons[row.access.id]?.trim()} onClick={() => decide(row, 'refuse')}>
                          Refuse
                        </button>
                      </>
                    ) : (
                      <button type="button" className="button button--sm button--danger" disabled={!reasons[row.access.id]?.trim()} onClick={() => decide(row, 'revoke')}>
                        Revoke
                      </button>
                    )}
                  </>
                ) : (
                  row.access.decisionReason
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
