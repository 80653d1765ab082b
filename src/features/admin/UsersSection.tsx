import type React from 'react';
import { useState } from 'react';
import { api } from '../../portal/api-client';
import { StackedTable } from '../../portal/StackedTable';
import styles from './admin.module.css';
import { RoleControl } from './RoleControl';
import type { CatalogApi, Report, User } from './types';
import { useAdminList } from './use-admin-data';

/** Users: search, each one's role (changed once confirmed in the page) and a documentation grant. */
export function UsersSection({ apis, report }: { apis: CatalogApi[]; report: Report }): React.JSX.Element {
  const [query, setQuery] = useState('');
  const list = useAdminList<User>(`/admin/users?q=${encodeURIComponent(query)}`, 'users');
  const privateApis = apis.filter((entry) => entry.visibility === 'private');
  const act = async (result: Parameters<Report>[0], success: string) => {
    await report(result, success);
    await list.reload();
  };
  return (
    <>
      <input
        type="search"
        aria-label="Search users"
        placeholder="Search by email, name or company"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        className={`${styles.field} margin-bottom--md`}
        style={{ width: '100%', maxWidth: 420 }}
      />
      {list.loaded && list.rows.length === 0 ? <p>No user matches.</p> : null}
      <StackedTable
        testId="users-table"
        rows={list.rows}
        rowKey={(user) => user.id}
        rowProps={(user) => ({ 'data-email': user.email })}
        columns={[
          { header: 'User', cell: (user) => user.fullName },
          { header: 'Company', cell: (user) => user.company },
          {
            header: 'Email',
            cell: (user) => (
              <>
                {user.email} {user.emailVerifiedAt ? null : <span className="badge badge--warning">unconfirmed</span>}
              </>
            ),
          },
          {
            header: 'Role',
            cell: (user) => (
              <RoleControl
                key={`${user.id}-${user.role}`}
                name={user.fullName}
                email={user.email}
                role={user.role}
                onChange={async (role) =>
                  act(await api(`/admin/users/${user.id}`, { method: 'PATCH', json: { role } }), `${user.fullName} (${user.email}) is now ${role}.`)
                }
              />
            ),
          },
          { header: 'Grant documentation access', cell: (user) => <GrantControl user={user} privateApis={privateApis} act={act} /> },
        ]}
      />
    </>
  );
}

function GrantControl(props: { user: User; privateApis: CatalogApi[]; act: Report }): React.JSX.Element {
  const [slug, setSlug] = useState('');
  const title = props.privateApis.find((entry) => entry.slug === slug)?.title ?? slug;
  return (
    <span className={styles.inline}>
      <select className={styles.field} aria-label={`API to grant to ${props.user.email}`} value={slug} onChange={(event) => setSlug(event.target.value)}>
        <option value="">Choose a private API</option>
        {props.privateApis.map((entry) => (
          <option key={entry.slug} value={entry.slug}>
            {entry.title}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button button--sm button--primary"
        disabled={!slug}
        onClick={async () =>
          props.act(await api('/admin/doc-access', { json: { userId: props.user.id, apiSlug: slug } }), `${props.user.fullName} can now read ${title}.`)
        }
      >
        Grant
      </button>
    </span>
  );
}
