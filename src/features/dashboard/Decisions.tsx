import type React from 'react';
import type { Decision } from './types';
import { decisionSubject, formatDate, recordWords } from './words';
import { StackedTable } from '../../portal/StackedTable';

/** The latest decisions of the API providers on the partner's requests, with their reasons. */
export function Decisions({ decisions, unseen }: { decisions: Decision[]; unseen: ReadonlySet<string> }): React.JSX.Element {
  if (decisions.length === 0) {
    return <p data-testid="decisions-empty">No decisions yet. When the API providers decide on your requests, their decisions and reasons appear here.</p>;
  }
  return (
    <StackedTable
      testId="decisions"
      caption="The latest decisions on your requests, accesses and certificates, newest first."
      rows={decisions}
      rowKey={(decision) => `${decision.subject}-${decision.id}`}
      rowProps={() => ({ 'data-testid': 'decision' })}
      columns={[
        {
          header: 'Date',
          cell: (decision) => (
            <>
              {formatDate(decision.decidedAt)} {unseen.has(decision.id) ? <span className="badge badge--danger">New</span> : null}
            </>
          ),
        },
        { header: 'API', cell: (decision) => decision.apiTitle },
        { header: 'About', cell: (decision) => decisionSubject(decision) },
        { header: 'Decision', cell: (decision) => recordWords(decision.status).replace(/^./, (first) => first.toUpperCase()) },
        { header: 'Reason', cell: (decision) => decision.reason ?? '—' },
      ]}
    />
  );
}
