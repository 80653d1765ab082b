import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAccess, auditEvents, clientCertificates, users } from '../../server/db/schema.ts';
import { registerVerified } from '../support/make-admin.ts';
import { setUpMtlsConsumer, type MtlsConsumer } from '../support/mtls-consumer.ts';
import { OpenApiResponses } from '../support/openapi-responses.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { BOB } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * The platform team's registry in words from today's date (issue 17 item 3): the guidelines'
 * Entrust root expired on 2026-11-27 reads as expired, not "expires soon"; retiring a CA shows
 * what depends on it first, is audited with its reason, and only the platform team may do it.
 */

interface Ca {
  name: string;
  state: string;
  stateWords: string;
  dependents: Array<{ subject: string; apiSlug: string; apiTitle: string; holder: { fullName: string; company: string }; accesses: number }>;
}

let dir: string;
let root: Credential;
let leaf: Credential;
let portal: TestPortal;
let openapi: OpenApiResponses;
let platform: { client: TestClient; id: string };
let consumer: MtlsConsumer;
// Certificates are made now by openssl; the portal's clock is today, a little after.
const clock = Date.now() + 60_000;

async function registry(): Promise<Ca[]> {
  const response = await platform.client.request('/api/registry/cas');
  expect(response.status).toBe(200);
  const body = await response.json();
  expect(openapi.problems('get', '/registry/cas', 200, body)).toEqual([]);
  return body.cas;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-ca-states-'));
  const pki = new OpensslPki(dir);
  root = pki.selfSigned('Partner Retired Root', { extensions: CA_EXTENSIONS, key: 'ec:P-256' });
  leaf = pki.issue('client.broker-partner.example', root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
  portal = await createTestPortal({ now: () => clock });
  openapi = await OpenApiResponses.load(portal);
  consumer = await setUpMtlsConsumer(portal, root, leaf);
  platform = await registerVerified(portal, { ...BOB, username: 'platform.two', email: 'platform-two@insurer.example' });
  await portal.handle.db.update(users).set({ role: 'platform' }).where(eq(users.id, platform.id));
}, 120_000);
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the registry in words, from today’s date', () => {
  it('the Entrust root that expired on 2026-11-27 is expired; the seed’s CAs without a certificate await it', async () => {
    const cas = await registry();
    const entrust = cas.find((ca) => ca.name === 'Entrust Root Certification Authority');
    expect(entrust).toMatchObject({ state: 'expired', stateWords: expect.stringMatching(/^expired/) });
    expect(cas.find((ca) => ca.name === 'Entrust Certification Authority - L1K')).toMatchObject({
      state: 'awaiting_certificate',
      stateWords: 'awaiting its certificate',
    });
    expect(cas.find((ca) => ca.name === root.name)).toMatchObject({ state: 'active', stateWords: 'active' });
  });
});

describe('retiring a CA', () => {
  it('the preview names what depends on it: the approved certificate, its API, its holder and the accesses it opens', async () => {
    const ca = (await registry()).find((entry) => entry.name === root.name)!;
    expect(ca.dependents).toEqual([
      {
        id: consumer.certificateId,
        subject: expect.stringContaining('client.broker-partner.example'),
        apiSlug: 'quotes',
        apiTitle: 'Quotes API',
        holder: { fullName: 'Jane Doe', company: 'Broker Partner SA' },
        accesses: 1,
      },
    ]);
  });

  it('only the platform team retires, with a reason; it is audited, then reads as retired; twice is a conflict', async () => {
    expect((await consumer.owner.client.request('/api/registry/cas/retire', { json: { name: root.name, reason: 'compromised' } })).status).toBe(403);
    expect((await platform.client.request('/api/registry/cas/retire', { json: { name: root.name, reason: '' } })).status).toBe(400);
    expect((await platform.client.request('/api/registry/cas/retire', { json: { name: 'No Such CA', reason: 'gone' } })).status).toBe(404);
    expect((await platform.client.request('/api/registry/cas/retire', { json: { name: root.name, reason: 'No longer audited EV' } })).status).toBe(200);
    expect((await registry()).find((entry) => entry.name === root.name)).toMatchObject({ state: 'retired', stateWords: 'retired' });
    const [event] = await portal.handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'ca.retired'));
    expect(event).toMatchObject({ actorId: platform.id, reason: 'No longer audited EV' });
    // Its dependants are stopped and told at once, not at the next daily re-check (issue 17 item 3).
    const [certificate] = await portal.handle.db.select().from(clientCertificates).where(eq(clientCertificates.id, consumer.certificateId));
    expect(certificate?.status).not.toBe('approved');
    const [access] = await portal.handle.db.select().from(apiAccess).where(eq(apiAccess.id, consumer.accessId));
    expect(access?.status).toBe('suspended');
    const told = (await portal.emails()).filter((mail) => mail.template === 'certificate-recheck');
    expect(told.map((mail) => [mail.to, mail.subject])).toEqual(
      expect.arrayContaining([
        [expect.stringMatching(/^jane/i), expect.stringContaining('no longer accepted')],
        ['quotes-owner@insurer.example', expect.stringContaining('stopped')],
      ]),
    );
    expect((await platform.client.request('/api/registry/cas/retire', { json: { name: root.name, reason: 'again' } })).status).toBe(409);
  });
});
