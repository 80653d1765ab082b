import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../plugins/portico/spec/load-specs.ts';
import { users } from '../../server/db/schema.ts';
import { loadOrCreateDevCertificate } from '../../server/tls/dev-certificate.ts';
import { startMtlsListener } from '../../server/tls/mtls-listener.ts';
import { registerVerified } from '../support/make-admin.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { BOB, JANE } from '../support/people.ts';
import { provePossession } from '../support/prove-possession.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { createTestPortal, type TestPortal } from '../support/test-portal.ts';

let dir: string;
let pki: OpensslPki;
let root: Credential;
let clientCert: Credential;
let otherCert: Credential;
let portal: TestPortal;
let listener: { port: number; close(): Promise<void> };
let clientId: string;
let clientSecret: string;

const run = promisify(execFile);

/** curl, a real TLS client, over a real handshake with the listener (async: the server is in this process). */
async function curl(args: string[]): Promise<{ status: number; body: string }> {
  const { stdout: output } = await run('curl', ['-sk', '-w', '\n%{http_code}', ...args], { encoding: 'utf8', timeout: 20_000 });
  const lines = output.trimEnd().split('\n');
  return { status: Number(lines.pop()), body: lines.join('\n') };
}
const base = () => `https://127.0.0.1:${listener.port}`;
const withCert = (credential: Credential) => ['--cert', credential.certFile, '--key', credential.keyFile];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-mtls-'));
  pki = new OpensslPki(dir);
  root = pki.selfSigned('mTLS Partner Root', { extensions: CA_EXTENSIONS });
  clientCert = pki.issue('client.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
  otherCert = pki.issue('other.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
  const claims = await loadSpec(path.join(projectRoot, 'openapi', 'claims.yaml'));
  portal = await createTestPortal({}, { claims: claims.api!.document });
  const jane = await registerVerified(portal, JANE);
  const platform = await registerVerified(portal, { ...BOB, username: 'platform', email: 'platform@insurer.example' });
  await portal.handle.db.update(users).set({ role: 'platform' }).where(eq(users.id, platform.id));
  const owner = await registerVerified(portal, { ...BOB, username: 'owner', email: 'claims-owner@insurer.example' });
  await platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: 'mTLS Partner Root', certificate: root.pem, ev: true } });
  const docRequest = await (
    await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'A claims app for our brokers.' } })
  ).json();
  await owner.client.request(`/api/owner/requests/${docRequest.id}/approve`, { method: 'POST' });
  const certificates = [];
  for (const credential of [clientCert, otherCert]) {
    const { id } = await (await jane.client.request('/api/certificates', { json: { certificate: credential.pem, apiSlug: 'claims' } })).json();
    await provePossession(jane.client, id, credential.keyFile);
    expect((await owner.client.request(`/api/owner/certificates/${id}/approve`, { method: 'POST' })).status).toBe(200);
    certificates.push(id);
  }
  ({ clientId, clientSecret } = await (
    await jane.client.request('/api/apps', { json: { name: 'Claims app', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })
  ).json());
  const access = await (
    await jane.client.request(`/api/apps/${clientId}/api-access`, {
      json: { apiSlug: 'claims', environment: 'sandbox', authMethod: 'mtls', certificateId: certificates[0] },
    })
  ).json();
  await owner.client.request(`/api/owner/api-access/${access.id}/review`, { method: 'PUT', json: { identity: { confirmed: true } } });
  expect((await owner.client.request(`/api/owner/api-access/${access.id}/approve`, { method: 'POST' })).status).toBe(200);
  const tls = await loadOrCreateDevCertificate(path.join(dir, 'tls'));
  listener = await startMtlsListener({ fetch: portal.app.fetch, port: 0, hostname: '127.0.0.1', cert: tls.cert, key: tls.key });
});
afterAll(async () => {
  await listener?.close();
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a real mTLS handshake', () => {
  it('curl with the certificate → token (tls_client_auth) → sandbox call succeeds; the token is bound to the certificate', async () => {
    const token = await curl([...withCert(clientCert), '-d', 'grant_type=client_credentials', '-d', `client_id=${clientId}`, `${base()}/oauth/token`]);
    expect(token.status, token.body).toBe(200);
    const { access_token, scope } = JSON.parse(token.body);
    expect(scope).toBe('claims:sandbox');
    const payload = JSON.parse(Buffer.from(access_token.split('.')[1], 'base64url').toString());
    expect(payload.cnf['x5t#S256']).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const call = await curl([...withCert(clientCert), '-H', `Authorization: Bearer ${access_token}`, `${base()}/sandbox/claims/claims`]);
    expect(call.status, call.body).toBe(200);

    // The same token without the certificate, or with another accepted certificate: refused.
    const without = await curl(['-H', `Authorization: Bearer ${access_token}`, `${base()}/sandbox/claims/claims`]);
    expect(without.status).toBe(401);
    expect(without.body).toContain('bound to a client certificate');
    const other = await curl([...withCert(otherCert), '-H', `Authorization: Bearer ${access_token}`, `${base()}/sandbox/claims/claims`]);
    expect(other.status).toBe(401);
    const plain = await portal.app.request('http://portal.test/sandbox/claims/claims', { headers: { Authorization: `Bearer ${access_token}` } });
    expect(plain.status).toBe(401);
  });

  it('client id and secret with the certificate also get a bound token; the other certificate gets none', async () => {
    const both = await curl([...withCert(clientCert), '-u', `${clientId}:${clientSecret}`, '-d', 'grant_type=client_credentials', `${base()}/oauth/token`]);
    expect(both.status).toBe(200);
    expect(JSON.parse(Buffer.from(JSON.parse(both.body).access_token.split('.')[1], 'base64url').toString()).cnf).toBeDefined();
    const wrong = await curl([...withCert(otherCert), '-d', 'grant_type=client_credentials', '-d', `client_id=${clientId}`, `${base()}/oauth/token`]);
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).error).toBe('invalid_client');
    const none = await curl(['-d', 'grant_type=client_credentials', '-d', `client_id=${clientId}`, `${base()}/oauth/token`]);
    expect(none.status).toBe(401);
  });
});

