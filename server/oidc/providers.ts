import * as client from 'openid-client';
import { ConfigError } from '../config.ts';
import type { ProviderConfig } from './provider-config.ts';

/**
 * The configured OpenID Providers, discovered once at start (decision 026): a provider that does
 * not answer its discovery document stops the start with its name, never a sign-in button that
 * fails later. openid-client keeps each provider's JWKS and fetches it again when a key rotates.
 */

export interface IdentityProvider {
  config: ProviderConfig;
  client: client.Configuration;
  /** Where the provider sends the browser back: <site>/api/auth/oidc/<id>/callback. */
  redirectUri: string;
}

export interface IdentityProviders {
  list: readonly IdentityProvider[];
  find(id: string): IdentityProvider | undefined;
  /** Some provider is the insurer's own: staff roles come from it only. */
  staffSignIn: boolean;
}

/** Seconds of clock difference with the provider accepted on an ID token's iat/exp. */
const CLOCK_TOLERANCE_SECONDS = 60;
const DISCOVERY_TIMEOUT_SECONDS = 10;

function callbackPath(providerId: string): string {
  return `/api/auth/oidc/${providerId}/callback`;
}

export async function discoverProviders(configs: readonly ProviderConfig[], siteUrl: string): Promise<IdentityProviders> {
  const list = await Promise.all(configs.map((config) => discoverOne(config, siteUrl)));
  return {
    list,
    find: (id) => list.find((provider) => provider.config.id === id),
    staffSignIn: list.some((provider) => provider.config.audience === 'staff'),
  };
}

async function discoverOne(config: ProviderConfig, siteUrl: string): Promise<IdentityProvider> {
  // http:// is accepted by the config only on this machine (tests, a local Keycloak).
  const insecure = config.issuer.startsWith('http://');
  try {
    const discovered = await client.discovery(
      new URL(config.issuer),
      config.clientId,
      { [client.clockTolerance]: CLOCK_TOLERANCE_SECONDS },
      client.ClientSecretBasic(config.clientSecret),
      { execute: insecure ? [client.allowInsecureRequests] : [], timeout: DISCOVERY_TIMEOUT_SECONDS },
    );
    // The ID token's signature is checked against the provider's JWKS (fetched again when its keys rotate), not only trusted for coming over TLS.
    client.enableNonRepudiationChecks(discovered);
    return { config, client: discovered, redirectUri: new URL(callbackPath(config.id), siteUrl).toString() };
  } catch (error) {
    throw new ConfigError(
      `PORTICO_OIDC_PROVIDERS: provider "${config.id}": discovery at ${config.issuer}/.well-known/openid-configuration failed (${(error as Error).message}). Check the issuer URL and that this server reaches it.`,
    );
  }
}

/** RP-initiated logout, when the provider offers it: the browser goes there after the portal's session ends. */
export function endSessionUrl(provider: IdentityProvider, siteUrl: string): string | undefined {
  if (!provider.client.serverMetadata().end_session_endpoint) return undefined;
  return client
    .buildEndSessionUrl(provider.client, { client_id: provider.config.clientId, post_logout_redirect_uri: new URL('/signin', siteUrl).toString() })
    .toString();
}
