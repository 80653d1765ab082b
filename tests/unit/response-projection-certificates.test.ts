import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAdmin, registerVerified } from '../support/make-admin.ts';
import { setUpMtlsConsumer, type MtlsConsumer } from '../support/mtls-consumer.ts';
import { OpenApiResponses, openObjects } from '../support/openapi-responses.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { BOB } from '../support/people.ts';
import { possessionOf } from '../support/prove-possession.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';
import type { ParsedJson } from '../support/parsed-json.ts';

/**
 * Issue #13, Medium 4, for certificates, the CA registry, the owners' API access queue and the
 * admins' documentation access list: each reader gets the fields their page needs. A consumer's
 * certificate list carries no PEM, no possession challenge (only GET /api/certificates/{id}
 * shows it, to its uploader), no decider; the platform team gets no CA request's PEM.
 */
const PHONE = '+33 1 99 88 77 66';
const NOTES = 'KYC file 2026-204: director passport checked';

let dir: string;
let portal: TestPortal;
let mtls: MtlsConsumer;
let platform: TestClient;
let admin: { client: TestClient; id: string };
let claimsOwner: { client: TestClient; id: string };
let partnerRoot: Credential;
let pendingId: string;
let challenge: string;
let openapi: OpenApiResponses;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-projection-certificates-'));
  const pki = new OpensslPki(dir);
  const root = pki.selfSigned('Projection Certificates Root', { extensions: CA_EXTENSIONS });
  const leaf = pki.issue('approved.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
  const unproven = pki.issue('unproven.broker-partner.example', root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
  partnerRoot = pki.selfSigned('Partner EV Root', { extensions: CA_EXTENSIONS });
  portal = await createTestPortal();
  // Jane: an approved certificate (decided by the quotes owner) and a pending one she has not proved yet.
  mtls = await setUpMtlsConsumer(portal, root, leaf);
  const uploaded = await mtls.jane.client.request('/api/certificates', { json: { certificate: unproven.pem, apiSlug: 'quotes' } });
  expect(uploaded.status).toBe(201);
  pendingId = (await uploaded.json()).id;
  challenge = (await possessionOf(mtls.jane.client, pendingId)).challenge ?? '';
  expect(challenge).not.toBe('');
  // A production mTLS request the owners have reviewed, and a CA the owners ask the platform team to add.
  const production = await (
    await mtls.jane.client.request(`/api/apps/${mtls.clientId}/api-access`, {
      json: { apiSlug: 'quotes', environment: 'production', authMethod: 'mtls', certificateId: mtls.certificateId },
    })
  ).json();
  const review = {
    entitlement: { businessInformation: true, technicalInformation: true, kyc: true, contractAndTerms: true, notes: NOTES },
    callBack: { phoneFromContract: PHONE, calledBy: 'Camille Caller', calledAt: '2026-11-23T10:00:00+01:00', subjectConfirmed: true, issuerConfirmed: true },
  };
  expect((await mtls.owner.client.request(`/api/owner/api-access/${production.id}/review`, { method: 'PUT', json: review })).status).toBe(200);
  expect(
    (
      await mtls.owner.client.request('/api/registry/requests', {
        json: { name: partnerRoot.name, certificate: partnerRoot.pem, reason: 'Broker Partner SA uses it' },
      })
    ).status,
  ).toBe(201);
  // A documentation access an owner decided, for the admins' list.
  claimsOwner = await registerVerified(portal, { ...BOB, username: 'claims.owner', email: 'claims-owner@insurer.example' });
  const requested = await (
    await mtls.jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'A claims app for our brokers.' } })
  ).json();
  expect((await claimsOwner.client.request(`/api/owner/requests/${requested.id}/approve`, { method: 'POST' })).status).toBe(200);
  platform = portal.client();
  expect((await platform.request('/api/auth/sign-in', { json: { identifier: 'platform', password: BOB.password } })).status).toBe(200);
  admin = await registerAdmin(portal);
  openapi = await OpenApiResponses.load(portal);
});
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function answer(client: TestClient, method: string, route: string, pathname: string): Promise<{ text: string; body: ParsedJson }> {
  const response = await client.request(`/api${pathname}`, { method: method.toUpperCase() });
  expect(response.status, `${method} ${pathname}`).toBe(200);
  const text = await response.text();
  const body = JSON.parse(text);
  expect(openapi.problems(method, route, 200, body), `${method} ${pathname}`).toEqual([]);
  return { text, body };
}

describe('the consumer’s certificates', () => {
  it('GET /api/certificates: no PEM, no chain, no challenge, no checks, no decider, no account id', async () => {
    const { text, body } = await answer(mtls.jane.client, 'get', '/certificates', '/certificates');
    for (const secret of [
      'BEGIN CERTIFICATE',
      challenge,
      'possessionChallenge',
      'decidedBy',
      mtls.owner.id,
      'userId',
      mtls.jane.id,
      '"checks"',
      'chainPem',
      'certificatePem',
      'anchorCaId',
    ])
      expect(text).not.toContain(secret);
    const byId = Object.fromEntries(body.certificates.map((row: { id: string; status: string }) => [row.id, row.status]));
    expect(byId).toEqual({ [mtls.certificateId]: 'approved', [pendingId]: 'pending' });
    // What the certificates page shows: the possession state too.
    expect(body.certificates.find((row: { id: string }) => row.id === mtls.certificateId)).toMatchObject({
      possessionMethod: 'signature',
      possessionProvedAt: expect.any(Number),
      directlyIssued: true,
      decisionReason: null,
    });
  });

  it('GET /api/certificates/{id}: the challenge is there, in possession, for its uploader only', async () => {
    const { text, body } = await answer(mtls.jane.client, 'get', '/certificates/{id}', `/certificates/${pendingId}`);
    expect(body.possession.challenge).toBe(challenge);
    for (const secret of ['BEGIN CERTIFICATE', 'possessionChallenge', 'decidedBy', 'userId', '"checks"']) expect(text).not.toContain(secret);
    expect((await claimsOwner.client.request(`/api/certificates/${pendingId}`)).status).toBe(404);
  });
});

