import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { OwnerConsole } from '../features/owner-console/OwnerConsole';
import { OwnerHistory } from '../features/owner-console/OwnerHistory';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, SuccessNote } from '../portal/components';
import { PortalPage } from '../portal/PortalPage';
import CaRequestForm from '../features/owner-console/CaRequestForm';
import { useApis } from '../portal/use-apis';
import { useMe } from '../portal/use-me';

/** The owner console: the queues with one filter, the review panel, revocation cases, history. */
export default function OwnerConsolePage(): React.JSX.Element {
  const { me, loading } = useMe();
  const titles = new Map(useApis().map((entry) => [entry.slug, entry.title]));
  const apiTitle = (slug: string) => titles.get(slug) ?? slug;
  const [apis, setApis] = useState<string[]>([]);
  const [historyApi, setHistoryApi] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  // Every decision or saved review is an audit event: the history is read again after each one.
  const [changes, setChanges] = useState(0);

  // The APIs this reader decides for: the server's answer (GET /owner/requests names them), never re-derived here.
  const loadApis = useCallback(async () => {
    const list = await api<{ apis: string[] }>('/owner/requests?status=pending');
    if (list.ok) setApis(list.apis);
    else setFailure(list);
  }, []);
  useEffect(() => {
    if (me?.permissions.useOwnerConsole) void loadApis();
  }, [me, loadApis]);

  const report = (result: { ok: boolean } | ApiFailure, success: string) => {
    if (result.ok) {
      setFailure(null);
      setNote(success);
      setChanges((count) => count + 1);
    } else {
      setNote(null);
      setFailure(result as ApiFailure);
    }
  };

  if (loading) return <PortalPage title="Owner console">Loading…</PortalPage>;
  if (!me)
    return (
      <PortalPage title="Owner console">
        <a href="/signin?next=%2Fowner">Sign in</a> to decide requests on your APIs.
      </PortalPage>
    );
  // The server's answer (permissions.ts): without it the console would only show empty queues under a 403.
  if (!me.permissions.useOwnerConsole)
    return (
      <PortalPage title="Owner console">
        <div className="alert alert--warning" role="status" data-testid="owner-console-refused">
          <p>This console is for the owners of an API, and you own none on this portal.</p>
          <p className="margin-bottom--none">
            Staff who sign in with the company account own the APIs of their owners group at the identity provider: a group added or removed there counts from
            your next sign-in. Otherwise a site administrator confirms the owners an API lists.
          </p>
        </div>
        <p className="margin-top--md">
          <a href="/">API catalog</a> · <a href="/account">My account</a>
        </p>
      </PortalPage>
    );

  return (
    <PortalPage title="Owner console" wide>
      {note ? <SuccessNote>{note}</SuccessNote> : null}
      <ErrorNote failure={failure} />
      <OwnerConsole apis={apis} apiTitle={apiTitle} onResult={report} onApi={setHistoryApi} />
      <CaRequestForm onResult={report} />
      <OwnerHistory key={changes} apiSlug={historyApi} apiTitle={apiTitle} />
    </PortalPage>
  );
}
