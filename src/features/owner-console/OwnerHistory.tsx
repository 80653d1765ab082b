import type React from 'react';
import { useEffect, useState } from 'react';
import { api } from '../../portal/api-client';
import { actionWords } from '../../portal/audit-words';
import stacked from '../../portal/stacked-table.module.css';

interface Event {
  id: string;
  action: string;
  actorEmail: string | null;
  apiSlug: string | null;
  reason: string | null;
  createdAt: number;
}

/** The latest 50 events of the owner's APIs (one API when the console is filtered on it), in words, with column headers. */
export function OwnerHistory({ apiSlug, apiTitle }: { apiSlug: string; apiTitle: (slug: string) => string }): React.JSX.Element {
  const [events, setEvents] = useState<Event[]>([]);
  useEffect(() => {
    void api<{ events: Event[] }>(`/owner/audit${apiSlug ? `?api=${encodeURIComponent(apiSlug)}` : ''}`).then((result) => {
      if (result.ok) setEvents(result.events.slice(0, 50));
    });
  }, [apiSlug]);
  return (
    <>
      <h2 className="margin-top--lg">History</h2>
      {events.length === 0 ? (
        <p>Nothing has happened on your APIs yet.</p>
      ) : (
        <table className={stacked.table} data-testid="owner-history">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">API</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id} data-action={event.action}>
                <td data-label="When">{new Date(event.createdAt).toLocaleString()}</td>
                <td data-label="Who">{event.actorEmail ?? 'the portal'}</td>
                <td data-label="What">{actionWords(event.action)}</td>
                <td data-label="API">{event.apiSlug ? apiTitle(event.apiSlug) : '—'}</td>
                <td data-label="Reason">{event.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
