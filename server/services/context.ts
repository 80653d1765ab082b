import type { Manifest } from '../../plugins/portico/contract.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { IdentityProviders } from '../oidc/providers.ts';

/** What services need: the database, configuration, the built catalog and the clock. */
export interface ServiceContext {
  db: Database;
  config: Pick<Config, 'PORTICO_SITE_URL'>;
  manifest: Manifest;
  /** The one clock of services and rules: a test passes a fixed or moving one, and every date follows it. */
  now: () => number;
  /** The mTLS listener (https://host:port) a holder proves a certificate on; null when off. */
  mtlsUrl: string | null;
  /** SANDBOX_TOKEN_TTL_SECONDS: how long an access token lives. */
  tokenTtlSeconds: number;
  /** Staff sign in through a provider (decision 026): staff roles no longer come from passwords. */
  staffSignIn: boolean;
  /** The OpenID Providers (PORTICO_OIDC_PROVIDERS), discovered at start; absent: passwords only. */
  identity?: Identity;
}

interface Identity {
  providers: IdentityProviders;
  /** STAFF_SESSION_TTL_HOURS: the lifetime of a staff session (a staff provider's, or the emergency local account's). */
  staffSessionTtlMs: number;
}

export interface ServiceContextOptions {
  db: Database;
  /** PORTICO_SITE_URL: links in emails, the token issuer. */
  siteUrl: string;
  manifest: Manifest;
  /** Defaults to the system clock; this is the only place it enters the services. */
  now?: () => number;
  /** MTLS_PORT: the certificate page names the listener a holder proves possession on; absent or 'off' when there is none. */
  mtlsPort?: number | 'off';
  /** The OpenID Providers people sign in with; none by default. */
  identity?: Identity;
  /** SANDBOX_TOKEN_TTL_SECONDS; 600 by default. */
  tokenTtlSeconds?: number;
}

/** The one way a service context is made: by the app (per server), the commands (digest, serve's jobs) and the tests. */
export function createServiceContext(options: ServiceContextOptions): ServiceContext {
  return {
    db: options.db,
    config: { PORTICO_SITE_URL: options.siteUrl },
    manifest: options.manifest,
    now: options.now ?? Date.now,
    mtlsUrl: mtlsUrlOf(options.siteUrl, options.mtlsPort ?? 'off'),
    tokenTtlSeconds: options.tokenTtlSeconds ?? 600,
    staffSignIn: options.identity?.providers.staffSignIn ?? false,
    identity: options.identity,
  };
}

/** The mTLS listener on the portal's host name: https://portal.example:8443. */
function mtlsUrlOf(siteUrl: string, port: number | 'off'): string | null {
  return port === 'off' ? null : `https://${new URL(siteUrl).hostname}:${port}`;
}

export function siteLink(context: ServiceContext, pathAndQuery: string): string {
  return new URL(pathAndQuery, context.config.PORTICO_SITE_URL).toString();
}
