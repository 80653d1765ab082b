import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../server/db/schema.ts';
import { registerAdmin, registerVerified } from '../support/make-admin.ts';
import { OpenApiResponses } from '../support/openapi-responses.ts';
import { CA_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { BOB } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * An add-CA request as the platform team decides it (issue 17 item 3): the CA's subject, issuer,
 * validity, fingerprint, EV policy OIDs and whether it is a root, from the requested certificate;
 * a CA's own EV OID is recognised once a CCADB report listing it was imported. Never the PEM.
 */

const REPORT = readFileSync(path.join(import.meta.dirname, '../fixtures/ccadb/IncludedCACertificateReport.csv'), 'utf8');

interface Row {
  request: { name: string };
  certificate: {
    subject: string;
    issuer: string;
    notBefore: number;
    notAfter: number;
    sha256: string;
    policyOids: string[];
    evPolicyOids: string[];
    root: boolean;
  };
}

let dir: string;
let root: Credential;
let issuing: Credential;
let portal: TestPortal;
let openapi: OpenApiResponses;
let platform: { client: TestClient; id: string };

async function requests(): Promise<Row[]> {
  const response = await platform.client.request('/api/registry/requests');
  expect(response.status).toBe(200);
  const body = await response.json();
  expect(openapi.problems('get', '/registry/requests', 200, body)).toEqual([]);
  expect(JSON.stringify(body)).not.toContain('BEGIN CERTIFICATE');
  return body.requests;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-ca-request-facts-'));
  const pki = new OpensslPki(dir);
  root = pki.selfSigned('Requested Root CA', { extensions: CA_EXTENSIONS, key: 'ec:P-256' });
  issuing = pki.issue('Requested EV Issuing CA', root, {
    extensions: [...CA_EXTENSIONS, 'certificatePolicies = 2.16.840.1.114412.2.1, 1.3.6.1.4.1.99999.7'],
    key: 'ec:P-256',
  });
  portal = await createTestPortal();
  openapi = await OpenApiResponses.load(portal);
  const admin = await registerAdmin(portal);
  platform = await registerVerified(portal, { ...BOB, username: 'platform.facts', email: 'platform-facts@insurer.example' });
  await portal.handle.db.update(users).set({ role: 'platform' }).where(eq(users.id, platform.id));
  for (const ca of [root, issuing]) {
    const asked = await admin.client.request('/api/registry/requests', { json: { name: ca.name, certificate: ca.pem, reason: 'A partner issues from it' } });
    expect(asked.status).toBe(201);
  }
}, 120_000);
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an add-CA request shows the CA', () => {
  it('a root: subject, issuer (itself), validity, SHA-256, no policy, root', async () => {
    const row = (await requests()).find((entry) => entry.request.name === root.name)!;
    expect(row.certificate).toMatchObject({ root: true, policyOids: [], evPolicyOids: [] });
    expect(row.certificate.subject).toContain('CN=Requested Root CA');
    expect(row.certificate.issuer).toBe(row.certificate.subject);
    expect(row.certificate.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row.certificate.notAfter).toBeGreaterThan(row.certificate.notBefore);
  });

  it('an intermediate: its issuer, not a root, its policies; its own EV OID recognised once the CCADB report lists it', async () => {
    const before = (await requests()).find((entry) => entry.request.name === issuing.name)!;
    expect(before.certificate).toMatchObject({ root: false, policyOids: ['2.16.840.1.114412.2.1', '1.3.6.1.4.1.99999.7'], evPolicyOids: [] });
    expect(before.certificate.issuer).toContain('CN=Requested Root CA');
    const imported = await platform.client.request('/api/registry/ccadb', { method: 'POST', body: REPORT, headers: { 'Content-Type': 'text/csv' } });
    expect(imported.status).toBe(201);
    const after = (await requests()).find((entry) => entry.request.name === issuing.name)!;
    expect(after.certificate.evPolicyOids).toEqual(['2.16.840.1.114412.2.1']);
  });
});
