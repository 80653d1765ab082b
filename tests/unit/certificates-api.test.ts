import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { users } from '../../server/db/schema.ts';
import { registerAdmin, registerVerified } from '../support/make-admin.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { BOB, JANE } from '../support/people.ts';
import { provePossession } from '../support/prove-possession.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

let dir: string;
let pki: OpensslPki;
let root: Credential;
let good: Credential;
let expired: Credential;
let portal: TestPortal;
let jane: { client: TestClient; id: string };
let platform: { client: TestClient; id: string };
let owner: { client: TestClient; id: string };

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-cert-api-'));
  pki = new OpensslPki(dir);
  root = pki.selfSigned('Partner EV Root', { extensions: CA_EXTENSIONS });
  good = pki.issue('client.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
  expired = pki.issue('expired.broker-partner.example', root, { extensions: LEAF_EXTENSIONS, startDate: '20200101000000Z', endDate: '20210101000000Z' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
  portal = await createTestPortal();
  jane = await registerVerified(portal, JANE);
  platform = await registerVerified(portal, { ...BOB, username: 'platform', email: 'platform@insurer.example' });
  await portal.handle.db.update(users).set({ role: 'platform' }).where(eq(users.id, platform.id));
  owner = await registerVerified(portal, { ...BOB, username: 'claims.owner', email: 'claims-owner@insurer.example' });
});
afterEach(async () => portal.close());

const count = async () => (await portal.handle.db.all<{ n: number }>(sql`select count(*) as n from client_certificates`))[0]?.n;

describe('the accepted-CA registry', () => {
  it("starts with the seed's eight authorities: three from Node's store, five awaiting their certificate", async () => {
    const { cas } = await (await platform.client.request('/api/registry/cas')).json();
    expect(cas).toHaveLength(8);
    expect(cas.filter((ca: { source: string }) => ca.source === 'mozilla')).toHaveLength(3);
    expect(cas.filter((ca: { source: string }) => ca.source === 'awaiting').map((ca: { name: string }) => ca.name)).toContain('2014-2044 BNPP Root');
    expect((await jane.client.request('/api/registry/cas')).status).toBe(403);
  });

  it('the platform team adds a CA only when it is a CA and confirmed EV', async () => {
    expect(
      (await platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: 'Partner EV Root', certificate: root.pem, ev: false } })).status,
    ).toBe(422);
    expect((await platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: 'Not a CA', certificate: good.pem, ev: true } })).status).toBe(
      422,
    );
    expect(
      (await platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: 'Partner EV Root', certificate: root.pem, ev: true } })).status,
    ).toBe(200);
    expect((await jane.client.request('/api/registry/cas', { method: 'PUT', json: { name: 'Mine', certificate: root.pem, ev: true } })).status).toBe(403);
  });
});

describe('certificate upload and review', () => {
  it('a good certificate passes every check, waits for the owners, who approve; the registry shows it depends on its CA', async () => {
    await platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: 'Partner EV Root', certificate: root.pem, ev: true } });
    const uploaded = await jane.client.request('/api/certificates', { json: { certificate: good.pem, apiSlug: 'claims' } });
    expect(uploaded.status).toBe(201);
    const { id, checks } = await uploaded.json();
    expect(checks.every((check: { ok: boolean }) => check.ok)).toBe(true);
    expect((await portal.emails('claims-owner@insurer.example')).some((mail) => mail.template === 'certificate-submitted')).toBe(true);
    await provePossession(jane.client, id, good.keyFile);
    expect((await owner.client.request(`/api/owner/certificates/${id}/approve`, { method: 'POST' })).status).toBe(200);
    expect((await portal.emails('jane.doe@broker-partner.example')).at(-1)?.subject).toBe('Your client certificate for Claims API was approved');
    const { cas } = await (await platform.client.request('/api/registry/cas')).json();
    expect(cas.find((ca: { name: string }) => ca.name === 'Partner EV Root').dependents).toHaveLength(1);
  });

  it('an expired certificate is refused with every failed rule, and nothing is stored', async () => {
    await platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: 'Partner EV Root', certificate: root.pem, ev: true } });
    const old = await jane.client.request('/api/certificates', { json: { certificate: expired.pem, apiSlug: 'claims' } });
    expect(old.status).toBe(422);
    const body = await old.json();
    expect(body.error.details.find((check: { rule: string }) => check.rule === 'validity')).toMatchObject({ ok: false });
    expect(await count()).toBe(0);
  });

  it('bad input: a private key, random bytes, 50 certificates, a 10 MB upload — clear 4xx, nothing stored, no key echoed', async () => {
    const key = readFileSync(good.keyFile, 'utf8');
    const keyAnswer = await jane.client.request('/api/certificates', { json: { certificate: key, apiSlug: 'claims' } });
    expect(keyAnswer.status).toBe(422);
    const keyText = await keyAnswer.text();
    expect(keyText).toContain('This is a private key');
    expect(keyText).not.toContain(key.split('\n')[1]);
    expect(
      (
        await jane.client.request('/api/certificates', {
          json: { certificate: Buffer.from('random bytes, not DER at all').toString('base64'), apiSlug: 'claims' },
        })
      ).status,
    ).toBe(422);
    expect((await jane.client.request('/api/certificates', { json: { certificate: root.pem.repeat(50).slice(0, 59_000), apiSlug: 'claims' } })).status).toBe(
      422,
    );
    expect((await jane.client.request('/api/certificates', { json: { certificate: 'A'.repeat(10 * 1024 * 1024), apiSlug: 'claims' } })).status).toBe(413);
    expect(await count()).toBe(0);
    const { sql: rawSql } = await import('drizzle-orm');
    expect(JSON.stringify(await portal.handle.db.all(rawSql`select * from audit_events`))).not.toContain(key.split('\n')[1]);
  });

  it('only owners of that API decide, with a reason to refuse', async () => {
    await platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: 'Partner EV Root', certificate: root.pem, ev: true } });
    const { id } = await (await jane.client.request('/api/certificates', { json: { certificate: good.pem, apiSlug: 'claims' } })).json();
    await provePossession(jane.client, id, good.keyFile);
    expect((await jane.client.request(`/api/owner/certificates/${id}/approve`, { method: 'POST' })).status).toBe(403);
    expect((await platform.client.request(`/api/owner/certificates/${id}/approve`, { method: 'POST' })).status).toBe(403);
    expect((await owner.client.request(`/api/owner/certificates/${id}/refuse`, { json: {} })).status).toBe(400);
    expect((await owner.client.request(`/api/owner/certificates/${id}/refuse`, { json: { reason: 'We could not confirm the company by phone' } })).status).toBe(
      200,
    );
    expect((await owner.client.request(`/api/owner/certificates/${id}/approve`, { method: 'POST' })).status).toBe(409);
  });
});

