import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../http/env.ts';
import type { JsonObject } from '../../plugins/portico/contract.ts';
import { audienceOf, checkAccessToken, issueAccessToken, resourceOf, scopeOf, type Grant } from '../oauth/access-tokens.ts';
import { declaredScopes } from '../rules/sandbox-scopes.ts';
import { loadSigningKey } from '../oauth/signing-key.ts';
import { approvedAccessOf, mtlsAccessFor } from '../services/api-access.ts';
import { peerCertificateDer, thumbprintS256 } from '../tls/peer-certificate.ts';
import { authenticateClient } from '../services/apps.ts';

/** RFC 6749 §5.2 error answer. */
function oauthError(c: Context, status: 400 | 401 | 413, error: string, description: string, basic = false): Response {
  c.header('Cache-Control', 'no-store');
  if (status === 401) c.header('WWW-Authenticate', basic ? 'Basic realm="portico", charset="UTF-8"' : `Bearer error="${error}"`);
  return c.json({ error, error_description: description }, status);
}

type ClientAuth =
  | { ok: true; clientId: string; secret: string; basic: boolean }
  | { ok: false; status: 400 | 401; error: string; description: string; basic: boolean };

/** client_secret_basic (RFC 6749 §2.3.1: form-urlencoded id and secret inside Basic) or client_secret_post. */
function readClientAuth(c: Context, form: Record<string, string>): ClientAuth {
  const header = c.req.header('Authorization');
  const fromBody = form.client_id !== undefined || form.client_secret !== undefined;
  if (header) {
    if (fromBody)
      return {
        ok: false,
        status: 400,
        error: 'invalid_request',
        description: 'use one client authentication method, not Basic and the body together',
        basic: true,
      };
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header.trim());
    const decoded = match ? Buffer.from(match[1] ?? '', 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (!match || colon < 1) return { ok: false, status: 401, error: 'invalid_client', description: 'malformed Basic authorization header', basic: true };
    try {
      const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
      return { ok: true, clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)), basic: true };
    } catch {
      return { ok: false, status: 401, error: 'invalid_client', description: 'malformed Basic authorization header', basic: true };
    }
  }
  if (!form.client_id || !form.client_secret)
    return {
      ok: false,
      status: 401,
      error: 'invalid_client',
      description: 'client authentication is required (Basic or client_id and client_secret)',
      basic: true,
    };
  return { ok: true, clientId: form.client_id, secret: form.client_secret, basic: false };
}

