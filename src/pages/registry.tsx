import type React from 'react';
import { useNotes } from '../features/admin/use-admin-data';
import { RegistryConsole } from '../features/ca-registry/RegistryConsole';
import { ErrorNote, SuccessNote } from '../portal/components';
import { PortalPage } from '../portal/PortalPage';
import { useMe } from '../portal/use-me';

/** The platform team's accepted-CA registry (src/features/ca-registry): the page asks the server who may see it. */
export default function RegistryPage(): React.JSX.Element {
  const { me, loading } = useMe();
  const { note, failure, report } = useNotes();
  if (loading) return <PortalPage title="Accepted certification authorities">Loading…</PortalPage>;
  if (!me?.permissions.manageCaRegistry) return <PortalPage title="Accepted certification authorities">This page is for the platform team.</PortalPage>;
  return (
    <PortalPage title="Accepted certification authorities" wide>
      {note ? <SuccessNote>{note}</SuccessNote> : null}
      <ErrorNote failure={failure} />
      <RegistryConsole report={report} />
    </PortalPage>
  );
}
