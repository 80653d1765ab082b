import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditEvents, clientCertificates } from '../../server/db/schema.ts';
import { runCertificateLifecycle } from '../../server/services/certificate-lifecycle.ts';
import { createServiceContext, type ServiceContext } from '../../server/services/context.ts';
import { registerVerified } from '../support/make-admin.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { BOB, JANE } from '../support/people.ts';
import { ORIGIN, TEST_APIS, createTestPortal, type TestPortal } from '../support/test-portal.ts';

let dir: string;
let leaves: Credential[];
let portal: TestPortal;
const DAY = 86_400_000;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-awaiting-'));
  const pki = new OpensslPki(dir);
  // A root nobody accepted: every leaf it issues waits for its CA.
  const root = pki.selfSigned('Unknown Partner Root', { extensions: CA_EXTENSIONS, key: 'ec:P-256' });
  leaves = Array.from({ length: 7 }, (_, index) =>
    pki.issue(`waiting-${index}.broker-partner.example`, root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' }),
  );
});
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

const waitingCount = async () =>
  (await portal.handle.db.all<{ n: number }>(sql`select count(*) as n from client_certificates where status = 'awaiting_ca'`))[0]?.n;

it('at most 5 certificates wait for a CA per consumer; after 30 days they are refused with a reason and the consumer is emailed', async () => {
  portal = await createTestPortal();
  const jane = await registerVerified(portal, JANE);
  const upload = (credential: Credential, client = jane.client) =>
    client.request('/api/certificates', { json: { certificate: credential.pem, apiSlug: 'claims' } });
  for (const leaf of leaves.slice(0, 5)) expect((await upload(leaf)).status).toBe(202);
  const sixth = await upload(leaves[5] as Credential);
  expect(sixth.status).toBe(409);
  expect((await sixth.json()).error).toMatchObject({ code: 'too_many_waiting', message: expect.stringContaining('5') });
  expect(await waitingCount()).toBe(5);
  // The limit is per consumer.
  const bob = await registerVerified(portal, BOB);
  expect((await upload(leaves[5] as Credential, bob.client)).status).toBe(202);

  const context = (now: number): ServiceContext =>
    createServiceContext({
      db: portal.handle.db,
      siteUrl: ORIGIN,
      manifest: { formatVersion: 1, builtAt: '', publicDir: 'public', apis: TEST_APIS },
      now: () => now,
    });
  expect((await runCertificateLifecycle(context(Date.now() + 29 * DAY), '2030-01-01')).waitingExpired).toBe(0);
  expect(await waitingCount()).toBe(6);
  expect((await runCertificateLifecycle(context(Date.now() + 31 * DAY), '2030-01-03')).waitingExpired).toBe(6);
  expect(await waitingCount()).toBe(0);
  const janes = await portal.handle.db.select().from(clientCertificates).where(eq(clientCertificates.userId, jane.id));
  expect(janes.every((row) => row.status === 'refused' && row.decisionReason?.includes('30 days'))).toBe(true);
  const mails = (await portal.emails('jane.doe@broker-partner.example')).filter((mail) => mail.template === 'certificate-decided');
  expect(mails).toHaveLength(5);
  expect(mails[0]?.text).toContain('not accepted within 30 days');
  const events = await portal.handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'certificate.waiting_expired'));
  expect(events).toHaveLength(6);
  // Nothing waits any more: Jane may send another.
  expect((await upload(leaves[6] as Credential)).status).toBe(202);
});
