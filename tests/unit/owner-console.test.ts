import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../server/db/schema.ts';
import { registerVerified } from '../support/make-admin.ts';
import { OpenApiResponses } from '../support/openapi-responses.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { BOB, JANE } from '../support/people.ts';
import { provePossession } from '../support/prove-possession.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * The owner console's queues and review panel (issue 17), over the real app: one filter for
 * every queue, oldest first with their age; a review panel with what an owner needs to decide;
 * and an owner never sees another API's requests, in the queues or in a panel.
 */

type Person = { client: TestClient; id: string };
interface Entry {
  id: string;
  kind: string;
  apiSlug: string;
  status: string;
  ageDays: number;
  about: string | null;
}
interface Queues {
  queues: Array<{ name: string; count: number; entries: Entry[] }>;
}

const DAY = 86_400_000;
// Certificates are made now by openssl: the portal's clock starts just after and moves forward.
let clock = Date.now() + 60_000;
let dir: string;
let leaf: Credential;
let root: Credential;
let portal: TestPortal;
let openapi: OpenApiResponses;
let jane: Person;
let claimsOwner: Person;
let paymentsOwner: Person;
const ids = { docsClaims: '', docsPayments: '', certificate: '', secretAccess: '', mtlsAccess: '', productionAccess: '', paymentsAccess: '' };

async function json<T>(response: Response | Promise<Response>): Promise<T> {
  return (await response).json() as Promise<T>;
}

