import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Actor, World, WorldIds } from '../support/authorization-world.ts';

/**
 * The authorization matrix of /api: one row per route (a few routes have a second row for a
 * cross-tenant variant), one expected answer per actor. The world the ids come from is in
 * tests/support/authorization-world.ts; /oauth, /sandbox and /private rows are in
 * authorization-matrix.edge-table.ts.
 *
 * An expected answer is an exact HTTP status, or 'sign-in' (302 to /signin?next=…), or
 * 'active' / 'inactive' (200 from token introspection with that verdict).
 *
 * Three more columns are the people of a deployment with OpenID Providers (decision 026), asked
 * there: `sso`, by default what their password peers get (ssoOutcomes).
 */
export type Outcome = number | 'sign-in' | 'active' | 'inactive';
/** [anonymous, consumer A, consumer B, owner of X (claims), owner of Y (payments), platform team, admin] */
export type People = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];
/** [consumer A's app, consumer B's app] */
export type Apps = readonly [Outcome, Outcome];
/**
 * The people of the deployment with OpenID Providers (decision 026, tests/support/authorization-sso.ts):
 * [owner of X through the staff provider's owners group, the platform team through its group,
 * a partner through their company's provider (a consumer with nothing of their own in the world)]
 */
type Sso = readonly [Outcome, Outcome, Outcome];

export interface Row {
  /** The served route this row covers: method and path as the server registers them. */
  route: string;
  /** What a second row of the same route checks. */
  note?: string;
  /** The method to send when the route takes ALL. */
  method?: string;
  /** The concrete path (real ids of the world); defaults to the route's own path. */
  path?: (ids: WorldIds) => string;
  json?: unknown | ((world: World, actor: Actor) => unknown);
  form?: (world: World) => Record<string, string>;
  /** A text/csv body (the CCADB report). */
  csv?: string;
  /**
   * How an app presents itself: its bearer token (default), HTTP Basic with its own client id
   * and secret, Basic with consumer A's client id and its own secret, or nothing at all.
   */
  appAuth?: 'bearer' | 'basic' | 'basic-as-appA' | 'none';
  people: People;
  /** Apps are not people: on /api and /private a token is no session, so by default they fare as anonymous. */
  apps?: Apps;
  /** Unless the row says otherwise, a role from the provider is worth the same role from a password: see ssoOutcomes. */
  sso?: Sso;
  /** On a 2xx answer the body names this id exactly when the actor is one of these. */
  shows?: Partial<Record<keyof WorldIds, readonly Actor[]>>;
}

/**
 * What the SSO actors get: the row's own answer, or by default what owner X, the platform team and
 * consumer B get (B stands for a partner who holds nothing another partner owns).
 */
export function ssoOutcomes(row: Row): Sso {
  return row.sso ?? [row.people[3], row.people[5], row.people[2]];
}

/** Whose `shows` an actor reads: staff through the provider see what their password peers see; the partner, only their own. */
export function showsAs(actor: Actor): Actor {
  if (actor === 'ssoOwnerX') return 'ownerX';
  return actor === 'ssoPlatform' ? 'platform' : actor;
}

/** The SSO actors all get the same answer (a sign-in start, a password they do not have, a partner holding nothing of B's). */
const allSso = (outcome: Outcome): Sso => [outcome, outcome, outcome];

const anyone = (status: number): People => [status, status, status, status, status, status, status];
const signedIn = (status: number): People => [401, status, status, status, status, status, status];
/** Consumer A's own resource: everyone else is told it does not exist. */
const onlyA = (status: number): People => [401, status, 404, 404, 404, 404, 404];
const onlyAdmin = (status: number): People => [401, 403, 403, 403, 403, 403, status];
/** The owner consoles: owners of some API and admins. */
const OWNERS: People = [401, 403, 403, 200, 200, 403, 200];
/** Deciding on something that belongs to API X: its owner and admins, never owner Y, never the requester. */
const X_DECIDES: People = [401, 403, 403, 200, 403, 403, 200];
const PLATFORM: People = [401, 403, 403, 403, 403, 200, 200];
const CCADB_REPORT = readFileSync(path.join(import.meta.dirname, '../fixtures/ccadb/IncludedCACertificateReport.csv'), 'utf8');
const reason = { reason: 'Checked by the authorization matrix' };

