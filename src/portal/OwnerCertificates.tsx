import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from './api-client';

/**
 * Beside the queues: the reported revocations of the owner's APIs (5 working days each) and the
 * request that the platform team accept a CA. The certificates themselves are reviewed in the
 * console's queues (src/features/owner-console).
 */
export default function OwnerCertificates({ onResult }: { onResult: (result: { ok: boolean } | ApiFailure, success: string) => void }): React.JSX.Element {
  const [caForm, setCaForm] = useState({ name: '', certificate: '', reason: '' });
  const [cases, setCases] = useState<Array<{ id: string; subject: string; company: string; dueAt: number; handledAt: number | null; overdue: boolean }>>([]);
  const reload = useCallback(async () => {
    const open = await api<{ cases: typeof cases }>('/owner/certificate-cases');
    if (open.ok) setCases(open.cases);
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return (
    <>
      {cases.length > 0 ? (
        <>
          <h2 className="margin-top--lg">Reported revocations</h2>
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
