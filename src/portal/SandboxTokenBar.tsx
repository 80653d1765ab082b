import type React from 'react';
import { useEffect, useState } from 'react';
import { usePluginData } from '@docusaurus/useGlobalData';
import { api } from './api-client';
import type { AppRow } from '../features/apps/types';
import { useMe } from './use-me';

/** The API an API page belongs to: /apis/<slug>/… in the public site, /private/<slug>/… otherwise. */
function currentSlug(): string | undefined {
  return /^\/(?:apis|private)\/([a-z0-9-]+)/.exec(window.location.pathname)?.[1];
}

/** The sandbox token this tab holds for "Try it", if it has not expired. */
export function readSandboxToken(): { app: string; expiresAt: number } | null {
  try {
    const current = JSON.parse(sessionStorage.getItem('portico-sandbox-token') ?? 'null') as { app: string; expiresAt: number } | null;
    return current && current.expiresAt > Date.now() ? current : null;
  } catch {
    return null;
  }
}

/**
 * One click for a sandbox token: the theme's "Try it" reads its bearer token from
 * sessionStorage per security scheme, so the token is stored there and the page reloads.
 */
export default function SandboxTokenBar(): React.JSX.Element | null {
  const { me } = useMe();
  const schemesBySlug = ((usePluginData('portico') as { tokenSchemes?: Record<string, string[]> } | undefined)?.tokenSchemes ?? {}) as Record<string, string[]>;
  const [apps, setApps] = useState<AppRow[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const slug = currentSlug();

  useEffect(() => {
    if (me?.permissions.manageApps) void api<{ apps: AppRow[] }>('/apps').then((result) => result.ok && setApps(result.apps));
  }, [me]);
  if (!slug || !me) return null;
  const ready = apps.filter((app) => app.apiAccess.some((access) => access.apiSlug === slug && access.sandboxToken));

  const getToken = async (app: AppRow) => {
    const result = await api<{ access_token: string; expires_in: number }>(`/apps/${app.id}/sandbox-token`, { json: { apiSlug: slug } });
    if (!result.ok) return setMessage(result.message);
    for (const scheme of schemesBySlug[slug] ?? ['oauth2']) sessionStorage.setItem(scheme, JSON.stringify({ token: result.access_token }));
    sessionStorage.setItem('portico-sandbox-token', JSON.stringify({ app: app.name, expiresAt: Date.now() + result.expires_in * 1000 }));
    window.location.reload();
  };

  const live = readSandboxToken();

  return (
    <div className="alert alert--info margin-bottom--md" data-testid="sandbox-token-bar">
      {ready.length === 0 ? (
        <>
          To try this API in the sandbox, <a href="/apps">create an app and request sandbox access</a>.
        </>
      ) : (
        <>
          {live ? (
            <span data-testid="sandbox-token-ready">
              Sandbox token of {live.app} ready for “Try it” (valid until {new Date(live.expiresAt).toLocaleTimeString()}).{' '}
            </span>
          ) : (
            'Try it in the sandbox: '
          )}
          {ready.map((app) => (
            <button key={app.id} type="button" className="button button--sm button--primary margin-right--sm" onClick={() => getToken(app)}>
              {live ? 'New token' : 'Get a sandbox token'} for {app.name}
            </button>
          ))}
          <a href={`/try?api=${slug}`}>Try programmatically</a>
        </>
      )}
      {message ? <div className="text--danger">{message}</div> : null}
    </div>
  );
}
