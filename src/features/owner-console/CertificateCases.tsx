import type React from 'react';
import { type Column, StackedTable } from '../../portal/StackedTable';
import type { CertificateCase } from './types';
import { CASE_KIND_WORDS, QUEUE_ENTRY_WORDS, ageWords, dueWords, formatDate, statusWords } from './words';

/**
 * The certificate cases of the owner's APIs (GET /api/owner/certificate-cases), earliest due
 * first: what each is, its due date and how far it is from it, in words. Only a reported
 * revocation is closed by hand; a change closes with its decision, an expiring certificate with
 * its announced renewal.
 */
export function CertificateCases(props: {
  cases: CertificateCase[];
  apiTitle: (slug: string) => string;
  now: number;
  emptyWords: string;
  onHandled: (entry: CertificateCase) => void;
}): React.JSX.Element {
  if (props.cases.length === 0)
    return (
      <p data-testid="queue-empty">
        No {QUEUE_ENTRY_WORDS.certificate_cases} {props.emptyWords}.
      </p>
    );
  const columns: Column<CertificateCase>[] = [
    {
      header: 'Certificate',
      cell: (entry) => (
        <>
          <strong>{entry.subject}</strong>
          <br />
          {entry.holder.fullName} ({entry.holder.company}) · {statusWords(entry.status)}
        </>
      ),
    },
    { header: 'API', cell: (entry) => props.apiTitle(entry.apiSlug) },
    {
      header: 'Case',
      cell: (entry) => (
        <>
          <strong>{CASE_KIND_WORDS[entry.kind]}</strong>
          <div>{entry.detail}</div>
        </>
      ),
    },
    {
      header: 'Due',
      cell: (entry) => (
        <>
          {formatDate(entry.dueAt)}
          <div className={entry.overdue ? 'text--danger text--bold' : undefined}>{dueWords(entry, props.now)}</div>
        </>
      ),
    },
    { header: 'Opened', cell: (entry) => (entry.ageDays === 0 ? 'today' : `${ageWords(entry.ageDays)} ago`) },
    {
      header: 'Action',
      bare: true,
      cell: (entry) =>
        entry.kind === 'revocation' && entry.open ? (
          <button
            type="button"
            className="button button--sm button--secondary"
            aria-label={`Mark the reported revocation of ${entry.subject} handled`}
            onClick={() => props.onHandled(entry)}
          >
            Mark handled
          </button>
        ) : null,
    },
  ];
  return (
    <StackedTable
      testId="certificate-cases"
      columns={columns}
      rows={props.cases}
      rowKey={(entry) => `${entry.kind}:${entry.id}`}
      rowProps={(entry) => ({ 'data-id': entry.id, 'data-kind': entry.kind, 'data-overdue': String(entry.overdue) })}
    />
  );
}
