import type React from 'react';
import { useEffect, useState } from 'react';
import { actionWords } from '../../portal/audit-words';
import { StackedTable } from '../../portal/StackedTable';
import styles from './admin.module.css';
import { type AuditFilters, actionChoices, apiQueryOf, filtersOf, searchOfFilters } from './audit-filters';
import type { AuditEvent, CatalogApi } from './types';
import { useAdminList } from './use-admin-data';

/** What the table shows of the log; the CSV export has every matching event. */
const SHOWN = 200;

/** The filters kept in the URL: read once the page runs in the browser, written on every change. */
function useUrlFilters(): [AuditFilters | null, (patch: Partial<AuditFilters>) => void] {
  const [filters, setFilters] = useState<AuditFilters | null>(null);
  useEffect(() => setFilters(filtersOf(window.location.search)), []);
  const change = (patch: Partial<AuditFilters>) => {
    const next = { ...(filters ?? filtersOf(window.location.search)), ...patch };
    window.history.replaceState(null, '', `${window.location.pathname}${searchOfFilters(next)}`);
    setFilters(next);
  };
  return [filters, change];
}

/** The audit log for admins: filters in the URL, column headers, actions in words, names instead of ids; a CSV of the same selection. */
export function AuditSection({ apis }: { apis: CatalogApi[] }): React.JSX.Element {
  const [filters, change] = useUrlFilters();
  const query = filters ? apiQueryOf(filters) : '';
  const log = useAdminList<AuditEvent>(filters ? `/admin/audit?${query}` : null, 'events');
  const title = (slug: string) => apis.find((entry) => entry.slug === slug)?.title ?? slug;
  return (
    <>
      <AuditFilterForm filters={filters} change={change} apis={apis} />
      <p className={styles.inline}>
        <a className="button button--sm button--secondary" href={`/api/admin/audit?${query}${query ? '&' : ''}format=csv`} download>
          Export CSV
        </a>
        {log.rows.length > SHOWN ? (
          <small>
            The newest {SHOWN} are shown; the CSV has all {log.rows.length}.
          </small>
        ) : null}
      </p>
      {log.loaded && log.rows.length === 0 ? <p data-testid="audit-empty">No event matches these filters.</p> : null}
      <StackedTable
        testId="audit-table"
        rows={log.rows.slice(0, SHOWN)}
        rowKey={(event) => event.id}
        rowProps={(event) => ({ 'data-action': event.action })}
        columns={[
          { header: 'When', cell: (event) => new Date(event.createdAt).toLocaleString() },
          { header: 'Who', cell: (event) => (event.actorName ? `${event.actorName} (${event.actorEmail})` : (event.actorEmail ?? 'the portal')) },
          { header: 'What', cell: (event) => actionWords(event.action) },
          { header: 'About', cell: (event) => event.targetName ?? '—' },
          { header: 'API', cell: (event) => (event.apiSlug ? title(event.apiSlug) : '—') },
          { header: 'Reason', cell: (event) => event.reason ?? '—' },
        ]}
      />
    </>
  );
}

function AuditFilterForm(props: { filters: AuditFilters | null; change: (patch: Partial<AuditFilters>) => void; apis: CatalogApi[] }): React.JSX.Element {
  const { filters, change } = props;
  return (
    <form className={styles.filters} aria-label="Filter the audit log" onSubmit={(event) => event.preventDefault()}>
      <label>
        Action
        <select name="action" value={filters?.action ?? ''} onChange={(event) => change({ action: event.target.value })}>
          {actionChoices(filters?.action ?? '').map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.value === choice.words ? actionWords(choice.value) : choice.words}
            </option>
          ))}
        </select>
      </label>
      <label>
        Who acted (email)
        <input
          name="actor"
          type="search"
          placeholder="name@company.example"
          value={filters?.actor ?? ''}
          onChange={(event) => change({ actor: event.target.value })}
        />
      </label>
      <label>
        API
        <select name="api" value={filters?.api ?? ''} onChange={(event) => change({ api: event.target.value })}>
          <option value="">every API</option>
          {props.apis.map((entry) => (
            <option key={entry.slug} value={entry.slug}>
              {entry.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input name="from" type="date" value={filters?.from ?? ''} onChange={(event) => change({ from: event.target.value })} />
      </label>
      <label>
        To
        <input name="to" type="date" value={filters?.to ?? ''} onChange={(event) => change({ to: event.target.value })} />
      </label>
    </form>
  );
}
