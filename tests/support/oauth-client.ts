import * as oauth from 'oauth4webapi';
import type { TestPortal } from './test-portal.ts';
import { ORIGIN } from './test-portal.ts';

/** oauth4webapi (a real OAuth 2 client library) talking to the in-process portal. */
export async function discover(portal: TestPortal) {
  const fetchViaApp = ((url: string | URL | Request, init?: RequestInit) =>
    portal.app.request(url instanceof Request ? url : url.toString(), init)) as typeof fetch;
  const options = { [oauth.customFetch]: fetchViaApp, [oauth.allowInsecureRequests]: true };
  const issuer = new URL(ORIGIN);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...options }));
  return {
    as,
    async token(clientId: string, secret: string, how: 'basic' | 'post' = 'basic', scope?: string) {
      const client: oauth.Client = { client_id: clientId };
      const auth = how === 'basic' ? oauth.ClientSecretBasic(secret) : oauth.ClientSecretPost(secret);
      const response = await oauth.clientCredentialsGrantRequest(as, client, auth, scope ? { scope } : {}, options);
      return oauth.processClientCredentialsResponse(as, client, response);
    },
    async introspect(clientId: string, secret: string, token: string) {
      const client: oauth.Client = { client_id: clientId };
      const response = await oauth.introspectionRequest(as, client, oauth.ClientSecretBasic(secret), token, options);
      return oauth.processIntrospectionResponse(as, client, response);
    },
  };
}

/** The RFC 6749 `error` code of a refused request, whichever error class the library threw. */
export async function oauthErrorOf(pending: Promise<unknown>): Promise<string> {
  try {
    await pending;
  } catch (error) {
    const known = error as { error?: string; response?: Response };
    if (known.error) return known.error;
    if (known.response) return ((await known.response.clone().json()) as { error: string }).error;
    throw error;
  }
  throw new Error('the request was not refused');
}
