import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiAccess, auditEvents } from '../../server/db/schema.ts';
import { confirmOwner, registerAdmin, registerVerified } from '../support/make-admin.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { BOB, JANE } from '../support/people.ts';
import { provePossession } from '../support/prove-possession.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

type Person = { client: TestClient; id: string };
let dir: string;
let root: Credential;
let leaf: Credential;
let ownersLeaf: Credential;
let portal: TestPortal;
let jane: Person;
let first: Person;
let second: Person;
let admin: Person;

const entitlement = { businessInformation: true, technicalInformation: true, kyc: true, contractAndTerms: true };
const callBack = {
  phoneFromContract: '+33 1 23 45 67 89',
  calledBy: 'Claire Claims',
  calledAt: '2026-11-23T10:00:00Z',
  subjectConfirmed: true,
  issuerConfirmed: true,
};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-two-person-'));
  const pki = new OpensslPki(dir);
  root = pki.selfSigned('Two Person Root', { extensions: CA_EXTENSIONS, key: 'ec:P-256' });
  leaf = pki.issue('jane.broker-partner.example', root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
  ownersLeaf = pki.issue('owner.insurer.example', root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
  portal = await createTestPortal();
  jane = await registerVerified(portal, JANE);
  admin = await registerAdmin(portal);
  first = await registerVerified(portal, { ...BOB, username: 'claims.owner', fullName: 'Claire Claims', email: 'claims-owner@insurer.example' });
  second = await registerVerified(portal, { ...BOB, username: 'claims.second', fullName: 'Sam Second', email: 'claims-second@insurer.example' });
  expect((await admin.client.request('/api/admin/apis/claims/owners', { json: { email: 'claims-second@insurer.example' } })).status).toBe(200);
  await confirmOwner(portal, second.id);
  await admin.client.request('/api/registry/cas', { method: 'PUT', json: { name: root.name, certificate: root.pem, ev: true } });
});
afterEach(async () => portal.close());

/** Jane, with documentation access, a proved and approved certificate and an app, asks for production mTLS access to claims. */
async function productionRequest(): Promise<string> {
  const docs = await (
    await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'A claims app for our brokers.' } })
  ).json();
  await first.client.request(`/api/owner/requests/${docs.id}/approve`, { method: 'POST' });
  const { id: certificateId } = await (await jane.client.request('/api/certificates', { json: { certificate: leaf.pem, apiSlug: 'claims' } })).json();
  await provePossession(jane.client, certificateId, leaf.keyFile);
  expect((await first.client.request(`/api/owner/certificates/${certificateId}/approve`, { method: 'POST' })).status).toBe(200);
  const { clientId } = await (
    await jane.client.request('/api/apps', { json: { name: 'Claims app', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })
  ).json();
  const response = await jane.client.request(`/api/apps/${clientId}/api-access`, {
    json: { apiSlug: 'claims', environment: 'production', authMethod: 'mtls', certificateId },
  });
  expect(response.status).toBe(201);
  return (await response.json()).id;
}
const review = (person: Person, id: string, json: unknown) => person.client.request(`/api/owner/api-access/${id}/review`, { method: 'PUT', json });
const approve = (person: Person, id: string) => person.client.request(`/api/owner/api-access/${id}/approve`, { method: 'POST' });
const stored = async (id: string) => (await portal.handle.db.select().from(apiAccess).where(eq(apiAccess.id, id)))[0];

describe('production mTLS approval needs two people', () => {
  it('the owner who recorded the call-back cannot approve (403 second_person, nothing changes); a second owner approves, audited with the recorder', async () => {
    const id = await productionRequest();
    expect((await (await review(first, id, { entitlement, callBack })).json()).canApprove).toBe(true);
    expect((await stored(id))?.review).toMatchObject({ callBackRecordedBy: first.id });
    const before = await stored(id);
    const refused = await approve(first, id);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('second_person');
    expect(await stored(id)).toEqual(before);

    // Saving the review again without changing the call-back does not make the second owner its recorder.
    expect((await review(second, id, { entitlement: { ...entitlement, notes: 'checked' }, callBack })).status).toBe(200);
    expect((await stored(id))?.review).toMatchObject({ callBackRecordedBy: first.id });
    expect((await approve(first, id)).status).toBe(403);
    expect((await approve(second, id)).status).toBe(200);
    const [approved] = await portal.handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'api_access.approved'));
    expect(approved?.actorId).toBe(second.id);
    expect(approved?.reason).toContain('claims-owner@insurer.example');
  });

  it('an administrator may be the second person', async () => {
    const id = await productionRequest();
    await review(first, id, { entitlement, callBack });
    expect((await approve(admin, id)).status).toBe(200);
  });

  it('whoever changes the call-back becomes its recorder', async () => {
    const id = await productionRequest();
    await review(first, id, { entitlement, callBack });
    await review(second, id, { entitlement, callBack: { ...callBack, calledBy: 'Sam Second', calledAt: '2026-11-24T09:00:00Z' } });
    expect((await approve(second, id)).status).toBe(403);
    expect((await approve(first, id)).status).toBe(200);
  });

  it('the recorder comes from the session, never from the body', async () => {
    const id = await productionRequest();
    const forged = await review(first, id, { entitlement, callBack, callBackRecordedBy: second.id });
    expect(forged.status).toBe(400);
    const nested = await review(first, id, { entitlement, callBack: { ...callBack, callBackRecordedBy: second.id } });
    expect(nested.status).toBe(400);
    expect((await stored(id))?.review).toBeNull();
  });
});

describe('nobody decides their own request', () => {
  it('an owner who uploads a certificate for their own API cannot approve it (403 own_request)', async () => {
    const { id } = await (await first.client.request('/api/certificates', { json: { certificate: ownersLeaf.pem, apiSlug: 'claims' } })).json();
    await provePossession(first.client, id, ownersLeaf.keyFile);
    const own = await first.client.request(`/api/owner/certificates/${id}/approve`, { method: 'POST' });
    expect(own.status).toBe(403);
    expect((await own.json()).error.code).toBe('own_request');
    expect((await second.client.request(`/api/owner/certificates/${id}/approve`, { method: 'POST' })).status).toBe(200);
  });

  it("an owner's own app asking for access to their API is decided by someone else (403 own_request)", async () => {
    const { clientId } = await (
      await first.client.request('/api/apps', { json: { name: 'Owner test app', businessContact: 'Claire', technicalContact: 'claire@insurer.example' } })
    ).json();
    const { id } = await (await first.client.request(`/api/apps/${clientId}/api-access`, { json: { apiSlug: 'claims', environment: 'sandbox' } })).json();
    const own = await approve(first, id);
    expect(own.status).toBe(403);
    expect((await own.json()).error.code).toBe('own_request');
    expect((await approve(second, id)).status).toBe(200);
  });
});
