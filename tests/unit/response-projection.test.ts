import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAdmin, registerVerified } from '../support/make-admin.ts';
import { setUpMtlsConsumer, type MtlsConsumer } from '../support/mtls-consumer.ts';
import { OpenApiResponses, openObjects } from '../support/openapi-responses.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki } from '../support/openssl-pki.ts';
import { BOB } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue #13, Medium 4: every response is a projection for its reader. The owners' review of an
 * mTLS request (KYC notes, the call-back's phone number and caller) and who decided stay with the
 * owners; the consumer's GET /api/apps carries none of it. Responses are checked against the
 * published OpenAPI document, whose object schemas forbid unlisted fields.
 */
const PHONE = '+33 1 99 88 77 66';
const NOTES = 'KYC file 2026-118: director passport checked, sanctions list clear';
const CALLER = 'Camille Caller';

let dir: string;
let portal: TestPortal;
let mtls: MtlsConsumer;
let claimsOwner: { client: TestClient; id: string };
let admin: { client: TestClient; id: string };
let openapi: OpenApiResponses;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-projection-'));
  const pki = new OpensslPki(dir);
  const root = pki.selfSigned('Projection Root', { extensions: CA_EXTENSIONS });
  const leaf = pki.issue('projection.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
  portal = await createTestPortal();
  mtls = await setUpMtlsConsumer(portal, root, leaf);
  // A production mTLS request whose review the owners have filled in, and a secret-based sandbox access.
  const production = await (
    await mtls.jane.client.request(`/api/apps/${mtls.clientId}/api-access`, {
      json: { apiSlug: 'quotes', environment: 'production', authMethod: 'mtls', certificateId: mtls.certificateId },
    })
  ).json();
  const review = {
    entitlement: { businessInformation: true, technicalInformation: true, kyc: true, contractAndTerms: true, notes: NOTES },
    callBack: { phoneFromContract: PHONE, calledBy: CALLER, calledAt: '2026-11-23T10:00:00+01:00', subjectConfirmed: true, issuerConfirmed: true },
  };
  expect((await mtls.owner.client.request(`/api/owner/api-access/${production.id}/review`, { method: 'PUT', json: review })).status).toBe(200);
  const sandbox = await (
    await mtls.jane.client.request(`/api/apps/${mtls.clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } })
  ).json();
  expect((await mtls.owner.client.request(`/api/owner/api-access/${sandbox.id}/approve`, { method: 'POST' })).status).toBe(200);
  claimsOwner = await registerVerified(portal, { ...BOB, username: 'claims.owner', email: 'claims-owner@insurer.example' });
  admin = await registerAdmin(portal);
  openapi = await OpenApiResponses.load(portal);
});
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the consumer’s view of their apps', () => {
  it('GET /api/apps: no review, no decider, not a byte of the owners’ notes, phone number or caller', async () => {
    const response = await mtls.jane.client.request('/api/apps');
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const secret of ['"review"', 'decidedBy', PHONE, NOTES, CALLER, mtls.owner.id, 'ownerId', 'holderId', 'deletedAt', 'secretHash'])
      expect(text).not.toContain(secret);
    const body = JSON.parse(text);
    expect(openapi.problems('get', '/apps', 200, body)).toEqual([]);
    const access = body.apps[0].apiAccess;
    expect(
      access.map((row: { environment: string; authMethod: string; status: string }) => `${row.environment} ${row.authMethod} ${row.status}`).sort(),
    ).toEqual(['production mtls pending', 'sandbox client_secret approved', 'sandbox mtls approved']);
    expect(Object.keys(access[0]).sort()).toEqual([
      'apiSlug',
      'authMethod',
      'certificateId',
      'createdAt',
      'decidedAt',
      'decisionReason',
      'environment',
      'id',
      'opensSandbox',
      'sandboxToken',
      'status',
    ]);
    expect(access.find((row: { authMethod: string }) => row.authMethod === 'mtls').certificateId).toBe(mtls.certificateId);
  });
});

describe('what an app may do in the sandbox is the server’s answer (the apps page, /try and the docs’ token bar re-derive no rule)', () => {
  it('approved sandbox access opens the sandbox; only a client-secret one gives the docs a token; pending production access neither', async () => {
    const body = await (await mtls.jane.client.request('/api/apps')).json();
    expect(
      body.apps[0].apiAccess
        .map(
          (row: { environment: string; authMethod: string; opensSandbox: boolean; sandboxToken: boolean }) =>
            `${row.environment} ${row.authMethod}: ${row.opensSandbox} ${row.sandboxToken}`,
        )
        .sort(),
    ).toEqual(['production mtls: false false', 'sandbox client_secret: true true', 'sandbox mtls: true false']);
  });
});

describe('responses conform to the published OpenAPI schemas, which allow no unlisted field', () => {
  const ROUTES: Array<[string, string, number]> = [
    ['get', '/apps', 200],
    ['post', '/apps', 201],
    ['post', '/apps/{id}/api-access', 201],
    ['post', '/apps/{id}/sandbox-token', 200],
    ['post', '/apps/{id}/secrets', 201],
    ['get', '/doc-access/mine', 200],
    ['post', '/doc-access/requests', 201],
    ['get', '/owner/requests', 200],
    ['get', '/owner/audit', 200],
    ['get', '/admin/audit', 200],
  ];

  it.each(ROUTES)('%s %s %i: every object schema is closed (additionalProperties: false)', (method, route, status) => {
    expect(openObjects(openapi.schemaOf(method, route, status), openapi.document)).toEqual([]);
  });

  it('the validator itself refuses an unlisted field', () => {
    expect(openapi.problems('get', '/doc-access/mine', 200, { requests: [] })).toEqual([]);
    expect(openapi.problems('get', '/doc-access/mine', 200, { requests: [], review: {} })).not.toEqual([]);
  });

  it('real answers of each route, for each reader, validate', async () => {
    const jane = mtls.jane.client;
    const check = async (client: TestClient, method: string, route: string, pathname: string, status: number, json?: unknown) => {
      const response = await client.request(`/api${pathname}`, { method: method.toUpperCase(), json });
      expect(response.status, `${method} ${pathname}`).toBe(status);
      const body = await response.json();
      expect(openapi.problems(method, route, status, body), `${method} ${pathname}`).toEqual([]);
      return body;
    };
    const created = await check(jane, 'post', '/apps', '/apps', 201, { name: 'Second app', businessContact: 'Jane', technicalContact: 'dev@broker.example' });
    await check(jane, 'post', '/apps/{id}/api-access', `/apps/${created.clientId}/api-access`, 201, { apiSlug: 'quotes', environment: 'sandbox' });
    await check(jane, 'post', '/apps/{id}/sandbox-token', `/apps/${mtls.clientId}/sandbox-token`, 200, { apiSlug: 'quotes' });
    await check(jane, 'post', '/apps/{id}/secrets', `/apps/${created.clientId}/secrets`, 201, { overlapHours: 1 });
    const requested = await check(jane, 'post', '/doc-access/requests', '/doc-access/requests', 201, {
      apiSlug: 'claims',
      justification: 'A claims app for our brokers.',
    });
    await check(jane, 'get', '/doc-access/mine', '/doc-access/mine', 200);
    await check(jane, 'get', '/apps', '/apps', 200);
    expect((await check(claimsOwner.client, 'get', '/owner/requests', '/owner/requests', 200)).requests[0].access.id).toBe(requested.id);
    await claimsOwner.client.request(`/api/owner/requests/${requested.id}/approve`, { method: 'POST' });
    const approved = await check(claimsOwner.client, 'get', '/owner/requests', '/owner/requests?status=approved', 200);
    expect(JSON.stringify(approved)).not.toContain('decidedBy');
    await check(mtls.owner.client, 'get', '/owner/audit', '/owner/audit', 200);
    await check(admin.client, 'get', '/admin/audit', '/admin/audit', 200);
  });
});
