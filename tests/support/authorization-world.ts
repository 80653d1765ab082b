import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { loadSpec } from '../../plugins/portico/spec/load-specs.ts';
import type { JsonObject } from '../../plugins/portico/contract.ts';
import { createApp } from '../../server/app.ts';
import { openDatabase } from '../../server/db/client.ts';
import { users } from '../../server/db/schema.ts';
import type { LoadedSite } from '../../server/site/load-site.ts';
import { SSO_ACTORS, startSsoDeployment, type SsoActor } from './authorization-sso.ts';
import { projectRoot } from './fixture-paths.ts';
import { registerAdmin, registerVerified } from './make-admin.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from './openssl-pki.ts';
import { BOB, JANE } from './people.ts';
import { provePossession } from './prove-possession.ts';
import { syntheticSite } from './synthetic-site.ts';
import { ORIGIN, TEST_APIS, createTestPortal, tokenFromEmail, type TestClient, type TestPortal } from './test-portal.ts';

/**
 * The world of the authorization matrix: seven people, two apps with credentials, and real
 * resources belonging to each of them, built once through the API. Every unsafe request then
 * runs against its own copy of that database, so no cell sees what another cell changed.
 */

export const SESSION_ACTORS = ['anonymous', 'consumerA', 'consumerB', 'ownerX', 'ownerY', 'platform', 'admin'] as const;
/** Apps (OAuth clients), not people: consumer A's app is approved for X and quotes, B's for Y. */
export const CLIENT_ACTORS = ['appA', 'appB'] as const;
type SessionActor = (typeof SESSION_ACTORS)[number];
export type ClientActor = (typeof CLIENT_ACTORS)[number];
export { SSO_ACTORS, type SsoActor };
export type Actor = SessionActor | SsoActor | ClientActor;
type Person = Exclude<SessionActor, 'anonymous'>;

/** Named ids of the world; the comment says whose it is and in which state. */
export interface WorldIds {
  userA: string;
  userB: string;
  userPlatform: string;
  accAClaims: string; // A's documentation access to X (claims): approved
  accAPayments: string; // A's request for Y (payments): pending
  accBClaims: string; // B's request for X: pending
  accBPayments: string; // B's access to Y: approved
  appA: string; // A's app: sandbox access to X and quotes approved, mTLS access to X pending
  appA2: string; // A's second app: sandbox access to X pending
  appB: string; // B's app: sandbox access to Y approved
  secretA: string; // appA's live client secret
  subAClaims: string;
  subAQuotes: string;
  subAMtls: string;
  subA2Claims: string;
  subBPayments: string;
  certPending: string; // A's certificates for X: pending, approved, reported revoked (an open case)
  certApproved: string;
  certReported: string;
  caRequest: string; // owner X asks the platform team to accept a CA: pending
}

export interface World {
  ids: WorldIds;
  passwords: Record<Person, string>;
  emails: Record<Person, string>;
  clients: Record<ClientActor, { id: string; secret: string; token: string }>;
  verifyToken: string;
  resetToken: string;
  /** A CA certificate nobody has added yet, and a leaf nobody has uploaded yet. */
  pems: { otherCa: string; freshLeaf: string };
  site: LoadedSite;
  portal: TestPortal;
  /** The session cookie of a person; undefined for anonymous. */
  cookieOf(actor: SessionActor | SsoActor): string | undefined;
  /** `sso`: to the deployment with OpenID Providers (authorization-sso.ts), where the SSO actors sign in. */
  send(method: string, pathname: string, init: { headers: Record<string, string>; body?: string }, deployment?: 'sso'): Promise<CellResponse>;
  close(): Promise<void>;
}

