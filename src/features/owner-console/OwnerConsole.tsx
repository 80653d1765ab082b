import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from '../../portal/api-client';
import { CertificateCases } from './CertificateCases';
import styles from './owner-console.module.css';
import { Queues } from './Queues';
import { ReviewPanel } from './ReviewPanel';
import type { CertificateCase, ConsoleQueue, Queue, QueueState } from './types';
import { QUEUE_TITLES, STATE_WORDS } from './words';

const STATES = Object.keys(STATE_WORDS) as QueueState[];
const NAMES = Object.keys(QUEUE_TITLES) as ConsoleQueue[];

/** What the URL holds (filters, queue, open review), so a digest link or a reload lands on the same view. */
interface View {
  api: string;
  state: QueueState;
  queue: ConsoleQueue | null;
  review: string | null;
}

function readView(): View {
  const query = new URLSearchParams(window.location.search);
  const state = query.get('state') as QueueState | null;
  const queue = query.get('queue') as ConsoleQueue | null;
  return {
    api: query.get('api') ?? '',
    state: state && STATES.includes(state) ? state : 'waiting',
    queue: queue && NAMES.includes(queue) ? queue : null,
    review: query.get('review'),
  };
}

function writeView(view: View): void {
  const query = new URLSearchParams();
  if (view.api) query.set('api', view.api);
  if (view.state !== 'waiting') query.set('state', view.state);
  if (view.queue) query.set('queue', view.queue);
  if (view.review) query.set('review', view.review);
  const search = query.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}`);
}

/** The queues (one filter for all of them) and the review panel of the request being decided. */
export function OwnerConsole(props: {
  apis: string[];
  apiTitle: (slug: string) => string;
  onResult: (result: { ok: boolean } | ApiFailure, success: string) => void;
  onApi: (slug: string) => void;
}): React.JSX.Element {
  const [view, setView] = useState<View | null>(null);
  const [queues, setQueues] = useState<Queue[]>([]);
  const [cases, setCases] = useState<CertificateCase[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const { onApi } = props;
  useEffect(() => {
    const initial = readView();
    setView(initial);
    onApi(initial.api);
  }, [onApi]);
  const change = (patch: Partial<View>) => {
    const next = { ...(view ?? readView()), ...patch };
    writeView(next);
    setView(next);
    if (patch.api !== undefined) onApi(patch.api);
  };

  // The queues depend on the filter only: choosing a queue or a request does not ask again.
  const filterApi = view?.api;
  const filterState = view?.state;
  const reload = useCallback(async () => {
    if (filterState === undefined) return;
    const query = new URLSearchParams({ state: filterState, ...(filterApi ? { api: filterApi } : {}) });
    const [result, open] = await Promise.all([
      api<{ queues: Queue[] }>(`/owner/queues?${query}`),
      api<{ cases: CertificateCase[] }>(`/owner/certificate-cases?${query}`),
    ]);
    if (result.ok && open.ok) {
      setQueues(result.queues);
      setCases(open.cases);
      setFailure(null);
    } else setFailure(result.ok ? (open.ok ? null : open.message) : result.message);
  }, [filterApi, filterState]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (!view) return <p>Loading…</p>;
  // With no queue chosen, the first that holds something opens (the documentation queue is not always where the work is).
  const current = view.queue ?? queues.find((queue) => queue.count > 0)?.name ?? (cases.length > 0 ? 'certificate_cases' : 'documentation');
  const emptyWords = view.state === 'waiting' ? 'is waiting' : view.state === 'decided' ? 'was decided yet' : 'yet';
  return (
    <>
      {failure ? (
        <p className="text--danger" role="alert">
          {failure}
        </p>
      ) : null}
      <div className={styles.filters}>
        <label>
          API
          <select aria-label="API" value={view.api} onChange={(event) => change({ api: event.target.value, review: null })}>
            <option value="">All my APIs</option>
            {props.apis.map((slug) => (
              <option key={slug} value={slug}>
                {props.apiTitle(slug)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Requests
          <select aria-label="Status" value={view.state} onChange={(event) => change({ state: event.target.value as QueueState, review: null })}>
            {STATES.map((state) => (
              <option key={state} value={state}>
                {STATE_WORDS[state]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Queues
        queues={queues}
        cases={{
          count: cases.length,
          panel: (
            <CertificateCases
              cases={cases}
              apiTitle={props.apiTitle}
              now={Date.now()}
              emptyWords={view.state === 'waiting' ? 'is open' : view.state === 'decided' ? 'was handled yet' : 'yet'}
              onHandled={async (entry) => {
                props.onResult(await api(`/owner/certificate-cases/${entry.id}/handled`, { method: 'POST' }), 'The case is closed.');
                void reload();
              }}
            />
          ),
        }}
        current={current}
        onQueue={(queue) => change({ queue, review: null })}
        selected={view.review}
        onReview={(entry) => change({ review: entry.id })}
        apiTitle={props.apiTitle}
        emptyWords={emptyWords}
      />
      {view.review ? (
        <ReviewPanel
          key={view.review}
          id={view.review}
          apiTitle={props.apiTitle}
          onClose={() => change({ review: null })}
          onDecided={(result, success) => {
            props.onResult(result, success);
            void reload();
          }}
        />
      ) : null}
    </>
  );
}