describe('a CA that is not accepted yet', () => {
  it('keeps a certificate that fits every other rule; an owner asks for the CA; the platform team adds it; the certificate goes to review', async () => {
    const waiting = await jane.client.request('/api/certificates', { json: { certificate: good.pem, apiSlug: 'claims' } });
    expect(waiting.status).toBe(202);
    expect((await waiting.json()).status).toBe('awaiting_ca');
    expect((await portal.emails('claims-owner@insurer.example')).some((mail) => mail.template === 'certificate-submitted')).toBe(false);

    expect(
      (
        await jane.client.request('/api/registry/requests', {
          json: { name: 'Partner EV Root', certificate: root.pem, reason: 'Our partner Broker Partner SA uses it' },
        })
      ).status,
    ).toBe(403);
    expect((await owner.client.request('/api/registry/requests', { json: { name: 'Leaf', certificate: good.pem, reason: 'not a CA' } })).status).toBe(422);
    const requested = await owner.client.request('/api/registry/requests', {
      json: { name: 'Partner EV Root', certificate: root.pem, reason: 'Our partner Broker Partner SA uses it' },
    });
    expect(requested.status).toBe(201);
    const { id } = await requested.json();
    expect((await portal.emails('platform@insurer.example')).at(-1)?.subject).toBe('Request to accept the CA "Partner EV Root"');

    const decided = await platform.client.request(`/api/registry/requests/${id}/decide`, { json: { add: true, ev: true } });
    expect(decided.status).toBe(200);
    expect((await decided.json()).rechecked).toBe(1);
    expect((await portal.emails('claims-owner@insurer.example')).map((mail) => mail.subject)).toEqual(
      expect.arrayContaining(['The CA "Partner EV Root" is now accepted', 'Broker Partner SA submitted a client certificate for Claims API']),
    );
    const mine = (await (await jane.client.request('/api/certificates')).json()).certificates;
    expect(mine[0].status).toBe('pending');
    // The partner hears it too (issue 16: the waiting certificate was a dead end for them).
    const told = (await portal.emails('jane.doe@broker-partner.example')).find(
      (mail) => mail.subject === 'The CA of your certificate for Claims API is now accepted',
    );
    expect(told?.text).toContain('prove you hold its private key');
    expect((await platform.client.request(`/api/registry/requests/${id}/decide`, { json: { add: false, reason: 'late' } })).status).toBe(409);
  });

  it('the platform team can decline, with a reason sent to the owner', async () => {
    const { id } = await (
      await owner.client.request('/api/registry/requests', { json: { name: 'Partner EV Root', certificate: root.pem, reason: 'please' } })
    ).json();
    expect((await platform.client.request(`/api/registry/requests/${id}/decide`, { json: { add: false, reason: 'Not an audited EV CA' } })).status).toBe(200);
    expect((await portal.emails('claims-owner@insurer.example')).at(-1)?.text).toContain('Reason: Not an audited EV CA');
  });
});

