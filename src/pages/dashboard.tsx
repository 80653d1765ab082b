import type React from 'react';
import { PortalPage } from '../portal/PortalPage';
import { useMe } from '../portal/use-me';
import { Dashboard } from '../features/dashboard/Dashboard';

/** My portal: the page a signed-in partner lands on (sign-in's default destination). */
export default function DashboardPage(): React.JSX.Element {
  const { me, loading } = useMe();
  if (loading) return <PortalPage title="My portal">Loading…</PortalPage>;
  if (!me) {
    return (
      <PortalPage title="My portal">
        <p>
          <a href="/signin?next=%2Fdashboard">Sign in</a> to see where you stand with each API, and what to do next.
        </p>
      </PortalPage>
    );
  }
  return (
    <PortalPage title="My portal" wide>
      <p>
        Signed in as {me.fullName} ({me.company}). For each API you work with: the steps of the onboarding, what you can do next, and what waits on the API
        provider. <a href="/guides/getting-started">How onboarding works</a>.
      </p>
      <Dashboard />
    </PortalPage>
  );
}
