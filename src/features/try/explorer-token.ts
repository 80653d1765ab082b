/**
 * What the API explorer needs to make its samples run as copied (issue 18 item 4). Pure: the
 * explorer's wrapper (src/theme/ApiExplorer) and its "Get a token" snippet feed them what the
 * page and the server say; tests/unit/explorer-samples.test.ts checks them.
 */
import type { AppRow } from '../apps/types';

/**
 * The server variable of the docs' sandbox server, `{origin}/sandbox/<slug>`: the build writes it
 * with the site URL as default (withSandboxServer in plugins/portico/build/target-builds.ts, which
 * cannot import browser code, so the name is written there too; the unit test ties the two).
 */
export const READER_ORIGIN_VARIABLE = 'origin';

interface ExplorerServer {
  url: string;
  variables?: Record<string, { default?: string }>;
}

/**
 * The theme's `setServerVariable` payload that points the chosen server at the reader's origin,
 * or null when there is nothing to change (a provider's server, or already set): the origin the
 * page is served from is where the sandbox answers, whatever URL the build was made with.
 */
export function readerOriginUpdate(server: ExplorerServer | undefined, origin: string): string | null {
  const variable = server?.variables?.[READER_ORIGIN_VARIABLE];
  if (!variable || variable.default === origin) return null;
  return JSON.stringify({ key: READER_ORIGIN_VARIABLE, value: origin });
}

/** The API whose Portico sandbox the explorer's first server is (withSandboxServer puts it first), or null for an API without one. */
export function sandboxSlugOf(servers: ExplorerServer[]): string | null {
  return new RegExp(`^\\{${READER_ORIGIN_VARIABLE}\\}/sandbox/([a-z0-9-]+)$`).exec(servers[0]?.url ?? '')?.[1] ?? null;
}

/** The absolute token URL of the server's RFC 8414 metadata, or this site's /oauth/token when it names none. */
export function tokenUrlOf(metadata: unknown, origin: string): string {
  const named = (metadata as { token_endpoint?: unknown } | null | undefined)?.token_endpoint;
  return typeof named === 'string' && URL.canParse(named) ? named : new URL('/oauth/token', origin).toString();
}

/** The reader's app whose token the snippet asks for: approved client-secret sandbox access to this API, as the server says. */
export function sandboxAppOf(apps: AppRow[], slug: string): AppRow | undefined {
  return apps.find((app) => app.apiAccess.some((access) => access.apiSlug === slug && access.sandboxToken));
}
