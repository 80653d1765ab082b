import type { World } from '../support/authorization-world.ts';
import type { Apps, People, Row } from './authorization-matrix.table.ts';

/**
 * The matrix outside /api: the OAuth authorization server, the sandbox, the downloads and the private
 * documentation builds. Here apps are actors of their own: a person's session cookie is not
 * a client credential, and an app's token is not a session.
 */

const anyone = (status: number): People => [status, status, status, status, status, status, status];
const grant = { grant_type: 'client_credentials' };

export const OAUTH_ROWS: Row[] = [
  { route: 'POST /oauth/token', appAuth: 'basic', form: () => grant, people: anyone(401), apps: [200, 200] },
  {
    route: 'POST /oauth/token',
    note: "B's app asks for X's scope",
    appAuth: 'basic',
    form: () => ({ ...grant, scope: 'claims:sandbox' }),
    people: anyone(401),
    apps: [200, 400],
  },
  { route: 'POST /oauth/token', note: "B's secret under A's client id", appAuth: 'basic-as-appA', form: () => grant, people: anyone(401), apps: [200, 401] },
  {
    route: 'POST /oauth/token',
    note: "A's client id alone (tls_client_auth) without A's certificate",
    appAuth: 'none',
    form: (world: World) => ({ ...grant, client_id: world.clients.appA.id }),
    people: anyone(401),
    apps: [401, 401],
  },
  // RFC 7662 §4: only the token's own client learns anything about it; any other client hears "inactive".
  {
    route: 'POST /oauth/introspect',
    note: "A's token",
    appAuth: 'basic',
    form: (world: World) => ({ token: world.clients.appA.token }),
    people: anyone(401),
    apps: ['active', 'inactive'],
  },
  { route: 'GET /.well-known/jwks.json', people: anyone(200), apps: [200, 200] },
  { route: 'GET /.well-known/oauth-authorization-server', people: anyone(200), apps: [200, 200] },
  // The proof of possession by TLS handshake is for curl: a browser's request (it sends Origin) is refused, whoever sends it.
  { route: 'POST /possession/:id', path: (ids) => `/possession/${ids.certPending}`, people: anyone(403), apps: [403, 403] },
];

/** A person's cookie opens no sandbox; an app's token opens only the APIs it was approved for. */
const sandbox = (slug: string, path: string, apps: Apps): Row => ({
  route: `ALL /sandbox/${slug}/*`,
  method: 'GET',
  path: () => `/sandbox/${slug}${path}`,
  people: anyone(401),
  apps,
});

export const SANDBOX_ROWS: Row[] = [
  sandbox('claims', '/claims', [200, 403]),
  sandbox('payments', '/payments?policyNumber=POL-26-004871', [403, 200]),
  sandbox('quotes', '/quotes', [200, 403]),
];

/** Readers with an approved grant, the API's owners and admins; anonymous readers are sent to sign in. */
export const PRIVATE_ROWS: Row[] = [
  { route: 'GET /private/claims/', people: ['sign-in', 200, 403, 200, 403, 403, 200] },
  // The partner through their provider holds none of consumer B's grants.
  { route: 'GET /private/payments/', people: ['sign-in', 403, 200, 403, 200, 403, 200], sso: [403, 403, 403] },
];

/** The same readers as the docs; to anyone else a private API's downloads do not exist (404, never a sign-in or 403). */
const downloadRow = (slug: string, file: string, people: People, sso?: Row['sso']): Row => ({
  route: 'GET /downloads/:slug/:file',
  note: `${slug} ${file}`,
  path: () => `/downloads/${slug}/${file}`,
  people,
  apps: [people[0], people[0]],
  sso,
});

export const DOWNLOAD_ROWS: Row[] = [
  downloadRow('quotes', 'postman-collection.json', anyone(200)),
  downloadRow('claims', 'openapi.json', [404, 200, 404, 200, 404, 404, 200]),
  downloadRow('payments', 'openapi.yaml', [404, 404, 200, 404, 200, 404, 200], [404, 404, 404]),
];
