import React, { useEffect, useState } from 'react';
import Link from '@docusaurus/Link';
import { api, type ApiFailure } from '../portal/api-client';
import { ErrorNote, PortalPage, SuccessNote } from '../portal/components';

export default function VerifyPage(): React.JSX.Element {
  const [state, setState] = useState<{ done?: string; failure?: ApiFailure }>({});
  useEffect(() => {
    const token = new URLSearchParams(window.location.search).get('token') ?? '';
    void api<{ message: string }>('/auth/verify-email', { json: { token } }).then((result) => setState(result.ok ? { done: result.message } : { failure: result }));
  }, []);
  return (
    <PortalPage title="Confirm your email">
      {state.done ? <SuccessNote>{state.done}</SuccessNote> : null}
      <ErrorNote failure={state.failure ?? null} />
      {!state.done && !state.failure ? <p>Checking your link…</p> : null}
      <p>
        <Link href="/">Browse the API catalog</Link> · <Link href="/account">My account</Link>
      </p>
    </PortalPage>
  );
}
