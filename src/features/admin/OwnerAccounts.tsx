import type React from 'react';
import { api } from '../../portal/api-client';
import { ConfirmButton } from '../../portal/ConfirmButton';
import { StackedTable } from '../../portal/StackedTable';
import type { OwnerAccount, Report } from './types';
import { useAdminList } from './use-admin-data';

const day = (time: number) => new Date(time).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const titles = (account: OwnerAccount) => account.apis.map((entry) => entry.title).join(', ');

/**
 * Owner addresses are public, so anyone can register one: an account holding a listed address
 * owns nothing until an admin, who knows the API team, confirms the person behind it.
 */
export function OwnerAccounts({ report }: { report: Report }): React.JSX.Element {
  const list = useAdminList<OwnerAccount>('/admin/owner-accounts', 'accounts');
  const act = async (account: OwnerAccount, method: 'POST' | 'DELETE', success: string) => {
    await report(await api(`/admin/users/${account.user.id}/owner-confirmation`, { method }), success);
    await list.reload();
  };
  const waiting = list.rows.filter((account) => account.confirmedAt === null).length;
  return (
    <section aria-labelledby="owner-confirmations-title">
      <h3 id="owner-confirmations-title">Owner accounts {waiting > 0 ? <span className="badge badge--warning">{waiting} to confirm</span> : null}</h3>
      <p>
        Accounts whose address a spec or an assignment lists as an API owner. They can decide requests and read private documentation only once you confirm that
        the account belongs to the person of that team — check the name, company and registration date with them first.
      </p>
      {list.loaded && list.rows.length === 0 ? <p>No account holds an owner address yet.</p> : null}
      <StackedTable
        testId="owner-accounts-table"
        rows={list.rows}
        rowKey={(account) => account.user.id}
        rowProps={(account) => ({ 'data-email': account.user.email })}
        columns={[
          {
            header: 'Account',
            cell: (account) => (
              <>
                <strong>{account.user.fullName}</strong> ({account.user.company})
                <br />
                <small>
                  {account.user.email} · {account.user.username}
                </small>
              </>
            ),
          },
          { header: 'Owner of', cell: titles },
          { header: 'Registered', cell: (account) => day(account.user.createdAt) },
          { header: 'Confirmation', cell: (account) => <Confirmation account={account} act={act} /> },
        ]}
      />
    </section>
  );
}

function Confirmation(props: { account: OwnerAccount; act: (account: OwnerAccount, method: 'POST' | 'DELETE', success: string) => Promise<void> }) {
  const { account, act } = props;
  if (account.confirmedAt !== null)
    return (
      <>
        Confirmed {day(account.confirmedAt)}
        {account.confirmedByEmail ? ` by ${account.confirmedByEmail}` : ''}
        {account.mayDecide ? (
          <ConfirmButton
            label="Withdraw"
            consequence={`${account.user.fullName} will no longer decide for ${titles(account)} nor read its private documentation as an owner.`}
            confirmLabel="Withdraw the confirmation"
            danger
            onConfirm={() => act(account, 'DELETE', `${account.user.email} is no longer a confirmed owner.`)}
          />
        ) : null}
      </>
    );
  if (!account.confirmable) return <span>Waiting for the address to be confirmed from its email</span>;
  if (!account.mayDecide) return <span>Another administrator confirms your own account</span>;
  return (
    <button
      type="button"
      className="button button--sm button--primary"
      aria-label={`Confirm ${account.user.email} as owner`}
      onClick={() => act(account, 'POST', `${account.user.email} is now a confirmed owner of ${titles(account)}.`)}
    >
      Confirm as owner
    </button>
  );
}