describe('certificate lifecycle', () => {
  it('a reported revocation disables the certificate at once: its bound tokens stop working, support is told with a 5-working-day due date', async () => {
    const token = await curl([...withCert(clientCert), '-d', 'grant_type=client_credentials', '-d', `client_id=${clientId}`, `${base()}/oauth/token`]);
    const { access_token } = JSON.parse(token.body);
    expect((await curl([...withCert(clientCert), '-H', `Authorization: Bearer ${access_token}`, `${base()}/sandbox/claims/claims`])).status).toBe(200);
    const jane = portal.client();
    await jane.request('/api/auth/sign-in', { json: { identifier: 'jane.doe', password: JANE.password } });
    const mine = (await (await jane.request('/api/certificates')).json()).certificates;
    const certificate = mine.find((row: { subject: string }) => row.subject.includes('client.broker-partner.example'));
    const reported = await jane.request(`/api/certificates/${certificate.id}/report-revoked`, { method: 'POST' });
    expect(reported.status).toBe(200);
    const { dueBy, suspended } = await reported.json();
    expect(suspended).toBe(1);
    expect(dueBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await curl([...withCert(clientCert), '-H', `Authorization: Bearer ${access_token}`, `${base()}/sandbox/claims/claims`])).status).toBe(401);
    expect((await curl([...withCert(clientCert), '-d', 'grant_type=client_credentials', '-d', `client_id=${clientId}`, `${base()}/oauth/token`])).status).toBe(
      401,
    );
    const support = (await portal.emails('claims-owner@insurer.example')).filter((mail) => mail.template === 'certificate-lifecycle');
    expect(support.at(-1)?.text).toContain(`Handle the case by ${dueBy}`);
    expect((await jane.request(`/api/certificates/${certificate.id}/report-revoked`, { method: 'POST' })).status).toBe(409);

    // The case is tracked against its due date until the owners close it.
    const owner = portal.client();
    await owner.request('/api/auth/sign-in', { json: { identifier: 'claims-owner@insurer.example', password: BOB.password } });
    const cases = (await (await owner.request('/api/owner/certificate-cases')).json()).cases;
    expect(cases).toEqual([expect.objectContaining({ id: certificate.id, handledAt: null, overdue: false })]);
    expect(new Date(cases[0].dueAt).toISOString().slice(0, 10)).toBe(dueBy);
    expect((await jane.request(`/api/owner/certificate-cases/${certificate.id}/handled`, { method: 'POST' })).status).toBe(403);
    expect((await owner.request(`/api/owner/certificate-cases/${certificate.id}/handled`, { method: 'POST' })).status).toBe(200);
    // Handled: it leaves the open cases for the decided ones.
    expect((await (await owner.request('/api/owner/certificate-cases')).json()).cases).toEqual([]);
    expect((await (await owner.request('/api/owner/certificate-cases?state=decided')).json()).cases[0].handledAt).not.toBeNull();
  });
});
