/**
 * What the "Sandbox access" section of an API's docs says, from the server's own RFC 8414
 * metadata (`/.well-known/oauth-authorization-server`) read when the page opens: the token URL,
 * its mTLS alias (RFC 8705), the token lifetime. So the docs say what the running server does
 * whatever its configuration (SANDBOX_TOKEN_TTL_SECONDS, MTLS_PORT, PORTICO_SITE_URL), with
 * nothing frozen at build time but the spec's own scopes. Pure: tested against a real server's metadata.
 */
export interface AuthorizationMetadata {
  token_endpoint?: unknown;
  mtls_endpoint_aliases?: { token_endpoint?: unknown };
  access_token_lifetime?: unknown;
}

export interface SandboxAccessFacts {
  tokenUrl: string;
  sandboxUrl: string;
  /** Absent when the server runs no mTLS listener. */
  mtls?: { tokenUrl: string; sandboxUrl: string };
  /** Absent when the metadata does not say. */
  lifetimeSeconds?: number;
  /** The default scope (every scope of the API), then the spec's. */
  scopes: string[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && URL.canParse(value) ? value : undefined);

export function sandboxAccessFacts(metadata: AuthorizationMetadata, slug: string, declared: string[]): SandboxAccessFacts | null {
  const tokenUrl = text(metadata.token_endpoint);
  if (!tokenUrl) return null;
  const mtlsToken = text(metadata.mtls_endpoint_aliases?.token_endpoint);
  const lifetime = metadata.access_token_lifetime;
  const sandbox = (origin: string) => new URL(`/sandbox/${slug}`, origin).toString();
  return {
    tokenUrl,
    sandboxUrl: sandbox(tokenUrl),
    ...(mtlsToken ? { mtls: { tokenUrl: mtlsToken, sandboxUrl: sandbox(mtlsToken) } } : {}),
    ...(typeof lifetime === 'number' && lifetime > 0 ? { lifetimeSeconds: lifetime } : {}),
    scopes: [`${slug}:sandbox`, ...declared],
  };
}

/** "600 seconds (10 minutes)": the number the token answer's expires_in carries, and its size in words. */
export function describeLifetime(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds} seconds (${seconds / 3600} hour${seconds === 3600 ? '' : 's'})`;
  if (seconds % 60 === 0) return `${seconds} seconds (${seconds / 60} minute${seconds === 60 ? '' : 's'})`;
  return `${seconds} seconds`;
}