describe('the owners’ and the platform team’s views', () => {
  it('GET /api/owner/certificates: the identity review, no PEM, no challenge, no decider', async () => {
    const { text, body } = await answer(mtls.owner.client, 'get', '/owner/certificates', '/owner/certificates');
    for (const secret of ['BEGIN CERTIFICATE', challenge, 'possessionChallenge', 'decidedBy', 'userId', mtls.jane.id, '"checks"'])
      expect(text).not.toContain(secret);
    const pending = body.certificates.find((row: { certificate: { id: string } }) => row.certificate.id === pendingId);
    expect(pending.identity).toMatchObject({ possessionProved: false, sharedWithOtherAccounts: false });
    expect(pending.user).toEqual({ email: expect.stringContaining('@'), fullName: expect.any(String), company: expect.any(String) });
  });

  it('GET /api/owner/api-access: the owners see their review (the checklist), never who decided', async () => {
    const { text, body } = await answer(mtls.owner.client, 'get', '/owner/api-access', '/owner/api-access');
    expect(text).not.toContain('decidedBy');
    const production = body.access.find((row: { access: { environment: string } }) => row.access.environment === 'production');
    expect(production.access.review).toMatchObject({
      entitlement: { kyc: true, notes: NOTES },
      callBack: { phoneFromContract: PHONE },
      callBackRecordedBy: mtls.owner.id,
    });
    expect(Object.keys(production.app).sort()).toEqual(['businessContact', 'id', 'name', 'technicalContact']);
  });

  it('GET /api/registry/cas and /api/registry/requests: the platform team gets no PEM', async () => {
    const registry = await answer(platform, 'get', '/registry/cas', '/registry/cas');
    expect(registry.text).not.toContain('BEGIN CERTIFICATE');
    expect(
      registry.body.cas.find((ca: { name: string }) => ca.name === 'Projection Certificates Root').dependents.map((entry: { id: string }) => entry.id),
    ).toEqual([mtls.certificateId]);
    const requests = await answer(platform, 'get', '/registry/requests', '/registry/requests');
    for (const secret of ['BEGIN CERTIFICATE', 'certificatePem', 'requestedBy', mtls.owner.id]) expect(requests.text).not.toContain(secret);
    expect(requests.body.requests[0]).toMatchObject({
      request: { name: partnerRoot.name, status: 'pending' },
      requester: { email: 'quotes-owner@insurer.example' },
    });
  });

  it('GET /api/admin/doc-access: the admins’ list validates', async () => {
    const { body } = await answer(admin.client, 'get', '/admin/doc-access', '/admin/doc-access');
    expect(
      body.access.map(
        (row: { access: { apiSlug: string; status: string }; user: { id: string } }) =>
          `${row.access.apiSlug} ${row.access.status} ${row.user.id === mtls.jane.id}`,
      ),
    ).toEqual(['claims approved true']);
  });
});

describe('these routes’ schemas allow no unlisted field', () => {
  const ROUTES: Array<[string, string, number]> = [
    ['get', '/certificates', 200],
    ['get', '/certificates/{id}', 200],
    ['post', '/certificates', 201],
    ['post', '/certificates', 202],
    ['post', '/certificates/{id}/possession', 200],
    ['get', '/owner/certificates', 200],
    ['get', '/owner/certificate-cases', 200],
    ['get', '/owner/api-access', 200],
    ['get', '/registry/cas', 200],
    ['get', '/registry/requests', 200],
    ['get', '/admin/doc-access', 200],
  ];
  it.each(ROUTES)('%s %s %i: every object schema is closed (additionalProperties: false)', (method, route, status) => {
    expect(openObjects(openapi.schemaOf(method, route, status), openapi.document)).toEqual([]);
  });
});

describe('what the holder may do next is the server’s answer (the certificates page re-derives no rule)', () => {
  const next = async () => {
    const { body } = await answer(mtls.jane.client, 'get', '/certificates', '/certificates');
    return Object.fromEntries(
      body.certificates.map((row: { id: string; canProvePossession: boolean; canReportRevoked: boolean; opensAccess: boolean }) => [
        row.id,
        { canProvePossession: row.canProvePossession, canReportRevoked: row.canReportRevoked, opensAccess: row.opensAccess },
      ]),
    );
  };

  it('from the lifecycle: an approved and a pending certificate can still be proved and reported revoked; only the approved one opens access', async () => {
    expect(await next()).toEqual({
      [mtls.certificateId]: { canProvePossession: true, canReportRevoked: true, opensAccess: true },
      [pendingId]: { canProvePossession: true, canReportRevoked: true, opensAccess: false },
    });
  });

  it('a certificate reported revoked takes no proof and no second report, and opens nothing', async () => {
    expect((await mtls.jane.client.request(`/api/certificates/${pendingId}/report-revoked`, { method: 'POST' })).status).toBe(200);
    expect((await next())[pendingId]).toEqual({ canProvePossession: false, canReportRevoked: false, opensAccess: false });
  });
});
