import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSpec } from '../../plugins/portico/spec/load-specs.ts';
import { apiAccess, auditEvents, docAccess } from '../../server/db/schema.ts';
import { newId } from '../../server/ids.ts';
import { registerAdmin, registerVerified } from '../support/make-admin.ts';
import { discover, oauthErrorOf } from '../support/oauth-client.ts';
import { BOB, JANE } from '../support/people.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue #13, Medium 3: revoking (or refusing) a reader's documentation access to a private API
 * must also stop the API access of that reader's apps — tokens, new tokens and the sandbox.
 */
let clock: number;
let portal: TestPortal;
let jane: { client: TestClient; id: string };
let claimsOwner: { client: TestClient; id: string };
let docAccessId: string;
let appA: { clientId: string; clientSecret: string };
let appB: { clientId: string; clientSecret: string };
let approvedId: string;
let pendingId: string;
let mtlsId: string;
const JANE_EMAIL = 'jane.doe@broker-partner.example';

beforeEach(async () => {
  clock = Date.parse('2026-11-23T10:00:00Z');
  // The private Claims API answers in the sandbox from a real spec (the Quotes one).
  const quotes = await loadSpec(path.join(projectRoot, 'openapi', 'quotes.yaml'));
  portal = await createTestPortal({ now: () => clock }, { claims: quotes.api!.document });
  jane = await registerVerified(portal, JANE);
  claimsOwner = await registerVerified(portal, { ...BOB, username: 'claims.owner', fullName: 'Claire Owner', email: 'claims-owner@insurer.example' });
  docAccessId = (
    await (await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'A claims app for our brokers.' } })).json()
  ).id;
  expect((await claimsOwner.client.request(`/api/owner/requests/${docAccessId}/approve`, { method: 'POST' })).status).toBe(200);
  appA = await (
    await jane.client.request('/api/apps', { json: { name: 'Claims desk', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })
  ).json();
  appB = await (
    await jane.client.request('/api/apps', { json: { name: 'Claims bot', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })
  ).json();
  approvedId = await requestSandbox(appA.clientId);
  expect((await claimsOwner.client.request(`/api/owner/api-access/${approvedId}/approve`, { method: 'POST' })).status).toBe(200);
  pendingId = await requestSandbox(appB.clientId);
  // An approved mTLS production access of the same app: every environment and method is stopped.
  mtlsId = newId('sub');
  await portal.handle.db.insert(apiAccess).values({
    id: mtlsId,
    appId: appA.clientId,
    apiSlug: 'claims',
    environment: 'production',
    authMethod: 'mtls',
    status: 'approved',
    justification: null,
    certificateId: null,
    nextCertificateId: null,
    review: null,
    decidedBy: claimsOwner.id,
    decisionReason: null,
    createdAt: clock,
    decidedAt: clock,
  });
  clock += 1000;
});
afterEach(async () => portal.close());

async function requestSandbox(clientId: string): Promise<string> {
  const response = await jane.client.request(`/api/apps/${clientId}/api-access`, { json: { apiSlug: 'claims', environment: 'sandbox' } });
  expect(response.status).toBe(201);
  return (await response.json()).id;
}

const sandbox = (token: string) =>
  portal.app.request('http://portal.test/sandbox/claims/quotes/QTE-2027-000123', { headers: { Authorization: `Bearer ${token}` } });
const statusOf = async (id: string) => (await portal.handle.db.select().from(apiAccess).where(eq(apiAccess.id, id)))[0];

async function expectApiAccessStopped(token: string): Promise<void> {
  const client = await discover(portal);
  const call = await sandbox(token);
  expect(call.status).toBe(401);
  expect((await client.introspect(appA.clientId, appA.clientSecret, token)).active).toBe(false);
  expect(await oauthErrorOf(client.token(appA.clientId, appA.clientSecret))).toBe('invalid_scope');
  expect(await oauthErrorOf(client.token(appA.clientId, appA.clientSecret, 'basic', 'claims:sandbox'))).toBe('invalid_scope');
  expect(await statusOf(approvedId)).toMatchObject({ status: 'suspended', decisionReason: 'your access to the Claims API documentation was revoked' });
  expect(await statusOf(mtlsId)).toMatchObject({ status: 'suspended' });
  expect(await statusOf(pendingId)).toMatchObject({ status: 'refused', decisionReason: 'your access to the Claims API documentation was revoked' });
}

