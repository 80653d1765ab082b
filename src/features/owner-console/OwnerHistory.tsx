import type React from 'react';
import { useEffect, useState } from 'react';
import { api } from '../../portal/api-client';
import { actionWords } from '../../portal/audit-words';
import { StackedTable } from '../../portal/StackedTable';

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
        <StackedTable
          testId="owner-history"
          rows={events}
          rowKey={(event) => event.id}
          rowProps={(event) => ({ 'data-action': event.action })}
          columns={[
            { header: 'When', cell: (event) => new Date(event.createdAt).toLocaleString() },
            { header: 'Who', cell: (event) => event.actorEmail ?? 'the portal' },
            { header: 'What', cell: (event) => actionWords(event.action) },
            { header: 'API', cell: (event) => (event.apiSlug ? apiTitle(event.apiSlug) : '—') },
            { header: 'Reason', cell: (event) => event.reason ?? '—' },
          ]}
        />
      )}
    </>
  );
}
