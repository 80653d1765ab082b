import { ACTION_FAMILIES } from '../../portal/audit-words';

/**
 * The audit log's filters as the URL holds them (?section=audit&action=doc_access&actor=…&from=2026-12-01),
 * so a reload or a shared link shows the same selection; and as the API asks for them.
 */
export interface AuditFilters {
  /** An action or the start of one (doc_access, user.role_changed_to_admin). */
  action: string;
  api: string;
  /** Who acted, by email address. */
  actor: string;
  /** Days, YYYY-MM-DD, both included. */
  from: string;
  to: string;
}

const KEYS = ['action', 'api', 'actor', 'from', 'to'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function filtersOf(search: string): AuditFilters {
  const query = new URLSearchParams(search);
  const value = (key: (typeof KEYS)[number]) => (query.get(key) ?? '').slice(0, 254);
  const day = (key: 'from' | 'to') => (DAY.test(value(key)) ? value(key) : '');
  return { action: value('action'), api: value('api'), actor: value('actor'), from: day('from'), to: day('to') };
}

/** The page's query string for the audit section with these filters (empty ones left out). */
export function searchOfFilters(filters: AuditFilters): string {
  const query = new URLSearchParams({ section: 'audit' });
  for (const key of KEYS) if (filters[key].trim()) query.set(key, filters[key].trim());
  return `?${query}`;
}

/** The API's query (GET /api/admin/audit): the days become the reader's local midnight to the end of the last day. */
export function apiQueryOf(filters: AuditFilters): string {
  const query = new URLSearchParams();
  for (const key of ['action', 'api', 'actor'] as const) if (filters[key].trim()) query.set(key, filters[key].trim());
  if (filters.from) query.set('from', String(new Date(`${filters.from}T00:00:00`).getTime()));
  if (filters.to) query.set('to', String(new Date(`${filters.to}T23:59:59.999`).getTime()));
  return query.toString();
}

/** The choices of the action filter: the families in words, and the URL's own action if it is none of them. */
export function actionChoices(current: string): Array<{ value: string; words: string }> {
  const choices = ACTION_FAMILIES.map(([value, words]) => ({ value, words }));
  return current && !choices.some((choice) => choice.value === current) ? [...choices, { value: current, words: current }] : choices;
}
