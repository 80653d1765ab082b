import type React from 'react';
import { useEffect, useState } from 'react';
import CodeBlock from '@theme/CodeBlock';
import TabItem from '@theme/TabItem';
import Tabs from '@theme/Tabs';
import { api } from '../../portal/api-client';
import { useMe } from '../../portal/use-me';
import type { AppRow } from '../apps/types';
import { sandboxAppOf, tokenUrlOf } from './explorer-token';
import { explorerTokenSnippets } from './samples';

/** The token URL of the server's RFC 8414 metadata, null until it is known. */
function useTokenUrl(): string | null {
  const [tokenUrl, setTokenUrl] = useState<string | null>(null);
  useEffect(() => {
    const origin = window.location.origin;
    void fetch('/.well-known/oauth-authorization-server')
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null)
      .then((metadata: unknown) => setTokenUrl(tokenUrlOf(metadata, origin)));
  }, []);
  return tokenUrl;
}

/** The signed-in reader's apps (GET /api/apps), none for anyone else. */
function useOwnApps(): AppRow[] {
  const { me } = useMe();
  const [apps, setApps] = useState<AppRow[]>([]);
  useEffect(() => {
    if (me?.permissions.manageApps) void api<{ apps: AppRow[] }>('/apps').then((result) => result.ok && setApps(result.apps));
  }, [me]);
  return apps;
}

/**
 * "Get a token" above the explorer's code samples (issue 18 item 4): the /try samples' token
 * step (samples.ts) with the server's absolute token URL and, for a reader whose app has
 * client-secret sandbox access to this API, its client id; anyone else reads CLIENT_ID from the
 * environment. The secret is always the reader's CLIENT_SECRET: the page never holds it.
 */
export default function ExplorerTokenSnippet({ slug }: { slug: string }): React.JSX.Element | null {
  const tokenUrl = useTokenUrl();
  const app = sandboxAppOf(useOwnApps(), slug);
  if (!tokenUrl) return null;
  const snippets = explorerTokenSnippets({ tokenUrl, clientId: app?.id ?? null, slug });
  return (
    <details className="margin-bottom--md" data-testid="explorer-token-snippet" open>
      <summary>Get a token</summary>
      <p className="margin-top--sm">
        {app ? (
          <>
            For <strong>{app.name}</strong> (client id <code>{app.id}</code>), with its client secret in <code>CLIENT_SECRET</code>.
          </>
        ) : (
          <>
            With your app's client id in <code>CLIENT_ID</code> and its secret in <code>CLIENT_SECRET</code> (<a href="/apps">my apps</a>).
          </>
        )}{' '}
        Paste the token into Authorization below, or send it as <code>Authorization: Bearer …</code>.
      </p>
      <Tabs groupId="portico-token-language">
        {snippets.map((snippet) => (
          <TabItem key={snippet.label} value={snippet.language} label={snippet.label}>
            <CodeBlock language={snippet.language}>{snippet.code}</CodeBlock>
          </TabItem>
        ))}
      </Tabs>
    </details>
  );
}
