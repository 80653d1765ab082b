import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { JsonObject } from '../../plugins/portico/contract.ts';
import type { AppEnv } from '../http/env.ts';
import { checkAccessToken, scopeOf } from '../oauth/access-tokens.ts';
import type { SandboxAnswer } from '../sandbox/answers.ts';
import { mockOperation, reach } from '../sandbox/mock-operation.ts';
import { declaredScopes, heldScopes, securityVerdict } from '../rules/sandbox-scopes.ts';
import { peerCertificateDer, thumbprintS256 } from '../tls/peer-certificate.ts';

const MAX_BODY = 1024 * 1024;

/** RFC 6750 §3: 401 says why in WWW-Authenticate; a missing token carries no error code. */
function bearerChallenge(c: Context, status: 401 | 403, error: string | undefined, description: string, scopes: string[] = []): Response {
  const parts = [
    'realm="portico-sandbox"',
    ...(error ? [`error="${error}"`] : []),
    `error_description="${description.replace(/"/g, "'")}"`,
    ...(scopes.length > 0 ? [`scope="${scopes.join(' ')}"`] : []),
  ];
  c.header('WWW-Authenticate', `Bearer ${parts.join(', ')}`);
  c.header('Cache-Control', 'no-store');
  return c.json({ type: 'about:blank', title: status === 401 ? 'Unauthorized' : 'Forbidden', status, detail: description }, status, {
    'Content-Type': 'application/problem+json',
  });
}

function problem(c: Context, status: 400 | 404 | 405 | 413, title: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return c.json({ type: 'about:blank', title, status, detail, ...extra }, status, { 'Content-Type': 'application/problem+json' });
}

/** The answer in its documented media type: JSON serialized, text as is, nothing for HEAD. */
function sendAnswer(c: Context, answer: SandboxAnswer): Response {
  for (const [name, value] of Object.entries(answer.headers)) c.header(name, value);
  if (answer.body === undefined || c.req.method === 'HEAD') return c.body(null, answer.status as 200);
  const json = /json/i.test(answer.headers['Content-Type'] ?? '');
  return c.body(json ? JSON.stringify(answer.body) : String(answer.body), answer.status as 200);
}

/**
 * `/sandbox/<slug>/…`: a bearer token of a live, approved sandbox access to the API holding
 * the scopes the operation's security requirement names (`<slug>:sandbox` holds them all),
 * then an answer from the spec itself (decision 025).
 */
export function sandboxRoutes(specs: ReadonlyMap<string, JsonObject>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(
    '/sandbox/*',
    bodyLimit({ maxSize: MAX_BODY, onError: (c) => problem(c, 413, 'Payload Too Large', 'The sandbox accepts request bodies up to 1 MB.') }),
  );
  app.all('/sandbox/:slug/*', async (c) => {
    const slug = c.req.param('slug');
    const document = specs.get(slug);
    if (!document) return problem(c, 404, 'Not Found', `There is no API "${slug}" in the sandbox.`);
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
    if (!match) return bearerChallenge(c, 401, undefined, 'an access token is required: get one at /oauth/token with your client id and secret');
    const check = await checkAccessToken(c.get('services'), match[1] ?? '');
    if (!check.active) return bearerChallenge(c, 401, 'invalid_token', check.reason);
    const bound = check.claims.certificateThumbprint;
    if (bound) {
      // RFC 8705 §3: a certificate-bound token is worth nothing without that certificate.
      const presented = peerCertificateDer(c);
      if (!presented || thumbprintS256(presented) !== bound)
        return bearerChallenge(c, 401, 'invalid_token', 'this token is bound to a client certificate: present the same certificate (mTLS)');
    }
    const granted = check.claims.grants.filter((grant) => grant.apiSlug === slug && grant.environment === 'sandbox').map((grant) => grant.scope);
    if (granted.length === 0)
      return bearerChallenge(c, 403, 'insufficient_scope', `this token is not valid for ${slug} in the sandbox (scope ${scopeOf(slug, 'sandbox')} needed)`);
    const held = heldScopes(granted, scopeOf(slug, 'sandbox'), declaredScopes(document));

    const path = c.req.path.slice(`/sandbox/${slug}`.length) || '/';
    c.header('Cache-Control', 'no-store');
    c.header('X-Portico-Sandbox', 'mock');
    const reached = reach(document, c.req.method, path);
    if (reached.kind === 'not_found') return problem(c, 404, 'Not Found', `${slug} has no operation at ${path}.`);
    if (reached.kind === 'method_not_allowed') {
      c.header('Allow', reached.allow.join(', '));
      return problem(c, 405, 'Method Not Allowed', `${path} accepts ${reached.allow.join(', ')}.`);
    }
    // The operation's own security requirement, as the real API would enforce it (issue 18 item 1).
    const security = securityVerdict(document, reached.operation.node, held, { certificate: peerCertificateDer(c) !== undefined });
    if (!security.ok)
      return bearerChallenge(
        c,
        403,
        'insufficient_scope',
        `${reached.method.toUpperCase()} ${reached.template} needs the scope ${security.needed.join(' ') || 'mTLS'}`,
        security.needed,
      );
    const url = new URL(c.req.url);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const answer = await mockOperation(document, reached, {
      path,
      url: url.toString(),
      query: url.searchParams,
      headers: c.req.raw.headers,
      body: { contentType: c.req.header('Content-Type') ?? null, bytes },
    });
    return sendAnswer(c, answer);
  });
  return app;
}