const accountRows: Row[] = [
  {
    route: 'POST /api/auth/register',
    json: {
      username: 'nina.new',
      fullName: 'Nina New',
      company: 'New Partner SA',
      email: 'nina@new-partner.example',
      password: 'a long enough passphrase',
      acceptGuidelines: true,
    },
    people: anyone(201),
  },
  // The emailed link alone proves the mailbox, not the account: nobody but the newcomer (signed in, or with the password) completes it.
  { route: 'POST /api/auth/verify-email', json: (world: World) => ({ token: world.verifyToken }), people: anyone(401) },
  {
    route: 'POST /api/auth/verify-email',
    note: 'with the password of another account',
    json: (world: World) => ({ token: world.verifyToken, password: world.passwords.consumerB }),
    people: anyone(401),
  },
  { route: 'POST /api/auth/verify-email/inspect', json: (world: World) => ({ token: world.verifyToken }), people: anyone(200) },
  { route: 'POST /api/auth/verify-email/decline', json: (world: World) => ({ token: world.verifyToken }), people: anyone(200) },
  { route: 'POST /api/auth/resend-verification', people: signedIn(200) },
  {
    route: 'POST /api/auth/sign-in',
    json: (world: World) => ({ identifier: world.emails.consumerA, password: world.passwords.consumerA }),
    people: anyone(200),
  },
  { route: 'POST /api/auth/sign-out', people: anyone(200) },
  // Sign-in through an identity provider (decision 026). This world configures none: the list is
  // empty and every provider is unknown to everyone; tests/unit/oidc-sign-in.test.ts drives a real
  // OpenID Provider through these routes with staff and partners.
  { route: 'GET /api/auth/providers', people: anyone(200) },
  // The SSO actors' deployment has the providers: anyone may start a sign-in there; a state it never issued is refused.
  { route: 'GET /api/auth/oidc/:provider/start', path: () => '/api/auth/oidc/corp/start', people: anyone(404), sso: allSso(302) },
  {
    route: 'GET /api/auth/oidc/:provider/callback',
    path: () => '/api/auth/oidc/corp/callback?code=x&state=y',
    people: anyone(404),
    sso: allSso(400),
  },
  { route: 'POST /api/auth/oidc/sign-out', people: anyone(200) },
  { route: 'POST /api/auth/sign-out-everywhere', people: signedIn(200) },
  { route: 'POST /api/auth/password-reset/request', json: { email: 'jane.doe@broker-partner.example' }, people: anyone(200) },
  {
    route: 'POST /api/auth/password-reset/confirm',
    json: (world: World) => ({ token: world.resetToken, password: 'a brand new passphrase' }),
    people: anyone(200),
  },
  { route: 'GET /api/me', people: anyone(200), shows: { userA: ['consumerA'], userB: ['consumerB'] } },
  // Each partner's journey names their own records (decisions, certificates) and nobody else's.
  {
    route: 'GET /api/me/journey',
    people: signedIn(200),
    shows: { subAClaims: ['consumerA'], certApproved: ['consumerA'], subBPayments: ['consumerB'], subA2Claims: [], subAMtls: [] },
  },
  { route: 'POST /api/me/notices/seen', people: signedIn(200) },
  {
    route: 'POST /api/account/password',
    json: (world: World, actor: Actor) => ({
      currentPassword: actor in world.passwords ? world.passwords[actor as keyof World['passwords']] : 'not anybody password',
      newPassword: 'an entirely new passphrase',
    }),
    people: signedIn(200),
    // An account made through a provider has no password anyone knows (decision 026).
    sso: allSso(403),
  },
  { route: 'GET /api/openapi.json', people: anyone(200) },
  // Mounted only when no email provider is configured and never in production (serve-command.ts).
  { route: 'GET /api/dev/mailbox', people: anyone(200) },
  // The /api fallback: an unknown route is a JSON 404 for everyone, whatever the method.
  { route: 'ALL /api/*', method: 'GET', path: () => '/api/no-such-route', people: anyone(404) },
  { route: 'ALL /api/*', note: 'an unsafe method', method: 'DELETE', path: () => '/api/apps/app_x/no-such-route', people: anyone(404) },
];

