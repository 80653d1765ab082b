import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../plugins/portico/spec/load-specs.ts';
import { clientCertificates, users } from '../../server/db/schema.ts';
import { loadOrCreateDevCertificate } from '../../server/tls/dev-certificate.ts';
import { startMtlsListener } from '../../server/tls/mtls-listener.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { registerVerified } from '../support/make-admin.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { BOB, JANE } from '../support/people.ts';
import { provePossession } from '../support/prove-possession.ts';
import { createTestPortal, ORIGIN, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue 18: one certificate approved for two APIs. A certificate is reviewed per API, so Jane's
 * one certificate is two records (one for quotes, one for claims), each approved by that API's
 * owners, and her app has an approved sandbox mTLS access to each with its own record. Every
 * access must be honoured — by the token endpoint, by introspection and by the sandbox — whether
 * the token asks for both scopes or for either one alone.
 */
const run = promisify(execFile);
let dir: string;
let portal: TestPortal;
let listener: { port: number; close(): Promise<void> };
let leaf: Credential;
let other: Credential;
let clientId: string;
let clientSecret: string;
let records: Record<'quotes' | 'claims', string>;
let jane: { client: TestClient; id: string };

async function curl(args: string[]): Promise<{ status: number; body: string }> {
  const { stdout } = await run('curl', ['-sk', '-w', '\n%{http_code}', ...args], { encoding: 'utf8', timeout: 20_000 });
  const lines = stdout.trimEnd().split('\n');
  return { status: Number(lines.pop()), body: lines.join('\n') };
}
const base = () => `https://127.0.0.1:${listener.port}`;
const withCert = (credential: Credential) => ['--cert', credential.certFile, '--key', credential.keyFile];

async function mtlsToken(scope?: string): Promise<{ status: number; token: string; scope: string; body: string }> {
  const answer = await curl([
    ...withCert(leaf),
    '-d',
    'grant_type=client_credentials',
    '-d',
    `client_id=${clientId}`,
    ...(scope ? ['--data-urlencode', `scope=${scope}`] : []),
    `${base()}/oauth/token`,
  ]);
  const json = answer.status === 200 ? JSON.parse(answer.body) : {};
  return { status: answer.status, token: json.access_token ?? '', scope: json.scope ?? '', body: answer.body };
}

async function introspect(token: string): Promise<Record<string, unknown>> {
  const response = await portal.app.request(`${ORIGIN}/oauth/introspect`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ token }).toString(),
  });
  return response.json();
}

const sandbox = (credential: Credential, token: string, pathname: string) =>
  curl([...withCert(credential), '-H', `Authorization: Bearer ${token}`, `${base()}${pathname}`]);

async function approvedRecord(owner: TestClient, apiSlug: string): Promise<string> {
  const { id } = await (await jane.client.request('/api/certificates', { json: { certificate: leaf.pem, apiSlug } })).json();
  await provePossession(jane.client, id, leaf.keyFile);
  expect((await owner.request(`/api/owner/certificates/${id}/approve`, { method: 'POST' })).status).toBe(200);
  return id;
}

