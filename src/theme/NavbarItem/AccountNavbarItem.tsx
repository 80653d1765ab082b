import type React from 'react';
import { api } from '../../portal/api-client';
import { useMe } from '../../portal/use-me';
import { NoticesBadge } from '../../features/dashboard/NoticesBadge';

/**
 * Who is signed in, in the navbar of every build. Plain links (full page loads): the
 * account pages live in the public build, and private builds are separate sites.
 */
export default function AccountNavbarItem({ mobile }: { mobile?: boolean }): React.JSX.Element | null {
  const { me, loading } = useMe();
  const itemClass = mobile ? 'menu__list-item' : 'navbar__item';
  const linkClass = mobile ? 'menu__link' : 'navbar__link';
  if (loading) return <span className={itemClass} aria-busy="true" />;
  if (!me) {
    const next = typeof window === 'undefined' ? '' : `?next=${encodeURIComponent(window.location.pathname + window.location.search)}`;
    return (
      <>
        <a className={`${itemClass} ${linkClass}`} href={`/signin${next}`} data-testid="navbar-sign-in">
          Sign in
        </a>
        <a className={`${itemClass} button button--primary button--sm`} href="/signup" style={{ marginLeft: 8 }}>
          Register
        </a>
      </>
    );
  }
  const signOut = async () => {
    await api('/auth/sign-out', { method: 'POST' });
    window.location.assign('/');
  };
  return (
    <div className={`${itemClass} dropdown dropdown--hoverable dropdown--right`} data-testid="navbar-account">
      <a className={linkClass} href="/dashboard" aria-haspopup="true">
        {me.fullName}
        <NoticesBadge signedIn />
      </a>
      <ul className="dropdown__menu">
        <li>
          <a className="dropdown__link" href="/dashboard">
            My portal
          </a>
        </li>
        <li>
          <a className="dropdown__link" href="/account">
            My account
          </a>
        </li>
        <li>
          <a className="dropdown__link" href="/apps">
            My apps
          </a>
        </li>
        <li>
          <a className="dropdown__link" href="/certificates">
            My certificates
          </a>
        </li>
        {me.permissions.useOwnerConsole ? (
          <li>
            <a className="dropdown__link" href="/owner">
              Owner console
            </a>
          </li>
        ) : null}
        {me.permissions.manageCaRegistry ? (
          <li>
            <a className="dropdown__link" href="/registry">
              CA registry
            </a>
          </li>
        ) : null}
        {me.permissions.manageUsers ? (
          <li>
            <a className="dropdown__link" href="/admin">
              Administration
            </a>
          </li>
        ) : null}
        <li>
          <button type="button" className="dropdown__link clean-btn" style={{ width: '100%', textAlign: 'left' }} onClick={signOut}>
            Sign out
          </button>
        </li>
      </ul>
    </div>
  );
}
