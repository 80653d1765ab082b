import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiAccess } from '../../server/db/schema.ts';
import { runCertificateLifecycle } from '../../server/services/certificate-lifecycle.ts';
import { createServiceContext } from '../../server/services/context.ts';
import { confirmOwner, registerAdmin, registerVerified } from '../support/make-admin.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki } from '../support/openssl-pki.ts';
import { BOB, JANE } from '../support/people.ts';
import { provePossession } from '../support/prove-possession.ts';
import { ORIGIN, TEST_APIS, createTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue 16 item 3, in production: a renewal approved after the old certificate expired moves the
 * suspended production mTLS access to it, but resumes it only if its approver may (two people:
 * not the owner who recorded the call-back). Otherwise it waits, moved, and another owner's one
 * Resume brings it back — before this, nobody could resume it with an expired certificate.
 */

const DAY = 86_400_000;
let dir: string;
let portal: TestPortal | undefined;
let ahead = 0;
const now = () => Date.now() + ahead;
const opensslDate = (at: number) => `${new Date(at).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-renewal-prod-'));
});
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('renewal approved by the call-back recorder: the access moves and waits; the second owner resumes it in one click', async () => {
  const pki = new OpensslPki(dir);
  const root = pki.selfSigned('Production Renewal Root', { extensions: CA_EXTENSIONS });
  const oldLeaf = pki.issue('prod.broker-partner.example', root, {
    extensions: LEAF_EXTENSIONS,
    startDate: opensslDate(Date.now() - DAY),
    endDate: opensslDate(Date.now() + 3 * DAY),
  });
  const renewed = pki.issue('prod-renewed.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
  portal = await createTestPortal({ now });
  const jane = await registerVerified(portal, JANE);
  const admin = await registerAdmin(portal);
  const first = await registerVerified(portal, { ...BOB, username: 'claims.owner', fullName: 'Claire Claims', email: 'claims-owner@insurer.example' });
  const second = await registerVerified(portal, { ...BOB, username: 'claims.second', fullName: 'Sam Second', email: 'claims-second@insurer.example' });
  expect((await admin.client.request('/api/admin/apis/claims/owners', { json: { email: 'claims-second@insurer.example' } })).status).toBe(200);
  await confirmOwner(portal, second.id);
  await admin.client.request('/api/registry/cas', { method: 'PUT', json: { name: root.name, certificate: root.pem, ev: true } });

  const docs = await (
    await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'A claims app for our brokers.' } })
  ).json();
  await first.client.request(`/api/owner/requests/${docs.id}/approve`, { method: 'POST' });
  const { id: oldId } = await (await jane.client.request('/api/certificates', { json: { certificate: oldLeaf.pem, apiSlug: 'claims' } })).json();
  await provePossession(jane.client, oldId, oldLeaf.keyFile);
  expect((await first.client.request(`/api/owner/certificates/${oldId}/approve`, { method: 'POST' })).status).toBe(200);
  const { clientId } = await (
    await jane.client.request('/api/apps', { json: { name: 'Claims app', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })
  ).json();
  const { id } = await (
    await jane.client.request(`/api/apps/${clientId}/api-access`, {
      json: { apiSlug: 'claims', environment: 'production', authMethod: 'mtls', certificateId: oldId },
    })
  ).json();
  const review = {
    entitlement: { businessInformation: true, technicalInformation: true, kyc: true, contractAndTerms: true },
    callBack: {
      phoneFromContract: '+33 1 23 45 67 89',
      calledBy: 'Claire Claims',
      calledAt: '2026-11-23T10:00:00Z',
      subjectConfirmed: true,
      issuerConfirmed: true,
    },
  };
  expect((await first.client.request(`/api/owner/api-access/${id}/review`, { method: 'PUT', json: review })).status).toBe(200);
  expect((await second.client.request(`/api/owner/api-access/${id}/approve`, { method: 'POST' })).status).toBe(200);

  ahead = 4 * DAY;
  const services = createServiceContext({
    db: portal.handle.db,
    siteUrl: ORIGIN,
    manifest: { formatVersion: 1, builtAt: '', publicDir: 'public', apis: TEST_APIS },
    now,
  });
  await runCertificateLifecycle(services, 'day-4');
  const stored = async () => (await (portal as TestPortal).handle.db.select().from(apiAccess).where(eq(apiAccess.id, id)))[0];
  expect((await stored())?.status).toBe('suspended');
  // With the expired certificate, nobody can resume it: the checklist needs an approved certificate.
  expect((await second.client.request(`/api/owner/api-access/${id}/resume`, { method: 'POST' })).status).not.toBe(200);

  const { id: renewedId } = await (await jane.client.request('/api/certificates', { json: { certificate: renewed.pem, apiSlug: 'claims' } })).json();
  await provePossession(jane.client, renewedId, renewed.keyFile);
  expect((await first.client.request(`/api/owner/certificates/${renewedId}/approve`, { method: 'POST' })).status).toBe(200);
  expect(await stored()).toMatchObject({ status: 'suspended', certificateId: renewedId });
  const told = (await portal.emails('jane.doe@broker-partner.example')).find((mail) => mail.subject.startsWith('Your renewed certificate for Claims API'));
  expect(told?.text).toContain('The mTLS access of Claims app now uses it too, and waits for an API owner to resume it.');

  expect((await first.client.request(`/api/owner/api-access/${id}/resume`, { method: 'POST' })).status).toBe(403);
  expect((await second.client.request(`/api/owner/api-access/${id}/resume`, { method: 'POST' })).status).toBe(200);
  expect(await stored()).toMatchObject({ status: 'approved', certificateId: renewedId });
});