const adminRows: Row[] = [
  { route: 'GET /api/admin/users', people: onlyAdmin(200), shows: { userA: ['admin'] } },
  { route: 'GET /api/admin/owner-accounts', people: onlyAdmin(200) },
  {
    route: 'POST /api/admin/users/:id/owner-confirmation',
    note: 'consumer A is listed as no owner: nothing to confirm',
    path: (ids) => `/api/admin/users/${ids.userA}/owner-confirmation`,
    people: onlyAdmin(409),
  },
  {
    route: 'DELETE /api/admin/users/:id/owner-confirmation',
    note: 'consumer A is no confirmed owner',
    path: (ids) => `/api/admin/users/${ids.userA}/owner-confirmation`,
    people: onlyAdmin(404),
  },
  {
    route: 'PATCH /api/admin/users/:id',
    note: 'consumer A makes themselves admin',
    path: (ids) => `/api/admin/users/${ids.userA}`,
    json: { role: 'admin' },
    people: onlyAdmin(200),
  },
  { route: 'GET /api/admin/doc-access', people: onlyAdmin(200), shows: { accAClaims: ['admin'] } },
  { route: 'POST /api/admin/doc-access', json: (world: World) => ({ userId: world.ids.userPlatform, apiSlug: 'claims' }), people: onlyAdmin(201) },
  { route: 'POST /api/admin/doc-access/:id/revoke', path: (ids) => `/api/admin/doc-access/${ids.accAClaims}/revoke`, json: reason, people: onlyAdmin(200) },
  { route: 'GET /api/admin/email-domains', people: onlyAdmin(200) },
  {
    route: 'PUT /api/admin/email-domains/:domain',
    path: () => '/api/admin/email-domains/new-partner.example',
    json: { mode: 'allow' },
    people: onlyAdmin(200),
  },
  { route: 'DELETE /api/admin/email-domains/:domain', path: () => '/api/admin/email-domains/blocked.example', people: onlyAdmin(200) },
  { route: 'GET /api/admin/apis', people: onlyAdmin(200) },
  {
    route: 'POST /api/admin/apis/:slug/owners',
    note: 'owner Y makes themselves an owner of X',
    path: () => '/api/admin/apis/claims/owners',
    json: { email: 'payments-owner@insurer.example' },
    people: onlyAdmin(200),
  },
  { route: 'DELETE /api/admin/apis/:slug/owners/:email', path: () => '/api/admin/apis/quotes/owners/helper@insurer.example', people: onlyAdmin(200) },
  { route: 'GET /api/admin/audit', people: onlyAdmin(200), shows: { accBClaims: ['admin'] } },
];

const docAccessRows: Row[] = [
  // A and B already hold a pending or approved access to payments: one open access per person and API.
  {
    route: 'POST /api/doc-access/requests',
    json: { apiSlug: 'payments', justification: 'We build a broker integration.' },
    people: [401, 409, 409, 201, 201, 201, 201],
    sso: allSso(201),
  },
  { route: 'GET /api/doc-access/mine', people: signedIn(200), shows: { accAClaims: ['consumerA'], accBClaims: ['consumerB'] } },
  { route: 'POST /api/doc-access/requests/:id/withdraw', path: (ids) => `/api/doc-access/requests/${ids.accAPayments}/withdraw`, people: onlyA(200) },
  {
    route: 'GET /api/owner/requests',
    people: OWNERS,
    shows: { accAClaims: ['ownerX', 'admin'], accBClaims: ['ownerX', 'admin'], accBPayments: ['ownerY', 'admin'] },
  },
  {
    route: 'GET /api/owner/requests',
    note: "owner Y filters on X's API",
    path: () => '/api/owner/requests?api=claims',
    people: OWNERS,
    shows: { accBClaims: ['ownerX', 'admin'], accBPayments: [] },
  },
  { route: 'POST /api/owner/requests/:id/approve', path: (ids) => `/api/owner/requests/${ids.accBClaims}/approve`, people: X_DECIDES },
  { route: 'POST /api/owner/requests/:id/refuse', path: (ids) => `/api/owner/requests/${ids.accBClaims}/refuse`, json: reason, people: X_DECIDES },
  { route: 'POST /api/owner/requests/:id/revoke', path: (ids) => `/api/owner/requests/${ids.accAClaims}/revoke`, json: reason, people: X_DECIDES },
  { route: 'GET /api/owner/audit', people: OWNERS, shows: { accBClaims: ['ownerX', 'admin'], accBPayments: ['ownerY', 'admin'] } },
  { route: 'GET /api/owner/audit', note: "owner Y filters on X's API", path: () => '/api/owner/audit?api=claims', people: X_DECIDES },
  // The console's queues and review panel (issue 17): an owner never sees another API's requests; another API's panel does not exist for them.
  {
    route: 'GET /api/owner/queues',
    path: () => '/api/owner/queues?state=all',
    people: OWNERS,
    shows: { accBClaims: ['ownerX', 'admin'], accBPayments: ['ownerY', 'admin'], subAMtls: ['ownerX', 'admin'], certPending: ['ownerX', 'admin'] },
  },
  {
    route: 'GET /api/owner/queues',
    note: "owner Y filters on X's API",
    path: () => '/api/owner/queues?state=all&api=claims',
    people: OWNERS,
    shows: { accBClaims: ['ownerX', 'admin'], accBPayments: [], subAMtls: ['ownerX', 'admin'] },
  },
  {
    route: 'GET /api/owner/reviews/:id',
    path: (ids) => `/api/owner/reviews/${ids.subAMtls}`,
    people: [401, 403, 403, 200, 404, 403, 200],
    shows: { subAMtls: ['ownerX', 'admin'] },
  },
];

