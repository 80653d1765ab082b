import type React from 'react';
import { useEffect, useState } from 'react';
import { api, type ApiFailure } from './api-client';

interface OwnerAccount {
  user: { id: string; email: string; username: string; fullName: string; company: string; createdAt: number; emailVerifiedAt: number | null };
  apis: Array<{ slug: string; title: string }>;
  confirmedAt: number | null;
  confirmedByEmail: string | null;
  /** Listed, verified and not confirmed yet (the server's ownership rule). */
  confirmable: boolean;
  /** Whether this admin may decide it (the server's policy: nobody decides their own account). */
  mayDecide: boolean;
}

const day = (time: number) => new Date(time).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/**
 * Owner addresses are public, so anyone can register one: an account holding a listed address
 * owns nothing until an admin, who knows the API team, confirms the person behind it.
 */
export function OwnerConfirmations({ onResult }: { onResult: (result: { ok: boolean } | ApiFailure, success: string) => Promise<void> }): React.JSX.Element {
  const [accounts, setAccounts] = useState<OwnerAccount[]>([]);
  const load = async () => {
    const result = await api<{ accounts: OwnerAccount[] }>('/admin/owner-accounts');
    if (result.ok) setAccounts(result.accounts);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once on mount; load is a new function each render
  useEffect(() => {
    void load();
  }, []);
  const act = async (account: OwnerAccount, method: 'POST' | 'DELETE', success: string) => {
    await onResult(await api(`/admin/users/${account.user.id}/owner-confirmation`, { method }), success);
    await load();
  };
  const waiting = accounts.filter((account) => account.confirmedAt === null).length;
  return (
    <section aria-labelledby="owner-confirmations-title">
      <h2 id="owner-confirmations-title" className="margin-top--lg">
        Owner accounts {waiting > 0 ? <span className="badge badge--warning">{waiting} to confirm</span> : null}
      </h2>
      <p>
        Accounts whose address a spec or an assignment lists as an API owner. They can decide requests and read private documentation only once you confirm that
        the account belongs to the person of that team — check the name, company and registration date with them first.
      </p>
      {accounts.length === 0 ? <p>No account holds an owner address yet.</p> : null}
      <div style={{ overflowX: 'auto' }}>
        <table data-testid="owner-accounts-table">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Owner of</th>
              <th scope="col">Registered</th>
              <th scope="col">Confirmation</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.user.id} data-email={account.user.email}>
                <td>
                  <strong>{account.user.fullName}</strong> ({account.user.company})
                  <br />
                  <small>
                    {account.user.email} · {account.user.username}
                  </small>
                </td>
                <td>{account.apis.map((entry) => entry.title).join(', ')}</td>
                <td>{day(account.user.createdAt)}</td>
                <td>
                  {account.confirmedAt !== null ? (
                    <>
                      Confirmed {day(account.confirmedAt)}
                      {account.confirmedByEmail ? ` by ${account.confirmedByEmail}` : ''}{' '}
                      {account.mayDecide ? (
                        <button
                          type="button"
                          className="button button--sm button--link"
                          onClick={() => act(account, 'DELETE', `${account.user.email} is no longer a confirmed owner.`)}
                        >
                          Withdraw
                        </button>
                      ) : null}
                    </>
                  ) : !account.confirmable ? (
                    <span>Waiting for the address to be confirmed from its email</span>
                  ) : !account.mayDecide ? (
                    <span>Another administrator confirms your own account</span>
                  ) : (
                    <button
                      type="button"
                      className="button button--sm button--primary"
                      aria-label={`Confirm ${account.user.email} as owner`}
                      onClick={() =>
                        act(account, 'POST', `${account.user.email} is now a confirmed owner of ${account.apis.map((entry) => entry.title).join(', ')}.`)
                      }
                    >
                      Confirm as owner
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