describe('mTLS API access and the review checklist', () => {
  async function readyForMtls(): Promise<{ clientId: string; certificateId: string }> {
    await platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: 'Partner EV Root', certificate: root.pem, ev: true } });
    const request = await (
      await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'A claims app for our brokers.' } })
    ).json();
    await owner.client.request(`/api/owner/requests/${request.id}/approve`, { method: 'POST' });
    const { id: certificateId } = await (await jane.client.request('/api/certificates', { json: { certificate: good.pem, apiSlug: 'claims' } })).json();
    const { clientId } = await (
      await jane.client.request('/api/apps', { json: { name: 'Claims app', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })
    ).json();
    return { clientId, certificateId };
  }

  it('needs an approved certificate for that API', async () => {
    const { clientId, certificateId } = await readyForMtls();
    const early = await jane.client.request(`/api/apps/${clientId}/api-access`, {
      json: { apiSlug: 'claims', environment: 'sandbox', authMethod: 'mtls', certificateId },
    });
    expect(early.status).toBe(422);
    expect((await early.json()).error.message).toContain('approved for Claims API');
    expect(
      (await jane.client.request(`/api/apps/${clientId}/api-access`, { json: { apiSlug: 'claims', environment: 'sandbox', authMethod: 'mtls' } })).status,
    ).toBe(422);
  });

  it('sandbox: identity (confirmed by an owner) suffices, entitlement is a warning; production: blocked until entitlement and the call-back are recorded', async () => {
    const { clientId, certificateId } = await readyForMtls();
    await provePossession(jane.client, certificateId, good.keyFile);
    expect((await owner.client.request(`/api/owner/certificates/${certificateId}/approve`, { method: 'POST' })).status).toBe(200);
    const sandbox = await (
      await jane.client.request(`/api/apps/${clientId}/api-access`, { json: { apiSlug: 'claims', environment: 'sandbox', authMethod: 'mtls', certificateId } })
    ).json();
    // Nothing ticked approves nothing: the sandbox's identity item is the owner's to confirm.
    const nothingTicked = await owner.client.request(`/api/owner/api-access/${sandbox.id}/review`, { method: 'PUT', json: {} });
    expect(await nothingTicked.json()).toMatchObject({ canApprove: false, missing: [expect.stringContaining('identity')] });
    const early = await owner.client.request(`/api/owner/api-access/${sandbox.id}/approve`, { method: 'POST' });
    expect(early.status).toBe(409);
    expect((await early.json()).error.message).toContain('identity');
    const sandboxReview = await owner.client.request(`/api/owner/api-access/${sandbox.id}/review`, { method: 'PUT', json: { identity: { confirmed: true } } });
    expect(await sandboxReview.json()).toMatchObject({ canApprove: true, warnings: [expect.stringContaining('recommended')] });
    expect((await owner.client.request(`/api/owner/api-access/${sandbox.id}/approve`, { method: 'POST' })).status).toBe(200);

    const production = await jane.client.request(`/api/apps/${clientId}/api-access`, {
      json: { apiSlug: 'claims', environment: 'production', authMethod: 'mtls', certificateId },
    });
    expect(production.status).toBe(201);
    const { id } = await production.json();
    const blocked = await owner.client.request(`/api/owner/api-access/${id}/approve`, { method: 'POST' });
    expect(blocked.status).toBe(409);
    expect((await blocked.json()).error.message).toContain('call-back');
    const entitlement = { businessInformation: true, technicalInformation: true, kyc: true, contractAndTerms: true };
    expect((await (await owner.client.request(`/api/owner/api-access/${id}/review`, { method: 'PUT', json: { entitlement } })).json()).missing).toEqual([
      expect.stringContaining('call-back'),
    ]);
    expect((await owner.client.request(`/api/owner/api-access/${id}/approve`, { method: 'POST' })).status).toBe(409);
    const callBack = {
      phoneFromContract: '+33 1 23 45 67 89',
      calledBy: 'Claire Owner',
      calledAt: '2026-11-23T10:00:00Z',
      subjectConfirmed: true,
      issuerConfirmed: true,
    };
    expect(
      (await (await owner.client.request(`/api/owner/api-access/${id}/review`, { method: 'PUT', json: { entitlement, callBack } })).json()).canApprove,
    ).toBe(true);
    // Two people for production: the owner who recorded the call-back does not approve too.
    expect((await owner.client.request(`/api/owner/api-access/${id}/approve`, { method: 'POST' })).status).toBe(403);
    const admin = await registerAdmin(portal);
    expect((await admin.client.request(`/api/owner/api-access/${id}/approve`, { method: 'POST' })).status).toBe(200);
    const events = (await (await owner.client.request('/api/owner/audit?api=claims')).json()).events.map((event: { action: string }) => event.action);
    expect(events).toEqual(expect.arrayContaining(['api_access.review_updated', 'api_access.approved', 'certificate.approved']));
  });

  it('production refuses client id/secret access outright', async () => {
    const { clientId } = await readyForMtls();
    const response = await jane.client.request(`/api/apps/${clientId}/api-access`, {
      json: { apiSlug: 'claims', environment: 'production', authMethod: 'client_secret' },
    });
    expect(response.status).toBe(422);
  });
});