const appRows: Row[] = [
  { route: 'GET /api/apps', people: signedIn(200), shows: { appA: ['consumerA'], appB: ['consumerB'] } },
  { route: 'POST /api/apps', json: { name: 'Matrix app', businessContact: 'Someone', technicalContact: 'dev@example.example' }, people: signedIn(201) },
  { route: 'PATCH /api/apps/:id', path: (ids) => `/api/apps/${ids.appA}`, json: { name: 'Taken over' }, people: onlyA(200) },
  { route: 'DELETE /api/apps/:id', path: (ids) => `/api/apps/${ids.appA}`, people: onlyA(200) },
  { route: 'POST /api/apps/:id/secrets', path: (ids) => `/api/apps/${ids.appA}/secrets`, json: { overlapHours: 1 }, people: onlyA(201) },
  { route: 'POST /api/apps/:id/secrets/:secretId/revoke', path: (ids) => `/api/apps/${ids.appA}/secrets/${ids.secretA}/revoke`, people: onlyA(200) },
  {
    route: 'POST /api/apps/:id/secrets/:secretId/revoke',
    note: "A's secret through B's app",
    path: (ids) => `/api/apps/${ids.appB}/secrets/${ids.secretA}/revoke`,
    people: [401, 404, 404, 404, 404, 404, 404],
  },
  {
    route: 'POST /api/apps/:id/api-access',
    path: (ids) => `/api/apps/${ids.appA2}/api-access`,
    json: { apiSlug: 'quotes', environment: 'sandbox' },
    people: onlyA(201),
  },
  {
    route: 'POST /api/apps/:id/api-access',
    note: "B asks for mTLS access with A's certificate",
    path: (ids) => `/api/apps/${ids.appB}/api-access`,
    json: (world: World) => ({ apiSlug: 'claims', environment: 'sandbox', authMethod: 'mtls', certificateId: world.ids.certApproved }),
    people: [401, 404, 422, 404, 404, 404, 404],
    sso: allSso(404),
  },
  { route: 'POST /api/apps/:id/sandbox-token', path: (ids) => `/api/apps/${ids.appA}/sandbox-token`, json: { apiSlug: 'claims' }, people: onlyA(200) },
  {
    route: 'POST /api/apps/:id/sandbox-token',
    note: "B's app asks for a token to X",
    path: (ids) => `/api/apps/${ids.appB}/sandbox-token`,
    json: { apiSlug: 'claims' },
    people: [401, 404, 403, 404, 404, 404, 404],
    sso: allSso(404),
  },
  { route: 'POST /api/api-access/:id/withdraw', path: (ids) => `/api/api-access/${ids.subA2Claims}/withdraw`, people: onlyA(200) },
  { route: 'GET /api/owner/api-access', people: OWNERS, shows: { subAClaims: ['ownerX', 'admin'], subBPayments: ['ownerY', 'admin'] } },
  {
    route: 'GET /api/owner/api-access',
    note: "owner Y filters on X's API",
    path: () => '/api/owner/api-access?api=claims',
    people: OWNERS,
    shows: { subAClaims: ['ownerX', 'admin'] },
  },
  {
    route: 'PUT /api/owner/api-access/:id/review',
    path: (ids) => `/api/owner/api-access/${ids.subAMtls}/review`,
    json: { entitlement: { businessInformation: true, technicalInformation: true, kyc: true, contractAndTerms: true } },
    people: X_DECIDES,
  },
  { route: 'POST /api/owner/api-access/:id/approve', path: (ids) => `/api/owner/api-access/${ids.subA2Claims}/approve`, people: X_DECIDES },
  { route: 'POST /api/owner/api-access/:id/refuse', path: (ids) => `/api/owner/api-access/${ids.subA2Claims}/refuse`, json: reason, people: X_DECIDES },
  { route: 'POST /api/owner/api-access/:id/revoke', path: (ids) => `/api/owner/api-access/${ids.subAClaims}/revoke`, json: reason, people: X_DECIDES },
  // Only a suspended access resumes: X's owner and admins are let through to a 409 on an approved one.
  {
    route: 'POST /api/owner/api-access/:id/resume',
    path: (ids) => `/api/owner/api-access/${ids.subAClaims}/resume`,
    people: [401, 403, 403, 409, 403, 403, 409],
  },
];