async function approvedAccess(owner: TestClient, apiSlug: string, certificateId: string): Promise<void> {
  const access = await (
    await jane.client.request(`/api/apps/${clientId}/api-access`, { json: { apiSlug, environment: 'sandbox', authMethod: 'mtls', certificateId } })
  ).json();
  await owner.request(`/api/owner/api-access/${access.id}/review`, { method: 'PUT', json: { identity: { confirmed: true } } });
  expect((await owner.request(`/api/owner/api-access/${access.id}/approve`, { method: 'POST' })).status).toBe(200);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-mtls-two-'));
  const pki = new OpensslPki(dir);
  const root = pki.selfSigned('Two APIs Root', { extensions: CA_EXTENSIONS });
  leaf = pki.issue('client.two-apis.example', root, { extensions: LEAF_EXTENSIONS });
  other = pki.issue('other.two-apis.example', root, { extensions: LEAF_EXTENSIONS });
  const [quotes, claims] = await Promise.all(['quotes', 'claims'].map((slug) => loadSpec(path.join(projectRoot, 'openapi', `${slug}.yaml`))));
  portal = await createTestPortal({}, { quotes: quotes!.api!.document, claims: claims!.api!.document });
  jane = await registerVerified(portal, JANE);
  const platform = await registerVerified(portal, { ...BOB, username: 'platform', email: 'platform@insurer.example' });
  await portal.handle.db.update(users).set({ role: 'platform' }).where(eq(users.id, platform.id));
  const quotesOwner = await registerVerified(portal, { ...BOB, username: 'quotes.owner', email: 'quotes-owner@insurer.example' });
  const claimsOwner = await registerVerified(portal, { ...BOB, username: 'claims.owner', email: 'claims-owner@insurer.example' });
  await platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: root.name, certificate: root.pem, ev: true } });
  const docRequest = await (
    await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'A claims app for our brokers.' } })
  ).json();
  await claimsOwner.client.request(`/api/owner/requests/${docRequest.id}/approve`, { method: 'POST' });
  records = { quotes: await approvedRecord(quotesOwner.client, 'quotes'), claims: await approvedRecord(claimsOwner.client, 'claims') };
  ({ clientId, clientSecret } = await (
    await jane.client.request('/api/apps', { json: { name: 'Two APIs app', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })
  ).json());
  await approvedAccess(quotesOwner.client, 'quotes', records.quotes);
  await approvedAccess(claimsOwner.client, 'claims', records.claims);
  const tls = await loadOrCreateDevCertificate(path.join(dir, 'tls'));
  listener = await startMtlsListener({ fetch: portal.app.fetch, port: 0, hostname: '127.0.0.1', cert: tls.cert, key: tls.key });
});
afterAll(async () => {
  await listener?.close();
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('one certificate approved for two APIs', () => {
  it('a token for both scopes is active for both and opens both sandboxes', async () => {
    const both = await mtlsToken();
    expect(both.status, both.body).toBe(200);
    expect(both.scope.split(' ').sort()).toEqual(['claims:sandbox', 'quotes:sandbox']);
    const answer = await introspect(both.token);
    expect(answer.active).toBe(true);
    expect(String(answer.scope).split(' ').sort()).toEqual(['claims:sandbox', 'quotes:sandbox']);
    expect((await sandbox(leaf, both.token, '/sandbox/quotes/quotes/QTE-2027-000123')).status).toBe(200);
    expect((await sandbox(leaf, both.token, '/sandbox/claims/claims')).status).toBe(200);
  });

  it.each(['quotes', 'claims'] as const)('a token asking for %s alone is active and opens its sandbox', async (slug) => {
    const one = await mtlsToken(`${slug}:sandbox`);
    expect(one.status, one.body).toBe(200);
    expect(one.scope).toBe(`${slug}:sandbox`);
    expect(await introspect(one.token)).toMatchObject({ active: true, scope: `${slug}:sandbox` });
    const pathname = slug === 'quotes' ? '/sandbox/quotes/quotes/QTE-2027-000123' : '/sandbox/claims/claims';
    const call = await sandbox(leaf, one.token, pathname);
    expect(call.status, call.body).toBe(200);
    // Still bound: the same token with another accepted certificate opens nothing.
    expect((await sandbox(other, one.token, pathname)).status).toBe(401);
  });

  it('the claims record no longer approved ends the claims scope of a live token and leaves quotes open', async () => {
    const both = await mtlsToken();
    // As the lifecycle's switch-over does when a replacement takes over (rules/certificate-states.ts: retire).
    await portal.handle.db.update(clientCertificates).set({ status: 'revoked' }).where(eq(clientCertificates.id, records.claims));
    expect(await introspect(both.token)).toMatchObject({ active: true, scope: 'quotes:sandbox' });
    expect((await sandbox(leaf, both.token, '/sandbox/quotes/quotes/QTE-2027-000123')).status).toBe(200);
    expect((await sandbox(leaf, both.token, '/sandbox/claims/claims')).status).toBe(403);
    const after = await mtlsToken();
    expect(after.status, after.body).toBe(200);
    expect(after.scope).toBe('quotes:sandbox');
    expect((await mtlsToken('claims:sandbox')).status).toBe(400);
  });
});
