import type React from 'react';
import { AdminConsole } from '../features/admin/AdminConsole';
import { useNotes } from '../features/admin/use-admin-data';
import { ErrorNote, SuccessNote } from '../portal/components';
import { PortalPage } from '../portal/PortalPage';
import { useApis } from '../portal/use-apis';
import { useMe } from '../portal/use-me';

export default function AdminPage(): React.JSX.Element {
  const { me, loading } = useMe();
  const apis = useApis();
  const { note, failure, report } = useNotes();
  if (loading) return <PortalPage title="Administration">Loading…</PortalPage>;
  if (!me?.permissions.manageUsers) return <PortalPage title="Administration">This page is for site administrators.</PortalPage>;
  return (
    <PortalPage title="Administration" wide>
      {note ? <SuccessNote>{note}</SuccessNote> : null}
      <ErrorNote failure={failure} />
      <AdminConsole apis={apis} report={report} />
    </PortalPage>
  );
}
