import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from './api-client';
import DecisionControls, { type Decision } from './DecisionControls';
import ReviewChecklist from './ReviewChecklist';

interface Row {
  access: {
    id: string;
    apiSlug: string;
    environment: string;
    authMethod: string;
    status: string;
    decisionReason: string | null;
    createdAt: number;
    review?: { callBackRecordedBy?: string } | null;
  };
  app: { id: string; name: string; technicalContact: string };
  user: { email: string; fullName: string; company: string };
  /** Why the server's policy refuses this reader's approval; null when it allows it (the checklist is checked on approval). */
  approvalRefused: 'forbidden' | 'own_request' | 'second_person' | null;
}

/** What the owner reads instead of the Approve button, by the policy's reason. */
const APPROVAL_REFUSED: Record<NonNullable<Row['approvalRefused']>, string> = {
  // Production needs two people: the owner who recorded the call-back does not approve too.
  second_person: 'You recorded the call-back: another owner or an administrator approves.',
  own_request: 'This is your own app: another owner or an administrator decides.',
  forbidden: 'You do not decide for this API.',
};

/** The owner console's second queue: which apps have, or ask for, access to the owner's APIs. */
export default function OwnerApiAccess({
  apiSlug,
  onResult,
}: {
  apiSlug: string;
  onResult: (result: { ok: boolean } | ApiFailure, success: string) => void;
}): React.JSX.Element {
  const [rows, setRows] = useState<Row[]>([]);
  const reload = useCallback(async () => {
    const result = await api<{ access: Row[] }>(`/owner/api-access${apiSlug ? `?api=${apiSlug}` : ''}`);
    if (result.ok) setRows(result.access);
  }, [apiSlug]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const decide = async (row: Row, action: Decision, reason: string) => {
    const done = { approve: 'approved', resume: 'resumed', refuse: 'refused', revoke: 'revoked' }[action];
    onResult(
      await api(
        `/owner/api-access/${row.access.id}/${action}`,
        action === 'approve' || action === 'resume' ? { method: 'POST' } : { json: { reason: reason.trim() } },
      ),
      `${row.app.name}: ${done}. The consumer is emailed.`,
    );
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
                {row.access.authMethod === 'mtls' && row.access.status === 'pending' ? (
                  <ReviewChecklist
                    accessId={row.access.id}
                    environment={row.access.environment}
                    onSaved={(verdict) => {
                      onResult({ ok: true }, verdict.canApprove ? 'The review is saved: every mandatory item is complete.' : 'The review is saved.');
                      void reload();
                    }}
                  />
                ) : null}
                <DecisionControls
                  label={row.app.name}
                  status={row.access.status}
                  decisionReason={row.access.decisionReason}
                  approveBlocked={row.approvalRefused ? APPROVAL_REFUSED[row.approvalRefused] : undefined}
                  canResume
                  onDecide={(action, reason) => decide(row, action, reason)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
