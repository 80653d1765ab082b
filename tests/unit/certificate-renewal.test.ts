import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { x509 } from '../../server/certificates/parse-certificates.ts';
import { apiAccess } from '../../server/db/schema.ts';
import { mtlsAccessFor } from '../../server/services/api-access.ts';
import { runCertificateLifecycle } from '../../server/services/certificate-lifecycle.ts';
import { createServiceContext, type ServiceContext } from '../../server/services/context.ts';
import { registerVerified } from '../support/make-admin.ts';
import { setUpMtlsConsumer } from '../support/mtls-consumer.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { BOB } from '../support/people.ts';
import { provePossession } from '../support/prove-possession.ts';
import { ORIGIN, TEST_APIS, createTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue 16 item 3, after go-live: a renewed certificate, once approved, carries the app's mTLS
 * access with no gap — whether it was announced as a replacement or uploaded after the old one
 * had already expired — and a late announcement is shown to the partner at once.
 */

const DAY = 86_400_000;
let dir: string;
let pki: OpensslPki;
let root: Credential;
let unknownRoot: Credential;
let portal: TestPortal | undefined;
/** The services' clock: real time, moved forward by `ahead` to reach an expiry or a change date. */
let ahead = 0;
const now = () => Date.now() + ahead;

/** openssl's date format, e.g. 20300101000000Z. */
const opensslDate = (at: number) => `${new Date(at).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
const der = (pem: string) => Buffer.from(new x509.X509Certificate(pem).rawData);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-renewal-'));
  pki = new OpensslPki(dir);
  root = pki.selfSigned('Renewal Root', { extensions: CA_EXTENSIONS });
  unknownRoot = pki.selfSigned('Not Yet Accepted Root', { extensions: CA_EXTENSIONS });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

function servicesAt(at: number): ServiceContext {
  return createServiceContext({
    db: (portal as TestPortal).handle.db,
    siteUrl: ORIGIN,
    manifest: { formatVersion: 1, builtAt: '', publicDir: 'public', apis: TEST_APIS },
    now: () => at,
  });
}

/** A leaf that expires `days` from now (valid since yesterday). */
function shortLived(name: string, days: number): Credential {
  return pki.issue(name, root, { extensions: LEAF_EXTENSIONS, startDate: opensslDate(Date.now() - DAY), endDate: opensslDate(Date.now() + days * DAY) });
}

async function accessRow(id: string) {
  const [row] = await (portal as TestPortal).handle.db.select().from(apiAccess).where(eq(apiAccess.id, id));
  return row;
}

describe('renewal: approving the new certificate carries the mTLS access', () => {
  it('a certificate renewed after the old one expired: once approved, the suspended access moves to it and works again', async () => {
    ahead = 0;
    portal = await createTestPortal({ now });
    const oldLeaf = shortLived('expiring.broker-partner.example', 3);
    const { jane, owner, clientId, accessId } = await setUpMtlsConsumer(portal, root, oldLeaf);

    ahead = 4 * DAY;
    expect((await runCertificateLifecycle(servicesAt(now()), 'day-4')).expired).toBe(1);
    expect((await accessRow(accessId))?.status).toBe('suspended');

    // The old certificate is no longer approved, so this upload cannot name it as replaced.
    const renewed = pki.issue('renewed.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
    const uploaded = await jane.client.request('/api/certificates', { json: { certificate: renewed.pem, apiSlug: 'quotes' } });
    expect(uploaded.status).toBe(201);
    const { id: renewedId } = await uploaded.json();
    await provePossession(jane.client, renewedId, renewed.keyFile);
    expect((await owner.client.request(`/api/owner/certificates/${renewedId}/approve`, { method: 'POST' })).status).toBe(200);

    const access = await accessRow(accessId);
    expect(access).toMatchObject({ status: 'approved', certificateId: renewedId, nextCertificateId: null });
    expect(await mtlsAccessFor(servicesAt(now()), clientId, der(renewed.pem))).toBeDefined();
    expect(await mtlsAccessFor(servicesAt(now()), clientId, der(oldLeaf.pem))).toBeUndefined();
    const told = (await portal.emails('jane.doe@broker-partner.example')).find((mail) => mail.subject.startsWith('Your renewed certificate for Quotes API'));
    expect(told?.subject).toBe("Your renewed certificate for Quotes API is approved: your app's mTLS access uses it");
    expect(told?.text).toContain('The mTLS access of App, suspended when the previous certificate stopped, uses it now and works again.');
  });

  it('an approved renewal whose change date falls after the old certificate expires: no suspension, the new one takes over on expiry', async () => {
    ahead = 0;
    portal = await createTestPortal({ now });
    const oldLeaf = shortLived('short.broker-partner.example', 2);
    const { jane, owner, clientId, accessId, certificateId: oldId } = await setUpMtlsConsumer(portal, root, oldLeaf);
    const renewed = pki.issue('next.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
    const changeDate = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
    const announced = await jane.client.request('/api/certificates', { json: { certificate: renewed.pem, apiSlug: 'quotes', replaces: oldId, changeDate } });
    expect(announced.status).toBe(201);
    const { id: renewedId } = await announced.json();
    await provePossession(jane.client, renewedId, renewed.keyFile);
    expect((await owner.client.request(`/api/owner/certificates/${renewedId}/approve`, { method: 'POST' })).status).toBe(200);

    ahead = 3 * DAY;
    await runCertificateLifecycle(servicesAt(now()), 'day-3');
    expect(await accessRow(accessId)).toMatchObject({ status: 'approved', certificateId: renewedId, nextCertificateId: null });
    expect(await mtlsAccessFor(servicesAt(now()), clientId, der(renewed.pem))).toBeDefined();
    const told = (await portal.emails('jane.doe@broker-partner.example')).at(-1);
    expect(told?.subject).toBe('Your renewed certificate now carries your Quotes API access');

    // The change date itself changes nothing more: the access already uses the new certificate.
    ahead = 11 * DAY;
    await runCertificateLifecycle(servicesAt(now()), 'day-11');
    expect(await accessRow(accessId)).toMatchObject({ status: 'approved', certificateId: renewedId });
  });

  it("another partner's approved certificate for the same API never takes over an access that is not theirs", async () => {
    ahead = 0;
    portal = await createTestPortal({ now });
    const oldLeaf = shortLived('lapsed.broker-partner.example', 3);
    const { owner, accessId } = await setUpMtlsConsumer(portal, root, oldLeaf);
    ahead = 4 * DAY;
    await runCertificateLifecycle(servicesAt(now()), 'day-4');

    const bob = await registerVerified(portal, BOB);
    const bobs = pki.issue('bob.other-partner.example', root, { extensions: LEAF_EXTENSIONS });
    const { id } = await (await bob.client.request('/api/certificates', { json: { certificate: bobs.pem, apiSlug: 'quotes' } })).json();
    await provePossession(bob.client, id, bobs.keyFile);
    expect((await owner.client.request(`/api/owner/certificates/${id}/approve`, { method: 'POST' })).status).toBe(200);
    expect((await accessRow(accessId))?.status).toBe('suspended');
    expect((await accessRow(accessId))?.certificateId).not.toBe(id);
  });
});

describe('late notice of a CA change', () => {
  it('a change announced 2 days ahead whose new CA is not accepted yet: the warning is in the answer and on the certificate list', async () => {
    ahead = 0;
    portal = await createTestPortal({ now });
    const oldLeaf = pki.issue('current.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
    const { jane, certificateId: oldId } = await setUpMtlsConsumer(portal, root, oldLeaf);
    const fromNewCa = pki.issue('new-ca.broker-partner.example', unknownRoot, { extensions: LEAF_EXTENSIONS });
    const changeDate = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);

    const announced = await jane.client.request('/api/certificates', { json: { certificate: fromNewCa.pem, apiSlug: 'quotes', replaces: oldId, changeDate } });
    expect(announced.status).toBe(202);
    const body = await announced.json();
    expect(body.status).toBe('awaiting_ca');
    expect(body.noticeWorkingDays).toBeLessThan(5);
    expect(body.warning).toContain('the guidelines ask for at least 5');

    const listed = (await (await jane.client.request('/api/certificates')).json()).certificates.find((row: { id: string }) => row.id === body.id);
    expect(listed.change).toMatchObject({ replacesId: oldId, lateNotice: true });
    expect(listed.change.noticeWorkingDays).toBeLessThan(5);
    expect(listed.change.changeAt).toBe(Date.parse(changeDate));
  });

  it('a change announced 3 weeks ahead carries no warning', async () => {
    ahead = 0;
    portal = await createTestPortal({ now });
    const oldLeaf = pki.issue('steady.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
    const { jane, certificateId: oldId } = await setUpMtlsConsumer(portal, root, oldLeaf);
    const renewed = pki.issue('steady-next.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
    const changeDate = new Date(Date.now() + 21 * DAY).toISOString().slice(0, 10);
    const body = await (
      await jane.client.request('/api/certificates', { json: { certificate: renewed.pem, apiSlug: 'quotes', replaces: oldId, changeDate } })
    ).json();
    expect(body.warning).toBeUndefined();
    const listed = (await (await jane.client.request('/api/certificates')).json()).certificates.find((row: { id: string }) => row.id === body.id);
    expect(listed.change).toMatchObject({ replacesId: oldId, lateNotice: false });
    const plain = (await (await jane.client.request('/api/certificates')).json()).certificates.find((row: { id: string }) => row.id === oldId);
    expect(plain.change).toBeNull();
  });
});
