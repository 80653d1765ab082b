import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { x509 } from '../../server/certificates/parse-certificates.ts';
import { clientCertificates } from '../../server/db/schema.ts';
import { mtlsAccessFor } from '../../server/services/api-access.ts';
import { runCertificateLifecycle } from '../../server/services/certificate-lifecycle.ts';
import { createServiceContext, type ServiceContext } from '../../server/services/context.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki } from '../support/openssl-pki.ts';
import { setUpMtlsConsumer } from '../support/mtls-consumer.ts';
import { provePossession } from '../support/prove-possession.ts';
import { ORIGIN, TEST_APIS, createTestPortal, type TestPortal } from '../support/test-portal.ts';

let dir: string;
let portal: TestPortal;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-switch-'));
});
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a renewal announced ahead: warned when late, both certificates work until the change date, then the new one alone', async () => {
  const pki = new OpensslPki(dir);
  const root = pki.selfSigned('Switch Root', { extensions: CA_EXTENSIONS });
  const oldLeaf = pki.issue('old.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
  const newLeaf = pki.issue('new.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
  portal = await createTestPortal();
  const { jane, owner, certificateId: oldId, clientId } = await setUpMtlsConsumer(portal, root, oldLeaf);

  const changeDate = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const announced = await jane.client.request('/api/certificates', { json: { certificate: newLeaf.pem, apiSlug: 'quotes', replaces: oldId, changeDate } });
  expect(announced.status).toBe(201);
  const body = await announced.json();
  expect(body.noticeWorkingDays).toBeLessThan(5);
  expect(body.warning).toContain('the guidelines ask for at least 5');
  const notice = (await portal.emails('quotes-owner@insurer.example')).find((mail) => mail.subject.includes('announces a certificate change'));
  expect(notice?.text).toContain('less than the 5 working days');

  const der = (pem: string) => Buffer.from(new x509.X509Certificate(pem).rawData);
  const context: ServiceContext = createServiceContext({
    db: portal.handle.db,
    siteUrl: ORIGIN,
    manifest: { formatVersion: 1, builtAt: '', publicDir: 'public', apis: TEST_APIS },
    now: Date.now,
  });
  expect(await mtlsAccessFor(context, clientId, der(newLeaf.pem))).toBeUndefined();
  await provePossession(jane.client, body.id, newLeaf.keyFile);
  expect((await owner.client.request(`/api/owner/certificates/${body.id}/approve`, { method: 'POST' })).status).toBe(200);
  expect(await mtlsAccessFor(context, clientId, der(oldLeaf.pem))).toBeDefined();
  expect(await mtlsAccessFor(context, clientId, der(newLeaf.pem))).toBeDefined();

  const [replacement] = await portal.handle.db.select().from(clientCertificates).where(eq(clientCertificates.id, body.id));
  const atChange = { ...context, now: () => (replacement?.changeAt ?? 0) + 3_600_000 };
  expect((await runCertificateLifecycle(atChange, changeDate)).switched).toBe(1);
  expect(await mtlsAccessFor(atChange, clientId, der(oldLeaf.pem))).toBeUndefined();
  expect(await mtlsAccessFor(atChange, clientId, der(newLeaf.pem))).toBeDefined();
  const [retired] = await portal.handle.db.select().from(clientCertificates).where(eq(clientCertificates.id, oldId));
  expect(retired?.status).toBe('revoked');
});
