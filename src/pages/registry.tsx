import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, PortalPage, SuccessNote } from '../portal/components';
import { useMe } from '../portal/use-me';

interface Ca {
  id: string;
  name: string;
  ev: boolean;
  source: string;
  sha256: string | null;
  notAfter: number | null;
  expiresSoon: boolean;
  seeded: boolean;
  createdAt: number;
  dependents: Array<{ id: string; subject: string }>;
}
interface CaRequestRow {
  request: { id: string; name: string; reason: string; status: string; createdAt: number };
  requester: { email: string; fullName: string };
}

/** The platform team's accepted-CA registry: entries, expiry warnings, dependents, add-CA requests. */
export default function RegistryPage(): React.JSX.Element {
  const { me, loading } = useMe();
  const [cas, setCas] = useState<Ca[]>([]);
  const [requests, setRequests] = useState<CaRequestRow[]>([]);
  const [form, setForm] = useState({ name: '', certificate: '', ev: false });
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
      <table data-testid="ca-registry">
        <thead>
          <tr>
            <th>Authority</th>
            <th>Source</th>
            <th>Valid until</th>
            <th>Approved client certificates</th>
            <th>Added</th>
          </tr>
        </thead>
        <tbody>
          {cas.map((ca) => (
            <tr key={ca.id}>
              <td>
                {ca.name} {ca.ev ? <span className="badge badge--success">EV</span> : null}
              </td>
              <td>{ca.source === 'awaiting' ? 'awaiting its certificate' : ca.source}</td>
              <td>
                {ca.notAfter ? new Date(ca.notAfter).toLocaleDateString() : '—'}{' '}
                {ca.expiresSoon ? <span className="badge badge--warning">expires soon</span> : null}
              </td>
              <td>{ca.dependents.length}</td>
              <td>
                {ca.seeded ? 'seeded' : 'by the platform team'} · {new Date(ca.createdAt).toLocaleDateString()}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="margin-top--lg">Requests from API owners</h2>
      {requests.length === 0 ? <p>None.</p> : null}
      <ul>
        {requests.map((row) => (
          <li key={row.request.id}>
            <strong>{row.request.name}</strong> — {row.requester.fullName}: {row.request.reason} — {row.request.status}{' '}
            {row.request.status === 'pending' ? (
              <>
                <button
                  type="button"
                  className="button button--sm button--success"
                  onClick={async () =>
                    window.confirm(`Is "${row.request.name}" an audited EV CA?`) &&
                    report(await api(`/registry/requests/${row.request.id}/decide`, { json: { add: true, ev: true } }), `${row.request.name} is accepted.`)
                  }
                >
                  Add (EV confirmed)
                </button>{' '}
                <button
                  type="button"
                  className="button button--sm button--danger"
                  onClick={async () => {
                    const reason = window.prompt('Why is it declined?');
                    if (reason)
                      await report(
                        await api(`/registry/requests/${row.request.id}/decide`, { json: { add: false, reason } }),
                        `${row.request.name} is declined.`,
                      );
                  }}
                >
                  Decline
                </button>
              </>
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
        <input
          aria-label="CA name"
          placeholder="Name, e.g. 2014-2044 BNPP Root"
          value={form.name}
          onChange={(event) => setForm((current) => ({ ...current, name: event.target.value }))}
          style={{ width: '100%' }}
        />
        <textarea
          aria-label="CA certificate (PEM)"
          placeholder="-----BEGIN CERTIFICATE-----"
          rows={6}
          value={form.certificate}
          onChange={(event) => setForm((current) => ({ ...current, certificate: event.target.value }))}
          style={{ width: '100%', fontFamily: 'monospace' }}
        />
        <label>
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
