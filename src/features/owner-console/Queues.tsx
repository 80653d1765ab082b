import type React from 'react';
import { type Column, StackedTable } from '../../portal/StackedTable';
import { Tabs } from '../../portal/Tabs';
import styles from './owner-console.module.css';
import type { ConsoleQueue, Queue, QueueEntry } from './types';
import { QUEUE_ENTRY_WORDS, QUEUE_TITLES, accessWords, ageWords, formatDate, kindWords, statusWords } from './words';

/** The queues as tabs with their counts, and the chosen queue as a table with headers, oldest first; the certificate cases are the last tab. */
export function Queues(props: {
  queues: Queue[];
  /** The certificate cases' count for its tab, and what its panel shows (CertificateCases). */
  cases: { count: number; panel: React.ReactNode };
  current: ConsoleQueue;
  onQueue: (name: ConsoleQueue) => void;
  selected: string | null;
  onReview: (entry: QueueEntry) => void;
  apiTitle: (slug: string) => string;
  emptyWords: string;
}): React.JSX.Element {
  const queue = props.queues.find((entry) => entry.name === props.current);
  const tabs: Array<{ name: ConsoleQueue; count: number }> = [...props.queues, { name: 'certificate_cases', count: props.cases.count }];
  return (
    <>
      <Tabs
        label="Queues"
        items={tabs.map((entry) => ({
          id: entry.name,
          label: (
            <>
              {QUEUE_TITLES[entry.name]} <span className="badge badge--secondary">{entry.count}</span>
            </>
          ),
        }))}
        current={props.current}
        onSelect={props.onQueue}
        panelId="queue-panel"
        idOf={(name) => `queue-${name}`}
        testIdOf={(name) => `queue-tab-${name}`}
      />
      <div role="tabpanel" id="queue-panel" aria-labelledby={`queue-${props.current}`}>
        {props.current === 'certificate_cases' ? (
          props.cases.panel
        ) : !queue || queue.entries.length === 0 ? (
          <p data-testid="queue-empty">
            No {QUEUE_ENTRY_WORDS[props.current]} {props.emptyWords}.
          </p>
        ) : (
          <QueueTable entries={queue.entries} selected={props.selected} onReview={props.onReview} apiTitle={props.apiTitle} />
        )}
      </div>
    </>
  );
}

function QueueTable(props: {
  entries: QueueEntry[];
  selected: string | null;
  onReview: (entry: QueueEntry) => void;
  apiTitle: (slug: string) => string;
}): React.JSX.Element {
  const columns: Column<QueueEntry>[] = [
    {
      header: 'Requester',
      cell: (entry) => (
        <>
          <strong>{entry.requester.fullName}</strong>
          <br />
          {entry.requester.company}
        </>
      ),
    },
    { header: 'API', cell: (entry) => props.apiTitle(entry.apiSlug) },
    {
      header: 'What',
      cell: (entry) => (
        <>
          {kindWords(entry.kind)}
          {entry.about ? (
            <>
              : <strong>{entry.about}</strong>
            </>
          ) : null}
          {entry.environment ? <div>{accessWords(entry.environment, entry.authMethod)}</div> : null}
        </>
      ),
    },
    { header: 'Status', cell: (entry) => statusWords(entry.status) },
    {
      header: 'Asked',
      cell: (entry) => (
        <>
          {formatDate(entry.createdAt)}
          {entry.waiting ? <div className={entry.ageDays >= 5 ? 'text--danger' : undefined}>waiting {ageWords(entry.ageDays)}</div> : null}
        </>
      ),
    },
    {
      header: 'Review',
      bare: true,
      cell: (entry) => (
        <button
          type="button"
          className="button button--sm button--primary"
          aria-label={`Review ${entry.requester.fullName}'s request`}
          onClick={() => props.onReview(entry)}
        >
          Review
        </button>
      ),
    },
  ];
  return (
    <StackedTable
      testId="owner-queue"
      columns={columns}
      rows={props.entries}
      rowKey={(entry) => entry.id}
      rowProps={(entry) => ({ 'data-id': entry.id, 'data-status': entry.status, className: entry.id === props.selected ? styles.selected : undefined })}
    />
  );
}
