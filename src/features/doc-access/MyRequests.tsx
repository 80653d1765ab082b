import type React from 'react';
import { useApis } from '../../portal/use-apis';
import { useMyRequests } from './use-my-requests';

/** A consumer's documentation requests with every step of their history. */
export default function MyRequests(): React.JSX.Element {
  const titles = new Map(useApis().map((entry) => [entry.slug, entry]));
  const requests = useMyRequests(true).requests ?? [];
  if (requests.length === 0) return <p>You have not asked for any private documentation yet.</p>;
  return (
    <ul data-testid="my-requests">
      {requests.map((request) => (
        <li key={request.id}>
          <a href={titles.get(request.apiSlug)?.overviewPath ?? '#'}>{titles.get(request.apiSlug)?.title ?? request.apiSlug}</a>:{' '}
          <strong>{request.status}</strong>
          <ul>
            {request.history.map((event, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a history is append-only: an entry keeps its place
              <li key={index}>
                {new Date(event.createdAt).toLocaleString()} — {event.action.replace('doc_access.', '')}
                {event.reason ? ` — ${event.reason}` : ''}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