const certificateRows: Row[] = [
  { route: 'POST /api/certificates', json: (world: World) => ({ certificate: world.pems.freshLeaf, apiSlug: 'claims' }), people: signedIn(201) },
  { route: 'GET /api/certificates', people: signedIn(200), shows: { certPending: ['consumerA'] } },
  { route: 'GET /api/certificates/:id', path: (ids) => `/api/certificates/${ids.certApproved}`, people: onlyA(200), shows: { certApproved: ['consumerA'] } },
  // Proved already in the world: A's proof again changes nothing (200); for anyone else the certificate does not exist.
  {
    route: 'POST /api/certificates/:id/possession',
    path: (ids) => `/api/certificates/${ids.certPending}/possession`,
    json: { signature: Buffer.alloc(64, 1).toString('base64') },
    people: onlyA(200),
  },
  // Only the holder asks for their certificate's CA; A's is not waiting for one (409); for anyone else it does not exist.
  {
    route: 'POST /api/certificates/:id/ca-request',
    path: (ids) => `/api/certificates/${ids.certPending}/ca-request`,
    json: (world: World) => ({ chain: world.pems.otherCa }),
    people: onlyA(409),
  },
  { route: 'GET /api/owner/certificates', people: OWNERS, shows: { certPending: ['ownerX', 'admin'] } },
  { route: 'POST /api/owner/certificates/:id/approve', path: (ids) => `/api/owner/certificates/${ids.certPending}/approve`, people: X_DECIDES },
  { route: 'POST /api/owner/certificates/:id/refuse', path: (ids) => `/api/owner/certificates/${ids.certPending}/refuse`, json: reason, people: X_DECIDES },
  { route: 'POST /api/certificates/:id/report-revoked', path: (ids) => `/api/certificates/${ids.certApproved}/report-revoked`, people: onlyA(200) },
  { route: 'GET /api/owner/certificate-cases', people: OWNERS, shows: { certReported: ['ownerX', 'admin'] } },
  { route: 'POST /api/owner/certificate-cases/:id/handled', path: (ids) => `/api/owner/certificate-cases/${ids.certReported}/handled`, people: X_DECIDES },
  {
    route: 'POST /api/registry/requests',
    json: (world: World) => ({ name: 'Other Partner Root', certificate: world.pems.otherCa, reason: 'A partner uses it' }),
    people: [401, 403, 403, 201, 201, 403, 201],
  },
  { route: 'GET /api/registry/requests', people: PLATFORM, shows: { caRequest: ['platform', 'admin'] } },
  {
    route: 'POST /api/registry/requests/:id/decide',
    path: (ids) => `/api/registry/requests/${ids.caRequest}/decide`,
    json: { add: false, reason: 'Not EV' },
    people: PLATFORM,
  },
  { route: 'GET /api/registry/cas', people: PLATFORM },
  { route: 'PUT /api/registry/cas', json: (world: World) => ({ name: 'Other Partner Root', certificate: world.pems.otherCa, ev: true }), people: PLATFORM },
  { route: 'GET /api/registry/ccadb', people: PLATFORM },
  { route: 'POST /api/registry/ccadb', csv: CCADB_REPORT, people: [401, 403, 403, 403, 403, 201, 201] },
  { route: 'POST /api/registry/cas/retire', json: { name: 'Entrust Root Certification Authority', reason: 'Expired on 2026-11-27' }, people: PLATFORM },
];

export const API_ROWS: Row[] = [...accountRows, ...adminRows, ...docAccessRows, ...appRows, ...certificateRows];
