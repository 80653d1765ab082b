// What the authorized cases need, set up through the portal's own API on the demo accounts:
// a consumer granted the claims docs, and an app with approved quotes sandbox access.
const DEMO_PASSWORD = 'portico-demo-password';
const CONSUMER = 'consumer@broker-partner.example';

async function call(origin, pathname, { method = 'GET', cookie, json, body, headers = {} } = {}) {
  const response = await fetch(`${origin}${pathname}`, {
    method,
    headers: {
      ...(cookie ? { Cookie: cookie } : {}),
      ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(method !== 'GET' ? { Origin: origin } : {}),
      ...headers,
    },
    body: json !== undefined ? JSON.stringify(json) : body,
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

function expectStatus(result, status, what) {
  if (result.status !== status) throw new Error(`${what}: expected ${status}, got ${result.status} ${result.text.slice(0, 300)}`);
  return result;
}

export async function signIn(origin, email) {
  const result = expectStatus(
    await call(origin, '/api/auth/sign-in', { method: 'POST', json: { identifier: email, password: DEMO_PASSWORD } }),
    200,
    `sign in as ${email}`,
  );
  const cookie = result.headers.getSetCookie().find((line) => line.startsWith('portico_session='));
  if (!cookie) throw new Error(`sign in as ${email}: no session cookie`);
  return cookie.split(';')[0];
}

/** The consumer asks for the claims docs; the claims owner approves. Returns the consumer's cookie. */
async function grantPrivateDocs(origin, consumer, api) {
  const requested = expectStatus(
    await call(origin, '/api/doc-access/requests', {
      method: 'POST',
      cookie: consumer,
      json: { apiSlug: api.slug, justification: 'Serving benchmark: a reader with a grant.' },
    }),
    201,
    'doc access request',
  );
  const owner = await signIn(origin, api.owners[0]);
  expectStatus(await call(origin, `/api/owner/requests/${requested.json().id}/approve`, { method: 'POST', cookie: owner }), 200, 'approve doc access');
}

/** An app of the consumer with approved sandbox access to a public API; returns its credentials. */
async function approvedSandboxApp(origin, consumer, api) {
  const app = expectStatus(
    await call(origin, '/api/apps', {
      method: 'POST',
      cookie: consumer,
      json: { name: 'Bench app', businessContact: 'Casey Consumer', technicalContact: 'dev@broker-partner.example' },
    }),
    201,
    'create app',
  ).json();
  const access = expectStatus(
    await call(origin, `/api/apps/${app.clientId}/api-access`, { method: 'POST', cookie: consumer, json: { apiSlug: api.slug, environment: 'sandbox' } }),
    201,
    'sandbox access request',
  ).json();
  const owner = await signIn(origin, api.owners[0]);
  expectStatus(await call(origin, `/api/owner/api-access/${access.id}/approve`, { method: 'POST', cookie: owner }), 200, 'approve sandbox access');
  return { clientId: app.clientId, clientSecret: app.clientSecret };
}

export function tokenRequest(app) {
  return {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  };
}

/**
 * Sets everything up and checks each authorized URL answers 200 once before it is loaded:
 * a benchmark of 403s or 401s would measure nothing.
 */
export async function setUpAuthorizedCases(origin, { privateApi, privatePath, sandbox }) {
  const consumer = await signIn(origin, CONSUMER);
  await grantPrivateDocs(origin, consumer, privateApi);
  const app = await approvedSandboxApp(origin, consumer, sandbox.api);
  const token = expectStatus(await call(origin, '/oauth/token', tokenRequest(app)), 200, 'token').json().access_token;
  expectStatus(await call(origin, privatePath, { cookie: consumer }), 200, `private page ${privatePath}`);
  expectStatus(await call(origin, '/api/me', { cookie: consumer }), 200, '/api/me');
  expectStatus(await call(origin, sandbox.path, { headers: { Authorization: `Bearer ${token}` } }), 200, `sandbox ${sandbox.path}`);
  return { cookie: consumer, app, token, sandboxPath: sandbox.path };
}

/** The cache checks: a conditional GET gets 304, hashed assets are immutable, HTML revalidates. */
export async function checkCaching(origin, { htmlPath, assetPath }) {
  const lines = [];
  for (const [label, pathname] of [
    ['HTML', htmlPath],
    ['hashed asset', assetPath],
  ]) {
    const first = await call(origin, pathname, { headers: { 'Accept-Encoding': 'gzip, br' } });
    const etag = first.headers.get('etag');
    const again = etag ? await call(origin, pathname, { headers: { 'If-None-Match': etag, 'Accept-Encoding': 'gzip, br' } }) : { status: 'no ETag' };
    lines.push({
      label,
      pathname,
      status: first.status,
      encoding: first.headers.get('content-encoding') ?? 'identity',
      cacheControl: first.headers.get('cache-control') ?? '(none)',
      etag: etag ?? '(none)',
      conditional: again.status,
    });
  }
  return lines;
}
