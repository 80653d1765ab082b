import type React from 'react';
import type { Decision } from './types';
import { decisionSubject, formatDate, recordWords } from './words';
import stacked from '../../portal/stacked-table.module.css';

/** The latest decisions of the API providers on the partner's requests, with their reasons. */
export function Decisions({ decisions, unseen }: { decisions: Decision[]; unseen: ReadonlySet<string> }): React.JSX.Element {
  if (decisions.length === 0) {
    return <p data-testid="decisions-empty">No decisions yet. When the API providers decide on your requests, their decisions and reasons appear here.</p>;
  }
  return (
    <table className={stacked.table} data-testid="decisions">
      <caption className="text--left margin-bottom--sm">The latest decisions on your requests, accesses and certificates, newest first.</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">API</th>
          <th scope="col">About</th>
          <th scope="col">Decision</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {decisions.map((decision) => (
          <tr key={`${decision.subject}-${decision.id}`} data-testid="decision">
            <td data-label="Date">
              {formatDate(decision.decidedAt)} {unseen.has(decision.id) ? <span className="badge badge--danger">New</span> : null}
            </td>
            <td data-label="API">{decision.apiTitle}</td>
            <td data-label="About">{decisionSubject(decision)}</td>
            <td data-label="Decision">{recordWords(decision.status).replace(/^./, (first) => first.toUpperCase())}</td>
            <td data-label="Reason">{decision.reason ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