async function readForm(c: Context): Promise<Record<string, string> | null> {
  if (!(c.req.header('Content-Type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return null;
  const params = new URLSearchParams(await c.req.text());
  const form: Record<string, string> = {};
  for (const [key, value] of params) {
    // RFC 8707 §2: resource may be given several times (URIs, so a space joins them).
    if (key === 'resource') {
      form.resource = form.resource ? `${form.resource} ${value}` : value;
      continue;
    }
    if (key in form) return null; // RFC 6749 §3.2: parameters must not repeat
    form[key] = value;
  }
  return form;
}

/**
 * The scopes each approved access offers: its access scope `<api>:<environment>` (every scope
 * of the API), and each scope the API's spec declares for client credentials (issue 18 item 1).
 * RFC 8707 `resource` narrows the accesses to those APIs and environments.
 */
function offeredScopes(specs: ReadonlyMap<string, JsonObject>, accesses: Grant[]): Map<string, Grant[]> {
  const offered = new Map<string, Grant[]>();
  const offer = (scope: string, access: Grant) => offered.set(scope, [...(offered.get(scope) ?? []), access]);
  for (const access of accesses) {
    offer(scopeOf(access.apiSlug, access.environment), access);
    for (const scope of declaredScopes(specs.get(access.apiSlug))) offer(scope, access);
  }
  return offered;
}

async function issue(
  c: Context<AppEnv>,
  form: Record<string, string>,
  grant: { clientId: string; secretId?: string; granted: Grant[]; certificate?: { thumbprint: string } },
  specs: ReadonlyMap<string, JsonObject>,
): Promise<Response> {
  if (form.grant_type !== 'client_credentials') return oauthError(c, 400, 'unsupported_grant_type', 'only grant_type=client_credentials is supported');
  const services = c.get('services');
  const resources = form.resource ? form.resource.split(' ') : undefined;
  const targeted = resources ? grant.granted.filter((access) => resources.includes(resourceOf(services, access.apiSlug, access.environment))) : grant.granted;
  if (resources && targeted.length === 0)
    return oauthError(c, 400, 'invalid_target', `no approved access of this application is the resource ${resources.join(' ')}`);
  const offered = offeredScopes(specs, targeted);
  const requested = form.scope ? [...new Set(form.scope.split(' ').filter(Boolean))] : targeted.map((access) => scopeOf(access.apiSlug, access.environment));
  const refused = requested.filter((scope) => !offered.has(scope));
  if (grant.granted.length === 0) return oauthError(c, 400, 'invalid_scope', 'this application has no approved API access yet');
  if (refused.length > 0) return oauthError(c, 400, 'invalid_scope', `not approved for this application: ${refused.join(' ')}`);
  const sources = new Map(requested.map((scope) => [scope, offered.get(scope) ?? []]));
  const grants = [...new Map([...sources.values()].flat().map((access) => [access.id, access])).values()];
  const { token, expiresIn, scopes } = await issueAccessToken(services, {
    clientId: grant.clientId,
    secretId: grant.secretId,
    grants,
    certificate: grant.certificate,
    scopes: new Map([...sources].map(([scope, accesses]) => [scope, accesses.map((access) => access.id)])),
    resources: [...new Set(grants.map((access) => resourceOf(services, access.apiSlug, access.environment)))],
  });
  c.header('Cache-Control', 'no-store');
  c.header('Pragma', 'no-cache');
  return c.json({ access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: scopes.join(' ') });
}

export function oauthRoutes(specs: ReadonlyMap<string, JsonObject> = new Map()): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/oauth/*', bodyLimit({ maxSize: 16 * 1024, onError: (c) => oauthError(c, 413, 'invalid_request', 'the request body is larger than 16 KB') }));

  app.post('/oauth/token', async (c) => {
    const form = await readForm(c);
    if (!form) return oauthError(c, 400, 'invalid_request', 'send application/x-www-form-urlencoded parameters, each once');
    if (form.grant_type !== undefined && form.grant_type !== 'client_credentials')
      return oauthError(c, 400, 'unsupported_grant_type', 'only grant_type=client_credentials is supported');
    const services = c.get('services');
    const certificate = peerCertificateDer(c);
    // RFC 8705 tls_client_auth: a client_id and the certificate, no secret.
    if (!c.req.header('Authorization') && form.client_id !== undefined && form.client_secret === undefined) {
      if (!certificate)
        return oauthError(c, 401, 'invalid_client', 'tls_client_auth needs your client certificate: call the mTLS endpoint with --cert and --key');
      const bound = await mtlsAccessFor(services, form.client_id, certificate);
      if (!bound) return oauthError(c, 401, 'invalid_client', 'this certificate is not approved for mTLS access of this client');
      return issue(c, form, { clientId: form.client_id, granted: bound.accesses, certificate: { thumbprint: thumbprintS256(certificate) } }, specs);
    }
    const auth = readClientAuth(c, form);
    if (!auth.ok) return oauthError(c, auth.status, auth.error, auth.description, auth.basic);
    if (form.grant_type !== 'client_credentials') return oauthError(c, 400, 'unsupported_grant_type', 'only grant_type=client_credentials is supported');
    const client = await authenticateClient(services, auth.clientId, auth.secret);
    if (!client) return oauthError(c, 401, 'invalid_client', 'unknown client, wrong secret, or a revoked or expired secret', auth.basic);
    // A secret presented with an approved certificate gets a certificate-bound token for the mTLS access.
    const bound = certificate ? await mtlsAccessFor(services, client.app.id, certificate) : undefined;
    if (bound && certificate) {
      return issue(
        c,
        form,
        {
          clientId: client.app.id,
          secretId: client.secretId,
          granted: bound.accesses,
          certificate: { thumbprint: thumbprintS256(certificate) },
        },
        specs,
      );
    }
    return issue(
      c,
      form,
      { clientId: client.app.id, secretId: client.secretId, granted: await approvedAccessOf(services, client.app.id, 'client_secret') },
      specs,
    );
  });

  app.post('/oauth/introspect', async (c) => {
    const form = await readForm(c);
    if (!form) return oauthError(c, 400, 'invalid_request', 'send application/x-www-form-urlencoded parameters, each once');
    const { token, token_type_hint: _hint, ...rest } = form;
    const auth = readClientAuth(c, rest);
    if (!auth.ok) return oauthError(c, auth.status, auth.error, auth.description, auth.basic);
    const services = c.get('services');
    const client = await authenticateClient(services, auth.clientId, auth.secret);
    if (!client) return oauthError(c, 401, 'invalid_client', 'unknown client or wrong secret', auth.basic);
    if (!token) return oauthError(c, 400, 'invalid_request', 'the token parameter is required');
    c.header('Cache-Control', 'no-store');
    const check = await checkAccessToken(services, token);
    // RFC 7662 §4: only the token's own client may learn about it (there is no resource-server
    // credential yet); to anyone else a live token looks exactly like an unknown one.
    if (!check.active || check.claims.clientId !== client.app.id) return c.json({ active: false });
    const { claims } = check;
    return c.json({
      active: true,
      scope: claims.scopes.join(' '),
      client_id: claims.clientId,
      sub: claims.clientId,
      token_type: 'Bearer',
      exp: Math.floor(claims.expiresAt / 1000),
      iat: Math.floor(claims.issuedAt / 1000),
      iss: services.config.PORTICO_SITE_URL,
      aud: audienceOf(services.config.PORTICO_SITE_URL),
      ...(claims.certificateThumbprint ? { cnf: { 'x5t#S256': claims.certificateThumbprint } } : {}),
    });
  });

  app.get('/.well-known/jwks.json', async (c) => {
    const key = await loadSigningKey(c.get('services').db);
    c.header('Cache-Control', 'public, max-age=300');
    return c.json({ keys: [key.publicJwk] });
  });

  app.get('/.well-known/oauth-authorization-server', (c) => {
    const { config, mtlsUrl } = c.get('services');
    const issuer = config.PORTICO_SITE_URL;
    const at = (path: string, origin = issuer) => new URL(path, origin).toString();
    c.header('Cache-Control', 'public, max-age=300');
    return c.json({
      issuer,
      token_endpoint: at('/oauth/token'),
      introspection_endpoint: at('/oauth/introspect'),
      // RFC 8705 §5: where a client authenticating with its certificate sends the same requests.
      ...(mtlsUrl ? { mtls_endpoint_aliases: { token_endpoint: at('/oauth/token', mtlsUrl), introspection_endpoint: at('/oauth/introspect', mtlsUrl) } } : {}),
      jwks_uri: at('/.well-known/jwks.json'),
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'tls_client_auth'],
      tls_client_certificate_bound_access_tokens: true,
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      response_types_supported: [],
      scopes_supported: [
        ...new Set(
          c.get('services').manifest.apis.flatMap((api) => [
            ...api.environments.map((environment) => scopeOf(api.slug, environment.name)),
            // A private spec's scope names are its content: this public document names only
            // the public APIs' (the leak test's canary scope was here).
            ...(api.visibility === 'public' ? declaredScopes(specs.get(api.slug)) : []),
          ]),
        ),
      ],
      access_token_lifetime: c.get('services').tokenTtlSeconds,
    });
  });

  return app;
}
