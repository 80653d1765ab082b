import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiAccess, clientCertificates } from '../../server/db/schema.ts';
import { runCertificateLifecycle } from '../../server/services/certificate-lifecycle.ts';
import { createServiceContext, type ServiceContext } from '../../server/services/context.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki } from '../support/openssl-pki.ts';
import { setUpMtlsConsumer } from '../support/mtls-consumer.ts';
import { ORIGIN, TEST_APIS, createTestPortal, type TestPortal } from '../support/test-portal.ts';

let dir: string;
let portal: TestPortal;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-lifecycle-'));
});
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('reminds 30, 14 and 7 days before expiry (each once), then suspends the access at expiry', async () => {
  const pki = new OpensslPki(dir);
  const root = pki.selfSigned('Lifecycle Root', { extensions: CA_EXTENSIONS });
  const leaf = pki.issue('short-lived.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
  portal = await createTestPortal();
  const { certificateId: id, accessId } = await setUpMtlsConsumer(portal, root, leaf);

  const [certificate] = await portal.handle.db.select().from(clientCertificates).where(eq(clientCertificates.id, id));
  const at = (daysBefore: number): ServiceContext =>
    createServiceContext({
      db: portal.handle.db,
      siteUrl: ORIGIN,
      manifest: { formatVersion: 1, builtAt: '', publicDir: 'public', apis: TEST_APIS },
      now: () => (certificate?.notAfter ?? 0) - daysBefore * 86_400_000,
    });
  const reminders = async () => (await portal.emails('jane.doe@broker-partner.example')).filter((mail) => mail.template === 'certificate-lifecycle');

  expect((await runCertificateLifecycle(at(29.5), '2027-10-26')).reminded).toBe(1);
  expect((await runCertificateLifecycle(at(29.4), '2027-10-26')).reminded).toBe(0);
  expect((await runCertificateLifecycle(at(13.5), '2027-11-10')).reminded).toBe(1);
  expect((await runCertificateLifecycle(at(6.5), '2027-11-17')).reminded).toBe(1);
  expect((await reminders()).map((mail) => mail.subject)).toEqual([
    'A client certificate for Quotes API expires in 30 days',
    'A client certificate for Quotes API expires in 14 days',
    'A client certificate for Quotes API expires in 7 days',
  ]);
  expect((await runCertificateLifecycle(at(-1), '2027-11-25')).expired).toBe(1);
  const [after] = await portal.handle.db.select().from(clientCertificates).where(eq(clientCertificates.id, id));
  expect(after?.status).toBe('expired');
  const [suspended] = await portal.handle.db.select().from(apiAccess).where(eq(apiAccess.id, accessId));
  expect(suspended?.status).toBe('suspended');
});
