import type React from 'react';
import { useEffect, useState } from 'react';
import CodeBlock from '@theme/CodeBlock';
import useIsBrowser from '@docusaurus/useIsBrowser';
import { api } from '../portal/api-client';
import { useQueryParam } from '../portal/components';
import { PortalPage } from '../portal/PortalPage';
import { useApis } from '../portal/use-apis';
import type { AppRow } from '../features/apps/types';
import { sampleCallPath } from '../features/try/sample-call';
import { CLIENT_ID_PLACEHOLDER, curlSample, nodeSample, pythonSample } from '../features/try/samples';

/** "Try programmatically": curl, Node and Python, with the reader's own client id filled in (the text: features/try/samples.ts). */
export default function TryPage(): React.JSX.Element {
  const slug = useQueryParam('api') ?? '';
  const entry = useApis().find((candidate) => candidate.slug === slug);
  const [apps, setApps] = useState<AppRow[]>([]);
  const [call, setCall] = useState('/');
  useEffect(() => {
    void api<{ apps: AppRow[] }>('/apps').then((result) => result.ok && setApps(result.apps));
  }, []);
  useEffect(() => {
    if (!slug) return;
    // The API's own spec (the reader may read it, or the server answers 404): a documented GET to call.
    void fetch(`/downloads/${slug}/openapi.json`, { credentials: 'same-origin' })
      .then((response) => (response.ok ? response.json() : null))
      .then((spec) => setCall(sampleCallPath(spec) ?? '/'))
      .catch(() => undefined);
  }, [slug]);
  const app = apps.find((candidate) => candidate.apiAccess.some((access) => access.apiSlug === slug && access.opensSandbox));
  // The first render in the browser must match the server's HTML (React #418 otherwise): the
  // page's own origin only once hydrated.
  const isBrowser = useIsBrowser();
  const origin = isBrowser ? window.location.origin : 'https://portal.example';
  const input = { origin, clientId: app?.id ?? CLIENT_ID_PLACEHOLDER, slug, call };
  return (
    <PortalPage title={`Try ${entry?.title ?? slug} programmatically`} wide>
      {app ? (
        <p>
          With the app <strong>{app.name}</strong> (client id <code data-testid="try-client-id">{app.id}</code>) and its client secret in{' '}
          <code>CLIENT_SECRET</code>. The samples call{' '}
          <code>
            GET /sandbox/{slug}
            {call}
          </code>
          ; put any operation's path after <code>/sandbox/{slug}</code>.
        </p>
      ) : (
        <p>
          You need an app with approved sandbox access to this API: <a href="/apps">open my apps</a>.
        </p>
      )}
      <h2>curl</h2>
      <CodeBlock language="bash">{curlSample(input)}</CodeBlock>
      <h2>Node.js</h2>
      <CodeBlock language="js">{nodeSample(input)}</CodeBlock>
      <h2>Python</h2>
      <CodeBlock language="python">{pythonSample(input)}</CodeBlock>
    </PortalPage>
  );
}