async function queues(person: Person, query = ''): Promise<Record<string, Entry[]>> {
  const response = await person.client.request(`/api/owner/queues${query}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as Queues;
  expect(openapi.problems('get', '/owner/queues', 200, body)).toEqual([]);
  return Object.fromEntries(body.queues.map((queue) => [queue.name, queue.entries]));
}

async function review(person: Person, id: string) {
  const response = await person.client.request(`/api/owner/reviews/${id}`);
  const body = await response.json();
  if (response.status === 200) expect(openapi.problems('get', '/owner/reviews/{id}', 200, body)).toEqual([]);
  return { status: response.status, body };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-owner-console-'));
  const pki = new OpensslPki(dir);
  root = pki.selfSigned('Console EV Root', { extensions: CA_EXTENSIONS, key: 'ec:P-256' });
  leaf = pki.issue('client.broker-partner.example', root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
  portal = await createTestPortal({ now: () => clock });
  openapi = await OpenApiResponses.load(portal);
  const admin = await registerVerified(portal, { ...BOB, username: 'admin', fullName: 'Ada Admin', email: 'admin@insurer.example' });
  await portal.handle.db.update(users).set({ role: 'admin' }).where(eq(users.id, admin.id));
  expect((await admin.client.request('/api/registry/cas', { method: 'PUT', json: { name: root.name, certificate: root.pem, ev: true } })).status).toBe(200);
  jane = await registerVerified(portal, JANE);
  claimsOwner = await registerVerified(portal, { ...BOB, username: 'claims.owner', fullName: 'Claire Claims', email: 'claims-owner@insurer.example' });
  paymentsOwner = await registerVerified(portal, { ...BOB, username: 'payments.owner', fullName: 'Paul Payments', email: 'payments-owner@insurer.example' });

  // Day 0: documentation access to claims, approved at once; to payments, left pending.
  ids.docsClaims = (
    await json<{ id: string }>(jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'Brokers file claims.' } }))
  ).id;
  expect((await claimsOwner.client.request(`/api/owner/requests/${ids.docsClaims}/approve`, { method: 'POST' })).status).toBe(200);
  ids.docsPayments = (
    await json<{ id: string }>(jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'payments', justification: 'Refunds for our brokers.' } }))
  ).id;
  expect(ids.docsPayments).toMatch(/^acc_/);
  const app = await json<{ clientId: string }>(
    jane.client.request('/api/apps', {
      json: { name: 'Claims desk', description: 'Files claims for our brokers', businessContact: 'Jane Doe', technicalContact: 'dev@broker-partner.example' },
    }),
  );
  // Day 1: the certificate, proved and approved; day 2: client-secret sandbox access; day 5: mTLS sandbox and production.
  clock += DAY;
  const uploaded = await json<{ id: string }>(jane.client.request('/api/certificates', { json: { certificate: leaf.pem, apiSlug: 'claims' } }));
  if (!uploaded.id) throw new Error(JSON.stringify(uploaded));
  ids.certificate = uploaded.id;
  await provePossession(jane.client, ids.certificate, leaf.keyFile);
  expect((await claimsOwner.client.request(`/api/owner/certificates/${ids.certificate}/approve`, { method: 'POST' })).status).toBe(200);
  clock += DAY;
  const ask = async (body: object) => (await json<{ id: string }>(jane.client.request(`/api/apps/${app.clientId}/api-access`, { json: body }))).id;
  ids.secretAccess = await ask({ apiSlug: 'claims', environment: 'sandbox' });
  clock += 3 * DAY;
  ids.mtlsAccess = await ask({ apiSlug: 'claims', environment: 'sandbox', authMethod: 'mtls', certificateId: ids.certificate });
  ids.productionAccess = await ask({ apiSlug: 'claims', environment: 'production', authMethod: 'mtls', certificateId: ids.certificate });
  clock += DAY;
}, 120_000);
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the queues: one filter for every queue, oldest first with their age', () => {
  it('waiting: the documentation queue is empty while an app request waits in its own queue (no "Nothing here." over a pending request)', async () => {
    const waiting = await queues(claimsOwner);
    expect(Object.keys(waiting)).toEqual(['documentation', 'app_access', 'certificates', 'mtls_reviews']);
    expect(waiting.documentation).toEqual([]);
    expect(waiting.app_access).toEqual([expect.objectContaining({ id: ids.secretAccess, about: 'Claims desk', ageDays: 4 })]);
    expect(waiting.certificates).toEqual([]);
    expect(waiting.mtls_reviews!.map((entry) => [entry.id, entry.ageDays])).toEqual([
      [ids.mtlsAccess, 1],
      [ids.productionAccess, 1],
    ]);
  });

  it('decided: the same filter applies to documentation and certificates alike', async () => {
    const decided = await queues(claimsOwner, '?state=decided');
    expect(decided.documentation).toEqual([expect.objectContaining({ id: ids.docsClaims, status: 'approved', ageDays: 6 })]);
    expect(decided.certificates).toEqual([
      expect.objectContaining({ id: ids.certificate, status: 'approved', about: expect.stringContaining('client.broker-partner.example') }),
    ]);
    expect(decided.app_access).toEqual([]);
    const all = await queues(claimsOwner, '?state=all');
    expect(Object.values(all).flat()).toHaveLength(5);
  });
});

describe('the review panel', () => {
  it('an mTLS sandbox request: requester, earlier requests, the app, the certificate, the checklist in the seed words', async () => {
    const { status, body } = await review(claimsOwner, ids.mtlsAccess);
    expect(status).toBe(200);
    expect(body.request).toMatchObject({ kind: 'api_access', environment: 'sandbox', authMethod: 'mtls', status: 'pending' });
    expect(body.requester).toEqual({
      fullName: 'Jane Doe',
      email: 'jane.doe@broker-partner.example',
      company: 'Broker Partner SA',
      emailDomain: 'broker-partner.example',
      domainVerified: true,
      accountCreatedAt: expect.any(Number),
    });
    expect(body.earlierRequests.map((entry: Entry) => [entry.kind, entry.apiSlug, entry.status])).toEqual([
      ['doc_access', 'claims', 'approved'],
      ['certificate', 'claims', 'approved'],
      ['api_access', 'claims', 'pending'],
      ['api_access', 'claims', 'pending'],
    ]);
    expect(body.app).toEqual({
      name: 'Claims desk',
      description: 'Files claims for our brokers',
      businessContact: 'Jane Doe',
      technicalContact: 'dev@broker-partner.example',
      otherAccess: [
        { apiSlug: 'claims', environment: 'sandbox', authMethod: 'client_secret', status: 'pending' },
        { apiSlug: 'claims', environment: 'production', authMethod: 'mtls', status: 'pending' },
      ],
    });
    expect(body.certificate).toMatchObject({
      subject: expect.stringContaining('CN=client.broker-partner.example'),
      issuer: expect.stringContaining('Console EV Root'),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/i),
      status: 'approved',
      possessionProvedAt: expect.any(Number),
      subjectOrganization: 'Broker Partner SA',
      companyMatchesSubject: true,
      otherAccounts: 0,
    });
    expect(body.checklist.items.map((item: { id: string; requirement: string; done: boolean }) => [item.id, item.requirement, item.done])).toEqual([
      ['automatic_checks', 'mandatory', true],
      ['possession', 'mandatory', true],
      ['identity', 'mandatory', false],
      ['entitlement', 'recommended', false],
    ]);
    expect(body.checklist.canApprove).toBe(false);
    expect(body).not.toHaveProperty('requester.id');
  });

  it('the panel follows the review: identity confirmed, the sandbox request may be approved', async () => {
    await claimsOwner.client.request(`/api/owner/api-access/${ids.mtlsAccess}/review`, { method: 'PUT', json: { identity: { confirmed: true } } });
    const { body } = await review(claimsOwner, ids.mtlsAccess);
    expect(body.checklist).toMatchObject({ canApprove: true, recorded: { identityConfirmed: true, callBackRecordedByYou: false } });
  });

  it('production: entitlement and the call-back mandatory, with the subject and issuer to confirm on the phone', async () => {
    const { body } = await review(claimsOwner, ids.productionAccess);
    expect(body.checklist.items.map((item: { id: string; requirement: string }) => [item.id, item.requirement])).toEqual([
      ['automatic_checks', 'mandatory'],
      ['possession', 'mandatory'],
      ['entitlement', 'mandatory'],
      ['call_back', 'mandatory'],
    ]);
    expect(body.certificate.subject).toContain('client.broker-partner.example');
    expect(body.certificate.issuer).toContain('Console EV Root');
  });

  it('a certificate and a documentation request have their panels too (no app, no checklist for documentation)', async () => {
    const certificate = await review(claimsOwner, ids.certificate);
    expect(certificate.body).toMatchObject({ request: { kind: 'certificate' }, app: null, checklist: null, certificate: { otherAccounts: 0 } });
    const docs = await review(claimsOwner, ids.docsClaims);
    expect(docs.body).toMatchObject({ request: { kind: 'doc_access', justification: 'Brokers file claims.' }, app: null, certificate: null, checklist: null });
    // Revoking it would stop the requester's apps' access to claims: the panel says which.
    expect(docs.body.dependentApiAccess).toEqual([
      { appName: 'Claims desk', environment: 'sandbox', authMethod: 'client_secret', status: 'pending' },
      { appName: 'Claims desk', environment: 'sandbox', authMethod: 'mtls', status: 'pending' },
      { appName: 'Claims desk', environment: 'production', authMethod: 'mtls', status: 'pending' },
    ]);
  });
});

describe('errors', () => {
  it('an unknown or malformed id is not found; a bad filter is refused; anonymous callers sign in; consumers have no console', async () => {
    expect((await review(claimsOwner, 'sub_AAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await review(claimsOwner, 'not-an-id')).status).toBe(404);
    expect((await claimsOwner.client.request('/api/owner/queues?state=soon')).status).toBe(400);
    expect((await portal.client().request('/api/owner/queues')).status).toBe(401);
    expect((await portal.client().request(`/api/owner/reviews/${ids.mtlsAccess}`)).status).toBe(401);
    expect((await jane.client.request('/api/owner/queues')).status).toBe(403);
    expect((await jane.client.request(`/api/owner/reviews/${ids.mtlsAccess}`)).status).toBe(403);
  });
});

describe('security: an owner never sees another API’s requests', () => {
  it('in the queues, whatever the filter', async () => {
    for (const query of ['', '?state=decided', '?state=all', '?api=claims&state=all']) {
      const entries = Object.values(await queues(paymentsOwner, query)).flat();
      expect(entries.every((entry) => entry.apiSlug === 'payments')).toBe(true);
    }
    expect((await queues(paymentsOwner)).documentation!.map((entry) => entry.id)).toEqual([ids.docsPayments]);
  });

  it('in a review panel: another API’s request is not found, and their own panel lists nothing of the other API', async () => {
    for (const id of [ids.mtlsAccess, ids.productionAccess, ids.secretAccess, ids.certificate, ids.docsClaims])
      expect((await review(paymentsOwner, id)).status).toBe(404);
    const { body } = await review(paymentsOwner, ids.docsPayments);
    expect(body.earlierRequests).toEqual([]);
    expect(JSON.stringify(body)).not.toContain('claims');
  });
});
