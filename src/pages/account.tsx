import type React from 'react';
import { Account } from '../features/account/Account';
import { PortalPage } from '../portal/PortalPage';
import { useMe } from '../portal/use-me';

/** /account: the signed-in reader's account (src/features/account). */
export default function AccountPage(): React.JSX.Element {
  const { me, loading } = useMe();
  if (loading) return <PortalPage title="My account">Loading…</PortalPage>;
  if (!me) {
    return (
      <PortalPage title="My account">
        <p>
          <a href="/signin?next=%2Faccount">Sign in</a> to see your account.
        </p>
      </PortalPage>
    );
  }
  return (
    <PortalPage title="My account">
      <Account me={me} />
    </PortalPage>
  );
}
