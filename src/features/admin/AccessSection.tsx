import type React from 'react';
import { useState } from 'react';
import { api } from '../../portal/api-client';
import { StackedTable } from '../../portal/StackedTable';
import styles from './admin.module.css';
import type { CatalogApi, DocAccessRow, Report } from './types';
import { useAdminList } from './use-admin-data';

/** Every documentation access, by reader and API; an approved one is revoked with a reason sent to the reader. */
export function AccessSection({ apis, report }: { apis: CatalogApi[]; report: Report }): React.JSX.Element {
  const list = useAdminList<DocAccessRow>('/admin/doc-access', 'access');
  const title = (slug: string) => apis.find((entry) => entry.slug === slug)?.title ?? slug;
  const revoke = async (row: DocAccessRow, reason: string) => {
    await report(
      await api(`/admin/doc-access/${row.access.id}/revoke`, { json: { reason } }),
      `${row.user.fullName} (${row.user.email}) no longer reads ${title(row.access.apiSlug)}.`,
    );
    await list.reload();
  };
  return (
    <>
      <p>Grant access from the Users section; owners decide the requests in their console.</p>
      {list.loaded && list.rows.length === 0 ? <p>No documentation access yet.</p> : null}
      <StackedTable
        testId="access-table"
        rows={list.rows}
        rowKey={(row) => row.access.id}
        rowProps={(row) => ({ 'data-api': row.access.apiSlug, 'data-email': row.user.email })}
        columns={[
          { header: 'Reader', cell: (row) => `${row.user.fullName} (${row.user.company})` },
          { header: 'Email', cell: (row) => row.user.email },
          { header: 'API', cell: (row) => title(row.access.apiSlug) },
          { header: 'Status', cell: (row) => (row.access.status === 'pending' ? 'waiting for the API owners' : row.access.status) },
          {
            header: 'Revoke or reason',
            cell: (row) =>
              row.access.status === 'approved' ? <RevokeControl row={row} apiTitle={title(row.access.apiSlug)} onRevoke={revoke} /> : row.access.decisionReason,
          },
        ]}
      />
    </>
  );
}

function RevokeControl(props: { row: DocAccessRow; apiTitle: string; onRevoke: (row: DocAccessRow, reason: string) => Promise<void> }): React.JSX.Element {
  const [reason, setReason] = useState('');
  return (
    <span className={styles.inline}>
      <input
        className={styles.field}
        aria-label={`Reason to revoke ${props.row.user.email} on ${props.apiTitle}`}
        placeholder="Reason (sent to the reader)"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="button" className="button button--sm button--danger" disabled={!reason.trim()} onClick={() => props.onRevoke(props.row, reason)}>
        Revoke
      </button>
    </span>
  );
}
