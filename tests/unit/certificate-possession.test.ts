import { request as httpsRequest } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { clientCertificates, users } from '../../server/db/schema.ts';
import { loadOrCreateDevCertificate } from '../../server/tls/dev-certificate.ts';
import { startMtlsListener } from '../../server/tls/mtls-listener.ts';
import { registerVerified } from '../support/make-admin.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { BOB, JANE } from '../support/people.ts';
import { possessionOf, signChallenge } from '../support/prove-possession.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

let dir: string;
let root: Credential;
let rsaLeaf: Credential;
let p256Leaf: Credential;
let p384Leaf: Credential;
let stranger: Credential;
let serverTls: { cert: string; key: string };
let portal: TestPortal;
let jane: { client: TestClient; id: string };
let owner: { client: TestClient; id: string };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-possession-'));
  const pki = new OpensslPki(dir);
  root = pki.selfSigned('Possession Root', { extensions: CA_EXTENSIONS });
  rsaLeaf = pki.issue('rsa.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
  p256Leaf = pki.issue('p256.broker-partner.example', root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
  p384Leaf = pki.issue('p384.broker-partner.example', root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-384' });
  stranger = pki.issue('stranger.broker-partner.example', root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
  serverTls = await loadOrCreateDevCertificate(path.join(dir, 'tls'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
  portal = await createTestPortal();
  jane = await registerVerified(portal, JANE);
  const platform = await registerVerified(portal, { ...BOB, username: 'platform', email: 'platform@insurer.example' });
  await portal.handle.db.update(users).set({ role: 'platform' }).where(eq(users.id, platform.id));
  owner = await registerVerified(portal, { ...BOB, username: 'claims.owner', email: 'claims-owner@insurer.example' });
  await platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: root.name, certificate: root.pem, ev: true } });
});
afterEach(async () => portal.close());

async function upload(client: TestClient, credential: Credential): Promise<string> {
  const response = await client.request('/api/certificates', { json: { certificate: credential.pem, apiSlug: 'claims' } });
  expect(response.status).toBe(201);
  return (await response.json()).id;
}
const row = async (id: string) => (await portal.handle.db.select().from(clientCertificates).where(eq(clientCertificates.id, id)))[0];
const approve = (id: string) => owner.client.request(`/api/owner/certificates/${id}/approve`, { method: 'POST' });
const sendSignature = (client: TestClient, id: string, signature: string) => client.request(`/api/certificates/${id}/possession`, { json: { signature } });

/** A real HTTPS request over a real TLS handshake, optionally with a client certificate. */
function overTls(port: number, pathname: string, credential?: Credential): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const client = credential ? { cert: readFileSync(credential.certFile), key: readFileSync(credential.keyFile) } : {};
    const request = httpsRequest({ host: '127.0.0.1', port, path: pathname, method: 'POST', rejectUnauthorized: false, ...client }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('proof of possession of the private key', () => {
  it('an uploaded certificate is unproven: the owners cannot approve it, the holder gets a challenge and the commands to prove it', async () => {
    const id = await upload(jane.client, rsaLeaf);
    const possession = await possessionOf(jane.client, id);
    expect(possession).toMatchObject({ proved: false, provedAt: null, method: null, handshakePath: `/possession/${id}` });
    expect(possession.challenge).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(possession.mtlsUrl).toMatch(/^https:\/\/portal\.test:\d+$/);
    const refused = await approve(id);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatchObject({ code: 'possession_unproven', message: expect.stringContaining('private key') });
    expect(await row(id)).toMatchObject({ status: 'pending', possessionProvedAt: null });
    // Only the uploader reads the challenge.
    expect((await owner.client.request(`/api/certificates/${id}`)).status).toBe(404);
  });

  it('a wrong signature, one by another key, one over another nonce, or garbage: refused with 4xx and nothing changes', async () => {
    const id = await upload(jane.client, rsaLeaf);
    const { challenge } = await possessionOf(jane.client, id);
    const before = await row(id);
    const attempts = [
      Buffer.alloc(256, 7).toString('base64'),
      signChallenge(stranger.keyFile, challenge ?? ''),
      signChallenge(rsaLeaf.keyFile, 'another nonce the portal never issued'),
      signChallenge(rsaLeaf.keyFile, `${challenge}x`),
      'not base64 at all!',
      '',
    ];
    for (const signature of attempts) {
      const answer = await sendSignature(jane.client, id, signature);
      expect(answer.status, signature).toBeGreaterThanOrEqual(400);
      expect(answer.status, signature).toBeLessThan(500);
    }
    // Someone else cannot prove it for the holder, even with the right signature.
    const bob = await registerVerified(portal, BOB);
    expect((await sendSignature(bob.client, id, signChallenge(rsaLeaf.keyFile, challenge ?? ''))).status).toBe(404);
    expect(await row(id)).toEqual(before);
    expect((await approve(id)).status).toBe(409);
  });

  it.each([
    ['RSA PKCS#1 v1.5', () => rsaLeaf],
    ['ECDSA P-256', () => p256Leaf],
    ['ECDSA P-384', () => p384Leaf],
  ])('a signature by openssl dgst -sha256 over the challenge proves possession (%s); then the owners approve', async (_label, credential) => {
    const id = await upload(jane.client, credential());
    const { challenge } = await possessionOf(jane.client, id);
    const proved = await sendSignature(jane.client, id, signChallenge(credential().keyFile, challenge ?? ''));
    expect(proved.status).toBe(200);
    expect(await possessionOf(jane.client, id)).toMatchObject({ proved: true, method: 'signature', provedAt: expect.any(Number) });
    expect((await approve(id)).status).toBe(200);
  });

  it('a real mTLS handshake with the matching key proves possession; another certificate or none does not', async () => {
    const id = await upload(jane.client, p256Leaf);
    const listener = await startMtlsListener({ fetch: portal.app.fetch, port: 0, hostname: '127.0.0.1', cert: serverTls.cert, key: serverTls.key });
    try {
      const other = await overTls(listener.port, `/possession/${id}`, stranger);
      expect(other.status, other.body).toBe(403);
      const none = await overTls(listener.port, `/possession/${id}`);
      expect(none.status, none.body).toBe(401);
      expect((await row(id))?.possessionProvedAt).toBeNull();
      expect((await approve(id)).status).toBe(409);

      const proved = await overTls(listener.port, `/possession/${id}`, p256Leaf);
      expect(proved.status, proved.body).toBe(200);
      expect(JSON.parse(proved.body).message).toContain('You proved');
      expect(await possessionOf(jane.client, id)).toMatchObject({ proved: true, method: 'tls_handshake' });
      expect((await approve(id)).status).toBe(200);
    } finally {
      await listener.close();
    }
  });

  it("owners see a fingerprint another account also uploaded, and the uploader's company beside the subject's O=", async () => {
    const janeId = await upload(jane.client, rsaLeaf);
    // Bob (Other Partner Ltd) uploads Jane's public certificate: he cannot prove it, and the owners are warned.
    const bob = await registerVerified(portal, BOB);
    const bobId = await upload(bob.client, rsaLeaf);
    const { certificates } = await (await owner.client.request('/api/owner/certificates')).json();
    const of = (id: string) => certificates.find((entry: { certificate: { id: string } }) => entry.certificate.id === id);
    expect(of(bobId).identity).toEqual({
      subjectOrganization: 'Broker Partner SA',
      companyMatchesSubject: false,
      sharedWithOtherAccounts: true,
      otherAccounts: 1,
      possessionProved: false,
    });
    expect(of(janeId).identity).toMatchObject({ companyMatchesSubject: true, sharedWithOtherAccounts: true, otherAccounts: 1 });
    const { challenge } = await possessionOf(bob.client, bobId);
    expect((await sendSignature(bob.client, bobId, signChallenge(stranger.keyFile, challenge ?? ''))).status).toBe(422);
    expect((await approve(bobId)).status).toBe(409);
  });
});