export interface CellResponse {
  status: number;
  location: string | null;
  text: string;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

async function sandboxSpecs(): Promise<Record<string, JsonObject>> {
  const specs: Record<string, JsonObject> = {};
  for (const slug of ['claims', 'payments', 'quotes']) specs[slug] = (await loadSpec(path.join(projectRoot, 'openapi', `${slug}.yaml`))).api!.document;
  return specs;
}

async function expectStatus(response: Response, status: number, what: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`world set-up: ${what} answered ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

type Cast = Record<Person, { client: TestClient; id: string }>;

async function registerCast(portal: TestPortal): Promise<{ cast: Cast; passwords: World['passwords']; emails: World['emails'] }> {
  const forms = {
    consumerA: JANE,
    consumerB: BOB,
    ownerX: { ...BOB, username: 'claims.owner', fullName: 'Xavier Claims', email: 'claims-owner@insurer.example' },
    ownerY: { ...BOB, username: 'payments.owner', fullName: 'Yvonne Payments', email: 'payments-owner@insurer.example' },
    platform: { ...BOB, username: 'platform', fullName: 'Pat Platform', email: 'platform@insurer.example' },
  };
  const cast = {} as Cast;
  for (const [actor, form] of Object.entries(forms)) cast[actor as Person] = await registerVerified(portal, form);
  await portal.handle.db.update(users).set({ role: 'platform' }).where(eq(users.id, cast.platform.id));
  cast.admin = await registerAdmin(portal);
  const emails = {
    ...Object.fromEntries(Object.entries(forms).map(([actor, form]) => [actor, form.email.toLowerCase()])),
    admin: 'admin@insurer.example',
  } as World['emails'];
  const passwords = {
    ...Object.fromEntries(Object.keys(forms).map((actor) => [actor, actor === 'consumerA' ? JANE.password : BOB.password])),
    admin: BOB.password,
  } as World['passwords'];
  return { cast, passwords, emails };
}

async function setUpDocAccess(cast: Cast) {
  const ask = async (who: Person, apiSlug: string) =>
    (
      await expectStatus(
        await cast[who].client.request('/api/doc-access/requests', { json: { apiSlug, justification: `${who} builds a broker integration` } }),
        201,
        `${who} asks for ${apiSlug}`,
      )
    ).id as string;
  const approve = async (who: Person, id: string) =>
    expectStatus(await cast[who].client.request(`/api/owner/requests/${id}/approve`, { method: 'POST' }), 200, `${who} approves ${id}`);
  const ids = {
    accAClaims: await ask('consumerA', 'claims'),
    accAPayments: await ask('consumerA', 'payments'),
    accBClaims: await ask('consumerB', 'claims'),
    accBPayments: await ask('consumerB', 'payments'),
  };
  await approve('ownerX', ids.accAClaims);
  await approve('ownerY', ids.accBPayments);
  return ids;
}

async function setUpCertificates(cast: Cast, dir: string) {
  const pki = new OpensslPki(dir);
  const root = pki.selfSigned('Matrix EV Root', { extensions: CA_EXTENSIONS, key: 'ec:P-256' });
  const leaf = (name: string) => pki.issue(`${name}.broker-partner.example`, root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
  await expectStatus(
    await cast.platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: root.name, certificate: root.pem, ev: true } }),
    200,
    'platform adds the root',
  );
  // A uploads and proves she holds the private key (signing the challenge), as the certificate page asks.
  const upload = async (credential: Credential) => {
    const id = (
      await expectStatus(
        await cast.consumerA.client.request('/api/certificates', { json: { certificate: credential.pem, apiSlug: 'claims' } }),
        201,
        'A uploads a certificate',
      )
    ).id as string;
    await provePossession(cast.consumerA.client, id, credential.keyFile);
    return id;
  };
  const approve = async (id: string) =>
    expectStatus(await cast.ownerX.client.request(`/api/owner/certificates/${id}/approve`, { method: 'POST' }), 200, 'X approves a certificate');
  const ids = { certPending: await upload(leaf('pending')), certApproved: await upload(leaf('approved')), certReported: await upload(leaf('reported')) };
  await approve(ids.certApproved);
  await approve(ids.certReported);
  await expectStatus(
    await cast.consumerA.client.request(`/api/certificates/${ids.certReported}/report-revoked`, { method: 'POST' }),
    200,
    'A reports a revoked certificate',
  );
  const otherCa = pki.selfSigned('Other Partner Root', { extensions: CA_EXTENSIONS, key: 'ec:P-256' }).pem;
  const caRequest = (
    await expectStatus(
      await cast.ownerX.client.request('/api/registry/requests', {
        json: { name: 'Other Partner Root', certificate: otherCa, reason: 'Our partner Other uses it' },
      }),
      201,
      'X asks for a CA',
    )
  ).id as string;
  return { ids: { ...ids, caRequest }, pems: { otherCa, freshLeaf: leaf('fresh').pem } };
}

async function setUpApps(cast: Cast, certApproved: string) {
  const create = async (who: Person, name: string) =>
    expectStatus(
      await cast[who].client.request('/api/apps', { json: { name, businessContact: `${who} business`, technicalContact: `${who} tech` } }),
      201,
      `${who} creates ${name}`,
    ) as Promise<{ clientId: string; clientSecret: string }>;
  const ask = async (who: Person, appId: string, json: object) =>
    (await expectStatus(await cast[who].client.request(`/api/apps/${appId}/api-access`, { json }), 201, `${who} asks for API access`)).id as string;
  const approve = async (who: Person, id: string) =>
    expectStatus(await cast[who].client.request(`/api/owner/api-access/${id}/approve`, { method: 'POST' }), 200, `${who} approves ${id}`);
  const a = await create('consumerA', 'A main app');
  const a2 = await create('consumerA', 'A second app');
  const b = await create('consumerB', 'B app');
  const ids = {
    appA: a.clientId,
    appA2: a2.clientId,
    appB: b.clientId,
    subAClaims: await ask('consumerA', a.clientId, { apiSlug: 'claims', environment: 'sandbox' }),
    subAQuotes: await ask('consumerA', a.clientId, { apiSlug: 'quotes', environment: 'sandbox' }),
    subAMtls: await ask('consumerA', a.clientId, { apiSlug: 'claims', environment: 'sandbox', authMethod: 'mtls', certificateId: certApproved }),
    subA2Claims: await ask('consumerA', a2.clientId, { apiSlug: 'claims', environment: 'sandbox' }),
    subBPayments: await ask('consumerB', b.clientId, { apiSlug: 'payments', environment: 'sandbox' }),
  };
  await approve('ownerX', ids.subAClaims);
  await approve('admin', ids.subAQuotes);
  await approve('ownerY', ids.subBPayments);
  const listed = (await expectStatus(await cast.consumerA.client.request('/api/apps'), 200, 'A lists apps')) as {
    apps: Array<{ id: string; secrets: Array<{ id: string }> }>;
  };
  const secretA = listed.apps.find((app) => app.id === a.clientId)?.secrets[0]?.id ?? '';
  return { ids: { ...ids, secretA }, secrets: { appA: a, appB: b } };
}

async function tokenFor(portal: TestPortal, clientId: string, secret: string): Promise<string> {
  const response = await portal.app.request(`${ORIGIN}/oauth/token`, {
    method: 'POST',
    body: 'grant_type=client_credentials',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
  });
  return (await expectStatus(response, 200, `token for ${clientId}`)).access_token as string;
}

/** Tokens mailed for an unverified newcomer and for consumer B's password reset: whoever holds them may use them. */
async function setUpEmailTokens(portal: TestPortal, consumerBEmail: string) {
  const newcomer = portal.client();
  await expectStatus(
    await newcomer.request('/api/auth/register', {
      json: { ...JANE, username: 'newcomer', fullName: 'Nia Newcomer', email: 'newcomer@broker-partner.example' },
    }),
    201,
    'newcomer registers',
  );
  await expectStatus(await portal.client().request('/api/auth/password-reset/request', { json: { email: consumerBEmail } }), 200, 'reset request');
  return {
    verifyToken: await tokenFromEmail(portal, 'newcomer@broker-partner.example', 'verify-email'),
    resetToken: await tokenFromEmail(portal, consumerBEmail, 'reset-password'),
  };
}

export async function buildWorld(): Promise<World> {
  // Hundreds of throwaway database copies: in memory where the machine offers a tmpfs.
  const dir = await mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'portico-authz-'));
  const specs = await sandboxSpecs();
  const portal = await createTestPortal({}, specs);
  const site = syntheticSite(TEST_APIS, specs);
  const { cast, passwords, emails } = await registerCast(portal);
  const docIds = await setUpDocAccess(cast);
  const certificates = await setUpCertificates(cast, path.join(dir, 'pki'));
  const apps = await setUpApps(cast, certificates.ids.certApproved);
  await expectStatus(
    await cast.admin.client.request('/api/admin/email-domains/blocked.example', { method: 'PUT', json: { mode: 'deny' } }),
    200,
    'admin denies a domain',
  );
  await expectStatus(
    await cast.admin.client.request('/api/admin/apis/quotes/owners', { json: { email: 'helper@insurer.example' } }),
    200,
    'admin assigns an owner',
  );
  const clients = {
    appA: {
      id: apps.secrets.appA.clientId,
      secret: apps.secrets.appA.clientSecret,
      token: await tokenFor(portal, apps.secrets.appA.clientId, apps.secrets.appA.clientSecret),
    },
    appB: {
      id: apps.secrets.appB.clientId,
      secret: apps.secrets.appB.clientSecret,
      token: await tokenFor(portal, apps.secrets.appB.clientId, apps.secrets.appB.clientSecret),
    },
  };
  const mailed = await setUpEmailTokens(portal, emails.consumerB);
  const cellRuntime = {
    siteUrl: ORIGIN,
    sessionPolicy: { ttlMs: 30 * 86_400_000 },
    secureCookies: false,
    devMailbox: true,
    limits: { signIn: 1000, register: 1000, reset: 1000 },
  };
  // The people of the deployment with OpenID Providers sign in last: their sessions are in the snapshot.
  const sso = await startSsoDeployment({ ...cellRuntime, db: portal.handle.db }, specs);
  const snapshot = path.join(dir, 'world.db');
  await portal.handle.client.execute(`VACUUM INTO '${snapshot}'`);
  // Opening it once turns the snapshot into WAL mode: every copy then opens without converting.
  (await openDatabase(`file:${snapshot}`)).close();
  const ids: WorldIds = { userA: cast.consumerA.id, userB: cast.consumerB.id, userPlatform: cast.platform.id, ...docIds, ...certificates.ids, ...apps.ids };
  let cells = 0;

  return {
    ids,
    passwords,
    emails,
    clients,
    ...mailed,
    pems: certificates.pems,
    site,
    portal,
    cookieOf: (actor) => {
      if (actor === 'anonymous') return undefined;
      return (SSO_ACTORS as readonly string[]).includes(actor) ? sso.cookieOf(actor as SsoActor) : cast[actor as Person].client.cookie;
    },
    async send(method, pathname, init, deployment) {
      const request = new Request(new URL(pathname, ORIGIN), { method, headers: init.headers, body: init.body });
      if (SAFE.has(method)) return read(await (deployment === 'sso' ? sso.app : portal.app).request(request));
      const file = path.join(dir, `cell-${++cells}.db`);
      await copyFile(snapshot, file);
      const handle = await openDatabase(`file:${file}`);
      try {
        const runtime = { ...cellRuntime, db: handle.db };
        const app = deployment === 'sso' ? createApp({ site: sso.site, runtime: { ...runtime, identity: sso.identity } }) : createApp({ site, runtime });
        return await read(await app.request(request));
      } finally {
        handle.close();
        await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(file + suffix, { force: true })));
      }
    },
    async close() {
      await sso.close();
      await portal.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function read(response: Response): Promise<CellResponse> {
  return { status: response.status, location: response.headers.get('location'), text: await response.text() };
}
