import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, PortalPage, SuccessNote } from '../portal/components';
import { useApis } from '../portal/use-apis';
import { useMe } from '../portal/use-me';
import { AccessTable, ApiOwners, AuditLog, DomainRules, type AccessRow } from '../portal/admin-panels';
import { OwnerConfirmations } from '../portal/OwnerConfirmations';
import { RoleControl } from '../features/admin/RoleControl';

interface UserRow {
  id: string;
  email: string;
  fullName: string;
  company: string;
  role: 'consumer' | 'platform' | 'admin';
  emailVerifiedAt: number | null;
}

export default function AdminPage(): React.JSX.Element {
  const { me, loading } = useMe();
  const catalog = useApis();
  const titles = new Map(catalog.map((entry) => [entry.slug, entry.title]));
  const privateApis = catalog.filter((candidate) => candidate.visibility === 'private');
  const [query, setQuery] = useState('');
  const [users, setUsers] = useState<UserRow[]>([]);
  const [access, setAccess] = useState<AccessRow[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [choice, setChoice] = useState<Record<string, string>>({});

  const reload = useCallback(async () => {
    const [userList, accessList] = await Promise.all([
      api<{ users: UserRow[] }>(`/admin/users?q=${encodeURIComponent(query)}`),
      api<{ access: AccessRow[] }>('/admin/doc-access'),
    ]);
    if (userList.ok) setUsers(userList.users);
    else setFailure(userList);
    if (accessList.ok) setAccess(accessList.access);
  }, [query]);

  useEffect(() => {
    if (me?.permissions.manageUsers) void reload();
  }, [me, reload]);

  const report = async (result: { ok: boolean } | ApiFailure, success: string) => {
    if (result.ok) {
      setFailure(null);
      setNote(success);
      await reload();
    } else setFailure(result as ApiFailure);
  };

  if (loading) return <PortalPage title="Administration">Loading…</PortalPage>;
  if (!me?.permissions.manageUsers) return <PortalPage title="Administration">This page is for site administrators.</PortalPage>;

  return (
    <PortalPage title="Administration" wide>
      {note ? <SuccessNote>{note}</SuccessNote> : null}
      <ErrorNote failure={failure} />
      <OwnerConfirmations onResult={report} />
      <h2 className="margin-top--lg">Users</h2>
      <input
        type="search"
        aria-label="Search users"
        placeholder="Search by email, name or company"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        className="margin-bottom--md"
        style={{ width: '100%', maxWidth: 420, padding: '0.4rem 0.6rem' }}
      />
      <table data-testid="users-table">
        <thead>
          <tr>
            <th>User</th>
            <th>Company</th>
            <th>Email</th>
            <th>Role</th>
            <th>Grant documentation access</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-email={user.email}>
              <td>{user.fullName}</td>
              <td>{user.company}</td>
              <td>
                {user.email} {user.emailVerifiedAt ? '' : <span className="badge badge--warning">unconfirmed</span>}
              </td>
              <td>
                <RoleControl
                  key={`${user.id}-${user.role}`}
                  name={user.fullName}
                  email={user.email}
                  role={user.role}
                  onChange={async (role) =>
                    report(await api(`/admin/users/${user.id}`, { method: 'PATCH', json: { role } }), `${user.fullName} (${user.email}) is now ${role}.`)
                  }
                />
              </td>
              <td>
                <select
                  aria-label={`API to grant to ${user.email}`}
                  value={choice[user.id] ?? ''}
                  onChange={(event) => setChoice((current) => ({ ...current, [user.id]: event.target.value }))}
                >
                  <option value="">Choose a private API</option>
                  {privateApis.map((candidate) => (
                    <option key={candidate.slug} value={candidate.slug}>
                      {candidate.title}
                    </option>
                  ))}
                </select>{' '}
                <button
                  type="button"
                  className="button button--sm button--primary"
                  disabled={!choice[user.id]}
                  onClick={async () =>
                    report(await api('/admin/doc-access', { json: { userId: user.id, apiSlug: choice[user.id] } }), `Access granted to ${user.email}.`)
                  }
                >
                  Grant
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <AccessTable
        rows={access}
        onRevoke={async (row, reason) =>
          report(await api(`/admin/doc-access/${row.access.id}/revoke`, { json: { reason } }), `Access of ${row.user.email} to ${row.access.apiSlug} revoked.`)
        }
      />
      <ApiOwners onResult={report} />
      <DomainRules onResult={report} />
      <AuditLog apiTitle={(slug) => titles.get(slug) ?? slug} />
    </PortalPage>
  );
}
