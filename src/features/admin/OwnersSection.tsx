import type React from 'react';
import { useState } from 'react';
import { api } from '../../portal/api-client';
import { StackedTable } from '../../portal/StackedTable';
import styles from './admin.module.css';
import { OwnerAccounts } from './OwnerAccounts';
import type { ApiOwnersRow, Report } from './types';
import { useAdminList } from './use-admin-data';

/** Owner accounts to confirm, then each API's owners: from its spec's x-portal.owners, and those an admin assigned. */
export function OwnersSection({ report }: { report: Report }): React.JSX.Element {
  const list = useAdminList<ApiOwnersRow>('/admin/apis', 'apis');
  const act = async (result: Parameters<Report>[0], success: string) => {
    await report(result, success);
    await list.reload();
  };
  return (
    <>
      <OwnerAccounts report={report} />
      <h3 className="margin-top--lg">Owners of each API</h3>
      <StackedTable
        testId="owners-table"
        rows={list.rows}
        rowKey={(row) => row.slug}
        rowProps={(row) => ({ 'data-api': row.slug })}
        columns={[
          {
            header: 'API',
            cell: (row) => (
              <>
                {row.title} <small>({row.visibility})</small>
              </>
            ),
          },
          { header: 'Listed in the spec', cell: (row) => row.specOwners.join(', ') || '—' },
          { header: 'Assigned', cell: (row) => <AssignedOwners row={row} act={act} /> },
          { header: 'Add an owner', cell: (row) => <AddOwner row={row} act={act} /> },
        ]}
      />
    </>
  );
}

function AssignedOwners({ row, act }: { row: ApiOwnersRow; act: Report }): React.JSX.Element {
  if (row.assignedOwners.length === 0) return <>—</>;
  return (
    <ul className="margin-bottom--none">
      {row.assignedOwners.map((email) => (
        <li key={email}>
          {email}{' '}
          <button
            type="button"
            className="button button--sm button--link"
            aria-label={`Remove ${email} from the owners of ${row.title}`}
            onClick={async () =>
              act(
                await api(`/admin/apis/${row.slug}/owners/${encodeURIComponent(email)}`, { method: 'DELETE' }),
                `${email} is no longer an owner of ${row.title}.`,
              )
            }
          >
            remove
          </button>
        </li>
      ))}
    </ul>
  );
}

function AddOwner({ row, act }: { row: ApiOwnersRow; act: Report }): React.JSX.Element {
  const [email, setEmail] = useState('');
  return (
    <span className={styles.inline}>
      <input
        className={styles.field}
        aria-label={`New owner of ${row.title}`}
        placeholder="owner@company.example"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <button
        type="button"
        className="button button--sm button--secondary"
        disabled={!email.trim()}
        onClick={async () => {
          await act(await api(`/admin/apis/${row.slug}/owners`, { json: { email } }), `${email} is now an owner of ${row.title}.`);
          setEmail('');
        }}
      >
        Add owner
      </button>
    </span>
  );
}