describe('revoking documentation access stops the API access of the reader’s apps', () => {
  it('the owner console shows what a revocation would suspend, before the owner confirms', async () => {
    const list = await (await claimsOwner.client.request('/api/owner/requests?status=approved')).json();
    const row = list.requests.find((candidate: { access: { id: string } }) => candidate.access.id === docAccessId);
    expect(row.dependentApiAccess).toEqual(
      expect.arrayContaining([
        { appName: 'Claims desk', environment: 'sandbox', authMethod: 'client_secret', status: 'approved' },
        { appName: 'Claims desk', environment: 'production', authMethod: 'mtls', status: 'approved' },
        { appName: 'Claims bot', environment: 'sandbox', authMethod: 'client_secret', status: 'pending' },
      ]),
    );
    expect(row.dependentApiAccess).toHaveLength(3);
  });

  it('owner revokes: the old token dies at the sandbox and introspection, new tokens are refused; audited and emailed', async () => {
    const client = await discover(portal);
    const { access_token } = await client.token(appA.clientId, appA.clientSecret);
    expect((await sandbox(access_token)).status).toBe(200);
    expect((await claimsOwner.client.request(`/api/owner/requests/${docAccessId}/revoke`, { json: { reason: 'Contract ended' } })).status).toBe(200);
    await expectApiAccessStopped(access_token);

    const events = await portal.handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetType, 'api_access'), eq(auditEvents.actorId, claimsOwner.id)));
    const stops = events.filter((event) => event.action === 'api_access.suspended' || event.action === 'api_access.refused');
    expect(stops.map((event) => event.targetId).sort()).toEqual([approvedId, mtlsId, pendingId].sort());
    for (const event of stops) expect(event.reason).toContain(`documentation access ${docAccessId} revoked`);

    const mails = (await portal.emails(JANE_EMAIL)).filter((mail) => mail.template === 'api-access-suspended');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Your apps’ access to Claims API is suspended');
    expect(mails[0]?.text).toContain('Claims desk');
    expect(mails[0]?.text).toContain('Claims bot');
    expect(mails[0]?.text).toContain('your access to the Claims API documentation was revoked');

    const apps = await (await jane.client.request('/api/apps')).json();
    const desk = apps.apps.find((app: { name: string }) => app.name === 'Claims desk');
    expect(desk.apiAccess.find((access: { id: string }) => access.id === approvedId)).toMatchObject({
      status: 'suspended',
      decisionReason: 'your access to the Claims API documentation was revoked',
    });
  });

  it('an admin revokes: the same', async () => {
    const admin = await registerAdmin(portal);
    const { access_token } = await (await discover(portal)).token(appA.clientId, appA.clientSecret);
    expect((await admin.client.request(`/api/admin/doc-access/${docAccessId}/revoke`, { json: { reason: 'Offboarded' } })).status).toBe(200);
    await expectApiAccessStopped(access_token);
  });

  it('refusing a pending documentation request stops API access obtained earlier', async () => {
    // A reader whose grant went back to pending (e.g. restored data) still has approved API access.
    await portal.handle.db.update(docAccess).set({ status: 'pending', decidedAt: null }).where(eq(docAccess.id, docAccessId));
    const { access_token } = await (await discover(portal)).token(appA.clientId, appA.clientSecret);
    expect((await claimsOwner.client.request(`/api/owner/requests/${docAccessId}/refuse`, { json: { reason: 'Not a partner' } })).status).toBe(200);
    expect((await sandbox(access_token)).status).toBe(401);
    expect(await statusOf(approvedId)).toMatchObject({ status: 'suspended', decisionReason: 'your request for the Claims API documentation was refused' });
  });

  it('a public API is not touched by a doc-access decision on a private one', async () => {
    const quotesAccess = await jane.client.request(`/api/apps/${appA.clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } });
    const quotesId = (await quotesAccess.json()).id;
    expect((await claimsOwner.client.request(`/api/owner/requests/${docAccessId}/revoke`, { json: { reason: 'Contract ended' } })).status).toBe(200);
    expect(await statusOf(quotesId)).toMatchObject({ status: 'pending' });
  });
});

describe('a revoked token stays dead (issue #13, Low: re-approval must not revive it)', () => {
  it('issue, revoke, re-approve: the old token is refused at the sandbox and inactive; a new token works', async () => {
    const client = await discover(portal);
    const { access_token: old } = await client.token(appA.clientId, appA.clientSecret);
    expect((await sandbox(old)).status).toBe(200);
    // All in the same millisecond: the clock does not move, so only the binding to the approval can tell.
    expect((await claimsOwner.client.request(`/api/owner/api-access/${approvedId}/revoke`, { json: { reason: 'Pause' } })).status).toBe(200);
    const again = await requestSandbox(appA.clientId);
    expect((await claimsOwner.client.request(`/api/owner/api-access/${again}/approve`, { method: 'POST' })).status).toBe(200);
    expect((await sandbox(old)).status).toBe(401);
    expect((await client.introspect(appA.clientId, appA.clientSecret, old)).active).toBe(false);
    const { access_token: fresh } = await client.token(appA.clientId, appA.clientSecret);
    expect((await sandbox(fresh)).status).toBe(200);
    expect((await client.introspect(appA.clientId, appA.clientSecret, fresh)).active).toBe(true);
  });

  it('a suspension lifted by a later decision on the same row does not revive older tokens either', async () => {
    const client = await discover(portal);
    const { access_token: old } = await client.token(appA.clientId, appA.clientSecret);
    clock += 1;
    await portal.handle.db.update(apiAccess).set({ status: 'suspended', decidedAt: clock }).where(eq(apiAccess.id, approvedId));
    clock += 1;
    await portal.handle.db.update(apiAccess).set({ status: 'approved', decidedAt: clock }).where(eq(apiAccess.id, approvedId));
    expect((await sandbox(old)).status).toBe(401);
    expect((await client.introspect(appA.clientId, appA.clientSecret, old)).active).toBe(false);
    clock += 1;
    const { access_token: fresh } = await client.token(appA.clientId, appA.clientSecret);
    expect((await sandbox(fresh)).status).toBe(200);
  });
});

describe('a suspended access resumes once documentation access is back (no dead end)', () => {
  it('refused while the reader has no documentation access; resumed after a new grant; old tokens stay dead', async () => {
    const client = await discover(portal);
    const { access_token: old } = await client.token(appA.clientId, appA.clientSecret);
    expect((await claimsOwner.client.request(`/api/owner/requests/${docAccessId}/revoke`, { json: { reason: 'Contract paused' } })).status).toBe(200);
    expect(await statusOf(approvedId)).toMatchObject({ status: 'suspended' });

    const early = await claimsOwner.client.request(`/api/owner/api-access/${approvedId}/resume`, { method: 'POST' });
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe('needs_doc_access');
    expect(await statusOf(approvedId)).toMatchObject({ status: 'suspended' });
    // The consumer cannot resume it, nor can an owner of another API.
    expect((await jane.client.request(`/api/owner/api-access/${approvedId}/resume`, { method: 'POST' })).status).toBe(403);

    const asked = await (
      await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'The contract is signed again.' } })
    ).json();
    expect((await claimsOwner.client.request(`/api/owner/requests/${asked.id}/approve`, { method: 'POST' })).status).toBe(200);
    clock += 1000;
    expect((await claimsOwner.client.request(`/api/owner/api-access/${approvedId}/resume`, { method: 'POST' })).status).toBe(200);
    expect(await statusOf(approvedId)).toMatchObject({ status: 'approved' });
    const events = await portal.handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, approvedId), eq(auditEvents.action, 'api_access.approved')));
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect((await portal.emails(JANE_EMAIL)).filter((mail) => mail.template === 'api-access-decided').length).toBeGreaterThanOrEqual(2);

    expect((await sandbox(old)).status).toBe(401);
    const { access_token: fresh } = await client.token(appA.clientId, appA.clientSecret, 'basic', 'claims:sandbox');
    expect((await sandbox(fresh)).status).toBe(200);
    // Only a suspended access resumes.
    expect((await claimsOwner.client.request(`/api/owner/api-access/${approvedId}/resume`, { method: 'POST' })).status).toBe(409);
  });
});
