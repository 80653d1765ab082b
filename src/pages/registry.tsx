import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, PortalPage, SuccessNote } from '../portal/components';
import { useMe } from '../portal/use-me';
import { CaRequestDecision } from '../features/ca-registry/CaRequestDecision';
import { type Dependent, RetireCa } from '../features/ca-registry/RetireCa';
import stacked from '../portal/stacked-table.module.css';
import { stateBadge } from '../features/ca-registry/words';

interface Ca {
  id: string;
  name: string;
  ev: boolean;
  source: string;
  sha256: string | null;
  notAfter: number | null;
  state: string;
  stateWords: string;
  retiredReason: string | null;
  seeded: boolean;
  createdAt: number;
  dependents: Dependent[];
}
interface CaRequestRow {
  request: { id: string; name: string; reason: string; status: string; createdAt: number };
  requester: { email: string; fullName: string };
}

/** The platform team's accepted-CA registry: each CA's state from today's date, what depends on it, retirement, add-CA requests decided in the page. */
export default function RegistryPage(): React.JSX.Element {
  const { me, loading } = useMe();
  const [cas, setCas] = useState<Ca[]>([]);
  const [requests, setRequests] = useState<CaRequestRow[]>([]);
  const [form, setForm] = useState({ name: '', certificate: '', ev: false });
  const [retiring, setRetiring] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const reload = useCallback(async () => {
    const [registry, pending] = await Promise.all([api<{ cas: Ca[] }>('/registry/cas'), api<{ requests: CaRequestRow[] }>('/registry/requests')]);
    if (registry.ok) setCas(registry.cas);
    else setFailure(registry);
    if (pending.ok) setRequests(pending.requests);
  }, []);
  useEffect(() => {
    if (me) void reload();
  }, [me, reload]);
  const report = async (result: { ok: boolean } | ApiFailure, success: string) => {
    if (result.ok) {
      setFailure(null);
      setNote(success);
    } else setFailure(result as ApiFailure);
    await reload();
  };
  if (loading) return <PortalPage title="Accepted certification authorities">Loading…</PortalPage>;
  if (!me?.permissions.manageCaRegistry) return <PortalPage title="Accepted certification authorities">This page is for the platform team.</PortalPage>;
  return (
    <PortalPage title="Accepted certification authorities" wide>
      {note ? <SuccessNote>{note}</SuccessNote> : null}
      <ErrorNote failure={failure} />
      <table data-testid="ca-registry" className={stacked.table}>
        <thead>
          <tr>
            <th scope="col">Authority</th>
            <th scope="col">State</th>
            <th scope="col">Valid until</th>
            <th scope="col">Approved client certificates</th>
            <th scope="col">Added</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {cas.map((ca) => (
            <tr key={ca.id} data-name={ca.name} data-state={ca.state}>
              <td data-label="Authority">
                {ca.name} {ca.ev ? <span className="badge badge--success">EV</span> : null}
              </td>
              <td data-label="State">
                <span className={stateBadge(ca.state)}>{ca.stateWords}</span>
                {ca.retiredReason ? <div>“{ca.retiredReason}”</div> : null}
              </td>
              <td data-label="Valid until" style={{ whiteSpace: 'nowrap' }}>
                {ca.notAfter ? new Date(ca.notAfter).toLocaleDateString() : '—'}
              </td>
              <td data-label="Approved client certificates">{ca.dependents.length}</td>
              <td data-label="Added">
                {ca.seeded ? 'seeded' : 'by the platform team'} · {new Date(ca.createdAt).toLocaleDateString()}
              </td>
              <td>
                {ca.state === 'retired' ? null : retiring === ca.name ? (
                  <RetireCa
                    name={ca.name}
                    dependents={ca.dependents}
                    onCancel={() => setRetiring(null)}
                    onRetire={async (reason) => {
                      setRetiring(null);
                      await report(await api('/registry/cas/retire', { json: { name: ca.name, reason } }), `${ca.name} is retired.`);
                    }}
                  />
                ) : (
                  <button type="button" className="button button--sm button--outline button--danger" onClick={() => setRetiring(ca.name)}>
                    Retire…
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="margin-top--lg">Requests to add a CA</h2>
      <p>From API owners, and from partners whose certificate waits for its CA.</p>
      {requests.length === 0 ? <p>None.</p> : null}
      <ul data-testid="ca-requests">
        {requests.map((row) => (
          <li key={row.request.id} data-status={row.request.status}>
            <strong>{row.request.name}</strong> — asked by {row.requester.fullName} ({row.requester.email}) on{' '}
            {new Date(row.request.createdAt).toLocaleDateString()}: {row.request.reason} — <em>{row.request.status}</em>
            {row.request.status === 'pending' ? (
              <CaRequestDecision
                name={row.request.name}
                onAdd={async () =>
                  report(await api(`/registry/requests/${row.request.id}/decide`, { json: { add: true, ev: true } }), `${row.request.name} is accepted.`)
                }
                onDecline={async (reason) =>
                  report(await api(`/registry/requests/${row.request.id}/decide`, { json: { add: false, reason } }), `${row.request.name} is declined.`)
                }
              />
            ) : null}
          </li>
        ))}
      </ul>
      <h2 className="margin-top--lg">Add a CA, or give an awaiting entry its certificate</h2>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          await report(await api('/registry/cas', { method: 'PUT', json: form }), `${form.name} is accepted.`);
        }}
      >
        <label htmlFor="ca-name" style={{ display: 'block', fontWeight: 600, marginBottom: 4 }}>
          CA name
        </label>
        <input
          id="ca-name"
          placeholder="e.g. 2014-2044 BNPP Root"
          value={form.name}
          onChange={(event) => setForm((current) => ({ ...current, name: event.target.value }))}
          style={{ width: '100%', padding: '0.4rem 0.5rem', borderRadius: 6, marginBottom: '0.75rem' }}
        />
        <label htmlFor="ca-certificate" style={{ display: 'block', fontWeight: 600, marginBottom: 4 }}>
          CA certificate (PEM)
        </label>
        <textarea
          id="ca-certificate"
          placeholder="-----BEGIN CERTIFICATE-----"
          rows={6}
          value={form.certificate}
          onChange={(event) => setForm((current) => ({ ...current, certificate: event.target.value }))}
          style={{ width: '100%', fontFamily: 'monospace', borderRadius: 6 }}
        />
        <label style={{ display: 'block', margin: '0.5rem 0' }}>
          <input type="checkbox" checked={form.ev} onChange={(event) => setForm((current) => ({ ...current, ev: event.target.checked }))} /> I checked that it
          is an audited EV certification authority
        </label>{' '}
        <button className="button button--primary" type="submit" disabled={!form.name || !form.certificate}>
          Save
        </button>
      </form>
    </PortalPage>
  );
}
