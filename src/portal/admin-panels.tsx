import type React from 'react';
import { useEffect, useState } from 'react';
import { actionWords } from './audit-words';
import { api, type ApiFailure } from './api-client';
import { StackedTable } from './StackedTable';

export interface AccessRow {
  access: { id: string; apiSlug: string; status: string; decisionReason: string | null; createdAt: number; decidedAt: number | null };
  user: { id: string; email: string; fullName: string; company: string };
}

export function AccessTable({ rows, onRevoke }: { rows: AccessRow[]; onRevoke: (row: AccessRow, reason: string) => Promise<void> }): React.JSX.Element {
  const [reasons, setReasons] = useState<Record<string, string>>({});
  return (
    <>
      <h2 className="margin-top--lg">Documentation access</h2>
      {rows.length === 0 ? <p>No access granted yet.</p> : null}
      <table data-testid="access-table">
        <tbody>
          {rows.map((row) => (
            <tr key={row.access.id} data-api={row.access.apiSlug} data-email={row.user.email}>
              <td>{row.user.fullName}</td>
              <td>{row.user.email}</td>
              <td>{row.access.apiSlug}</td>
              <td>{row.access.status}</td>
              <td>
                {row.access.status === 'approved' ? (
                  <>
                    <input
                      aria-label={`Reason to revoke ${row.user.email} on ${row.access.apiSlug}`}
                      placeholder="Reason (sent to the reader)"
                      value={reasons[row.access.id] ?? ''}
                      onChange={(event) => setReasons((current) => ({ ...current, [row.access.id]: event.target.value }))}
                    />{' '}
                    <button
                      type="button"
                      className="button button--sm button--danger"
                      disabled={!reasons[row.access.id]?.trim()}
                      onClick={() => onRevoke(row, reasons[row.access.id] ?? '')}
                    >
                      Revoke
                    </button>
                  </>
                ) : (
                  row.access.decisionReason
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

interface Rule {
  domain: string;
  mode: 'allow' | 'deny';
}

/** Admin overrides of the business-email lists. */
export function DomainRules({ onResult }: { onResult: (result: { ok: boolean } | ApiFailure, success: string) => Promise<void> }): React.JSX.Element {
  const [rules, setRules] = useState<Rule[]>([]);
  const [domain, setDomain] = useState('');
  const load = async () => {
    const result = await api<{ rules: Rule[] }>('/admin/email-domains');
    if (result.ok) setRules(result.rules);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once on mount; load is a new function each render
  useEffect(() => {
    void load();
  }, []);
  const save = async (mode: 'allow' | 'deny') => {
    await onResult(
      await api(`/admin/email-domains/${encodeURIComponent(domain.trim())}`, { method: 'PUT', json: { mode } }),
      `${domain} will be ${mode === 'allow' ? 'accepted' : 'refused'} at registration.`,
    );
    setDomain('');
    await load();
  };
  return (
    <>
      <h2 className="margin-top--lg">Registration email domains</h2>
      <p>Free and disposable email providers are refused at registration. Allow a domain the lists refuse wrongly, or deny one they miss.</p>
      <input aria-label="Email domain" placeholder="example.com" value={domain} onChange={(event) => setDomain(event.target.value)} />{' '}
      <button type="button" className="button button--sm button--secondary" disabled={!domain.trim()} onClick={() => save('allow')}>
        Allow
      </button>{' '}
      <button type="button" className="button button--sm button--secondary" disabled={!domain.trim()} onClick={() => save('deny')}>
        Deny
      </button>
      <ul className="margin-top--md">
        {rules.map((rule) => (
          <li key={rule.domain}>
            {rule.domain}: {rule.mode}{' '}
            <button
              type="button"
              className="button button--sm button--link"
              onClick={async () => {
                await onResult(await api(`/admin/email-domains/${encodeURIComponent(rule.domain)}`, { method: 'DELETE' }), `Rule for ${rule.domain} removed.`);
                await load();
              }}
            >
              remove
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

interface ApiOwnersRow {
  slug: string;
  title: string;
  visibility: string;
  specOwners: string[];
  assignedOwners: string[];
}

/** Owners come from each spec's x-portal.owners; admins can add more per API. */
export function ApiOwners({ onResult }: { onResult: (result: { ok: boolean } | ApiFailure, success: string) => Promise<void> }): React.JSX.Element {
  const [apis, setApis] = useState<ApiOwnersRow[]>([]);
  const [emails, setEmails] = useState<Record<string, string>>({});
  const load = async () => {
    const result = await api<{ apis: ApiOwnersRow[] }>('/admin/apis');
    if (result.ok) setApis(result.apis);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once on mount; load is a new function each render
  useEffect(() => {
    void load();
  }, []);
  return (
    <>
      <h2 className="margin-top--lg">API owners</h2>
      <table data-testid="owners-table">
        <tbody>
          {apis.map((row) => (
            <tr key={row.slug}>
              <td>
                {row.title} <small>({row.visibility})</small>
              </td>
              <td>
                {row.specOwners.join(', ')}
                {row.assignedOwners.map((email) => (
                  <span key={email}>
                    , {email}{' '}
                    <button
                      type="button"
                      className="button button--sm button--link"
                      onClick={async () => {
                        await onResult(
                          await api(`/admin/apis/${row.slug}/owners/${encodeURIComponent(email)}`, { method: 'DELETE' }),
                          `${email} is no longer an owner of ${row.title}.`,
                        );
                        await load();
                      }}
                    >
                      remove
                    </button>
                  </span>
                ))}
              </td>
              <td>
                <input
                  aria-label={`New owner of ${row.title}`}
                  placeholder="owner@company.example"
                  value={emails[row.slug] ?? ''}
                  onChange={(event) => setEmails((current) => ({ ...current, [row.slug]: event.target.value }))}
                />{' '}
                <button
                  type="button"
                  className="button button--sm button--secondary"
                  disabled={!emails[row.slug]?.trim()}
                  onClick={async () => {
                    await onResult(
                      await api(`/admin/apis/${row.slug}/owners`, { json: { email: emails[row.slug] } }),
                      `${emails[row.slug]} is now an owner of ${row.title}.`,
                    );
                    setEmails((current) => ({ ...current, [row.slug]: '' }));
                    await load();
                  }}
                >
                  Add owner
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

interface AuditEvent {
  id: string;
  action: string;
  actorEmail: string | null;
  actorName: string | null;
  targetName: string | null;
  apiSlug: string | null;
  reason: string | null;
  createdAt: number;
}

/** The audit log's filters live in the URL (?action=…&api=…), so a filtered view can be shared and reloaded. */
function filtersFromUrl(): { action: string; api: string } {
  const query = new URLSearchParams(window.location.search);
  return { action: query.get('action') ?? '', api: query.get('api') ?? '' };
}

/** The audit log for admins: filters kept in the URL, column headers, actions in words, names instead of ids; a CSV export of the same selection. */
export function AuditLog({ apiTitle }: { apiTitle: (slug: string) => string }): React.JSX.Element {
  const [filter, setFilter] = useState<{ action: string; api: string } | null>(null);
  const [events, setEvents] = useState<AuditEvent[]>([]);
  useEffect(() => setFilter(filtersFromUrl()), []);
  const query = filter ? new URLSearchParams(Object.entries(filter).filter(([, value]) => value) as Array<[string, string]>).toString() : '';
  useEffect(() => {
    if (!filter) return;
    const url = new URL(window.location.href);
    for (const key of ['action', 'api'] as const) {
      if (filter[key]) url.searchParams.set(key, filter[key]);
      else url.searchParams.delete(key);
    }
    window.history.replaceState(null, '', url);
    void api<{ events: AuditEvent[] }>(`/admin/audit?${query}`).then((result) => result.ok && setEvents(result.events.slice(0, 200)));
  }, [filter, query]);
  const set = (key: 'action' | 'api', value: string) => setFilter((current) => ({ action: '', api: '', ...current, [key]: value }));
  return (
    <>
      <h2 className="margin-top--lg">Audit log</h2>
      <input
        aria-label="Filter by action"
        placeholder="action, e.g. doc_access"
        value={filter?.action ?? ''}
        onChange={(event) => set('action', event.target.value)}
      />{' '}
      <input aria-label="Filter by API" placeholder="API slug" value={filter?.api ?? ''} onChange={(event) => set('api', event.target.value)} />{' '}
      <a className="button button--sm button--secondary" href={`/api/admin/audit?${query}${query ? '&' : ''}format=csv`} download>
        Export CSV
      </a>
      <div className="margin-top--md">
        <StackedTable
          testId="audit-table"
          rows={events}
          rowKey={(event) => event.id}
          rowProps={(event) => ({ 'data-action': event.action })}
          columns={[
            { header: 'When', cell: (event) => new Date(event.createdAt).toLocaleString() },
            { header: 'Who', cell: (event) => (event.actorName ? `${event.actorName} (${event.actorEmail})` : (event.actorEmail ?? 'the portal')) },
            { header: 'What', cell: (event) => actionWords(event.action) },
            { header: 'About', cell: (event) => event.targetName ?? '—' },
            { header: 'API', cell: (event) => (event.apiSlug ? apiTitle(event.apiSlug) : '—') },
            { header: 'Reason', cell: (event) => event.reason ?? '—' },
          ]}
        />
      </div>
    </>
  );
}
