import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, PortalPage, SuccessNote } from '../portal/components';
import { useApis } from '../portal/use-apis';
import { useMe } from '../portal/use-me';
import OwnerApiAccess from '../portal/OwnerApiAccess';
import OwnerCertificates from '../portal/OwnerCertificates';
import DecisionControls, { type Decision } from '../portal/DecisionControls';
import { docAccessEndConsequence, type DependentAccess } from '../portal/access-words';

interface Row {
  access: {
    id: string;
    apiSlug: string;
    status: string;
    justification: string | null;
    decisionReason: string | null;
    createdAt: number;
    decidedAt: number | null;
  };
  user: { email: string; fullName: string; company: string };
  dependentApiAccess: DependentAccess[];
}
interface Event {
  id: string;
  action: string;
  actorEmail: string | null;
  apiSlug: string | null;
  reason: string | null;
  createdAt: number;
}

const age = (time: number) => {
  const days = Math.floor((Date.now() - time) / 86_400_000);
  return days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'}`;
};

/** The owner console: queues per API, decisions, history. */
export default function OwnerConsolePage(): React.JSX.Element {
  const { me, loading } = useMe();
  const titles = new Map(useApis().map((entry) => [entry.slug, entry.title]));
  const [filter, setFilter] = useState<{ api: string; status: string }>({ api: '', status: 'pending' });
  const [apis, setApis] = useState<string[]>([]);
  const [rows, setRows] = useState<Row[]>([]);
  const [events, setEvents] = useState<Event[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  useEffect(() => setFilter((current) => ({ ...current, api: new URLSearchParams(window.location.search).get('api') ?? '' })), []);
  const reload = useCallback(async () => {
    const query = new URLSearchParams({ ...(filter.api ? { api: filter.api } : {}), ...(filter.status ? { status: filter.status } : {}) });
    const [list, history] = await Promise.all([
      api<{ apis: string[]; requests: Row[] }>(`/owner/requests?${query}`),
      api<{ events: Event[] }>(`/owner/audit${filter.api ? `?api=${filter.api}` : ''}`),
    ]);
    if (list.ok) {
      setApis(list.apis);
      setRows(list.requests);
    } else setFailure(list);
    if (history.ok) setEvents(history.events.slice(0, 50));
  }, [filter]);
  useEffect(() => {
    if (me) void reload();
  }, [me, reload]);

  const decide = async (row: Row, action: Decision, reason: string) => {
    const result = await api(`/owner/requests/${row.access.id}/${action}`, action === 'approve' ? { method: 'POST' } : { json: { reason: reason.trim() } });
    if (result.ok) {
      setFailure(null);
      setNote(`${row.user.fullName}: ${action === 'approve' ? 'approved' : action === 'refuse' ? 'refused' : 'revoked'}. They are emailed.`);
    } else setFailure(result);
    await reload();
  };

  const report = (result: { ok: boolean } | ApiFailure, success: string) => {
    if (result.ok) {
      setFailure(null);
      setNote(success);
    } else setFailure(result as ApiFailure);
  };

  if (loading) return <PortalPage title="Owner console">Loading…</PortalPage>;
  if (!me)
    return (
      <PortalPage title="Owner console">
        <a href="/signin?next=%2Fowner">Sign in</a> to decide requests on your APIs.
      </PortalPage>
    );

  return (
    <PortalPage title="Owner console" wide>
      {note ? <SuccessNote>{note}</SuccessNote> : null}
      <ErrorNote failure={failure} />
      <div style={{ display: 'flex', gap: 16, marginBottom: 16 }}>
        <label>
          API{' '}
          <select aria-label="API" value={filter.api} onChange={(event) => setFilter((current) => ({ ...current, api: event.target.value }))}>
            <option value="">All my APIs</option>
            {apis.map((slug) => (
              <option key={slug} value={slug}>
                {titles.get(slug) ?? slug}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status{' '}
          <select aria-label="Status" value={filter.status} onChange={(event) => setFilter((current) => ({ ...current, status: event.target.value }))}>
            <option value="pending">Waiting for a decision</option>
            <option value="approved">Approved</option>
            <option value="refused">Refused</option>
            <option value="revoked">Revoked</option>
            <option value="withdrawn">Withdrawn</option>
            <option value="">All</option>
          </select>
        </label>
      </div>
      {rows.length === 0 ? <p>Nothing here.</p> : null}
      <table data-testid="owner-requests">
        <tbody>
          {rows.map((row) => (
            <tr key={row.access.id} data-email={row.user.email} data-api={row.access.apiSlug} data-status={row.access.status}>
              <td>
                <strong>{row.user.fullName}</strong>
                <br />
                {row.user.company} · {row.user.email}
              </td>
              <td>{titles.get(row.access.apiSlug) ?? row.access.apiSlug}</td>
              <td style={{ maxWidth: 360 }}>{row.access.justification}</td>
              <td>waiting {age(row.access.createdAt)}</td>
              <td>
                <DecisionControls
                  label={row.user.email}
                  status={row.access.status}
                  decisionReason={row.access.decisionReason}
                  onDecide={(action, reason) => decide(row, action, reason)}
                  consequence={(action) => docAccessEndConsequence(action, row.dependentApiAccess)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <OwnerApiAccess apiSlug={filter.api} onResult={report} />
      <OwnerCertificates onResult={report} />
      <h2 className="margin-top--lg">History</h2>
      <ul data-testid="owner-history">
        {events.map((event) => (
          <li key={event.id}>
            {new Date(event.createdAt).toLocaleString()} — {event.action.replace('doc_access.', '')} — {titles.get(event.apiSlug ?? '') ?? event.apiSlug} by{' '}
            {event.actorEmail ?? 'system'}
            {event.reason ? ` — ${event.reason}` : ''}
          </li>
        ))}
      </ul>
    </PortalPage>
  );
}
