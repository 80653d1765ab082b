import type React from 'react';
import { useState } from 'react';
import { api } from '../../portal/api-client';
import { StackedTable } from '../../portal/StackedTable';
import styles from './admin.module.css';
import type { DomainRule, Report } from './types';
import { useAdminList } from './use-admin-data';

/** Admin overrides of the business-email lists used at registration. */
export function DomainsSection({ report }: { report: Report }): React.JSX.Element {
  const list = useAdminList<DomainRule>('/admin/email-domains', 'rules');
  const [domain, setDomain] = useState('');
  const act = async (result: Parameters<Report>[0], success: string) => {
    await report(result, success);
    await list.reload();
  };
  const save = async (mode: 'allow' | 'deny') => {
    await act(
      await api(`/admin/email-domains/${encodeURIComponent(domain.trim())}`, { method: 'PUT', json: { mode } }),
      `${domain.trim()} will be ${mode === 'allow' ? 'accepted' : 'refused'} at registration.`,
    );
    setDomain('');
  };
  return (
    <>
      <p>Free and disposable email providers are refused at registration. Allow a domain the lists refuse wrongly, or deny one they miss.</p>
      <p className={styles.inline}>
        <input
          className={styles.field}
          aria-label="Email domain"
          placeholder="example.com"
          value={domain}
          onChange={(event) => setDomain(event.target.value)}
        />
        <button type="button" className="button button--sm button--secondary" disabled={!domain.trim()} onClick={() => save('allow')}>
          Allow
        </button>
        <button type="button" className="button button--sm button--secondary" disabled={!domain.trim()} onClick={() => save('deny')}>
          Deny
        </button>
      </p>
      {list.loaded && list.rows.length === 0 ? <p>No rule yet: the lists decide.</p> : null}
      <StackedTable
        testId="domains-table"
        rows={list.rows}
        rowKey={(rule) => rule.domain}
        columns={[
          { header: 'Domain', cell: (rule) => rule.domain },
          { header: 'At registration', cell: (rule) => (rule.mode === 'allow' ? 'accepted' : 'refused') },
          {
            header: 'Remove',
            bare: true,
            cell: (rule) => (
              <button
                type="button"
                className="button button--sm button--link"
                aria-label={`Remove the rule for ${rule.domain}`}
                onClick={async () =>
                  act(await api(`/admin/email-domains/${encodeURIComponent(rule.domain)}`, { method: 'DELETE' }), `Rule for ${rule.domain} removed.`)
                }
              >
                remove
              </button>
            ),
          },
        ]}
      />
    </>
  );
}
