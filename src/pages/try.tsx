import type React from 'react';
import { useEffect, useState } from 'react';
import CodeBlock from '@theme/CodeBlock';
import useIsBrowser from '@docusaurus/useIsBrowser';
import { api } from '../portal/api-client';
import { PortalPage, useQueryParam } from '../portal/components';
import { useApis } from '../portal/use-apis';
import { sampleCallPath } from '../features/try/sample-call';

interface AppRow {
  id: string;
  name: string;
  apiAccess: Array<{ apiSlug: string; environment: string; status: string; authMethod: string }>;
}

/** "Try programmatically": curl and Node, with the reader's own client id filled in. */
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
  const app = apps.find((candidate) =>
    candidate.apiAccess.some((access) => access.apiSlug === slug && access.status === 'approved' && access.environment === 'sandbox'),
  );
  // The first render in the browser must match the server's HTML (React #418 otherwise): the
  // page's own origin only once hydrated.
  const isBrowser = useIsBrowser();
  const origin = isBrowser ? window.location.origin : 'https://portal.example';
  const clientId = app?.id ?? 'YOUR_CLIENT_ID';
  const curl = `# 1. A token (OAuth2 client credentials)
TOKEN=$(curl -s -u "${clientId}:$CLIENT_SECRET" \\
  -d grant_type=client_credentials -d scope=${slug}:sandbox \\
  ${origin}/oauth/token | jq -r .access_token)

# 2. A sandbox call
curl -s -H "Authorization: Bearer $TOKEN" ${origin}/sandbox/${slug}${call}`;
  const node = `// Node 20+: no dependency needed
const auth = Buffer.from('${clientId}:' + process.env.CLIENT_SECRET).toString('base64');
const tokenResponse = await fetch('${origin}/oauth/token', {
  method: 'POST',
  headers: { Authorization: \`Basic \${auth}\`, 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'client_credentials', scope: '${slug}:sandbox' }),
});
const { access_token } = await tokenResponse.json();

const response = await fetch('${origin}/sandbox/${slug}${call}', { headers: { Authorization: \`Bearer \${access_token}\` } });
console.log(response.status, await response.json());`;
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
      <CodeBlock language="bash">{curl}</CodeBlock>
      <h2>Node.js</h2>
      <CodeBlock language="js">{node}</CodeBlock>
    </PortalPage>
  );
}
