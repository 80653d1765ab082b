import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCertificates } from '../../server/db/schema.ts';
import { registerAdmin, registerVerified } from '../support/make-admin.ts';
import { setUpMtlsConsumer, type MtlsConsumer } from '../support/mtls-consumer.ts';
import { provePossession } from '../support/prove-possession.ts';
import { workingDaysBefore } from '../../server/rules/working-days.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { BOB } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * GET /api/owner/certificate-cases: the certificate cases of the owner's APIs in one list —
 * reported revocations (5 working days), announced changes (due on the change date) and
 * approved certificates ending within 30 days — each with its due date and overdue flag.
 */
const DAY = 86_400_000;
let dir: string;
let portal: TestPortal;
let clock = Date.now();
let consumer: MtlsConsumer;
let root: Credential;
let shortLived: string;
let claimsOwner: TestClient;
let admin: TestClient;

interface Case {
  id: string;
  kind: string;
  apiSlug: string;
  dueAt: number;
  overdue: boolean;
  open: boolean;
  ageDays: number;
  detail: string;
  holder: { fullName: string; company: string };
}
const casesOf = async (client: TestClient, query = ''): Promise<Case[]> => {
  const response = await client.request(`/api/owner/certificate-cases${query}`);
  expect(response.status).toBe(200);
  return (await response.json()).cases;
};
const day = (time: number) => new Date(time).toISOString().slice(0, 10);
/** openssl ca's -startdate/-enddate: YYYYMMDDHHMMSSZ. */
const opensslDate = (time: number) => `${new Date(time).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-cases-'));
  const pki = new OpensslPki(dir);
  root = pki.selfSigned('Cases Root', { extensions: CA_EXTENSIONS });
  const leaf = pki.issue('client.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
  // After openssl issued it: the certificate is valid from now on.
  clock = Date.now() + 60_000;
  portal = await createTestPortal({ now: () => clock });
  consumer = await setUpMtlsConsumer(portal, root, leaf);
  claimsOwner = (await registerVerified(portal, { ...BOB, username: 'claimsowner', email: 'claims-owner@insurer.example' })).client;
  admin = (await registerAdmin(portal)).client;
});
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('certificate cases: happy path', () => {
  it('a certificate far from its end is no case; one that ends within 30 days is, due 5 working days before it ends', async () => {
    expect(await casesOf(consumer.owner.client)).toEqual([]);
    const end = clock - 60_000 + 25 * DAY;
    const short = new OpensslPki(dir).issue('short.broker-partner.example', root, {
      extensions: LEAF_EXTENSIONS,
      startDate: opensslDate(clock - DAY),
      endDate: opensslDate(end),
    });
    const { id } = await (await consumer.jane.client.request('/api/certificates', { json: { certificate: short.pem, apiSlug: 'quotes' } })).json();
    await provePossession(consumer.jane.client, id, short.keyFile);
    expect((await consumer.owner.client.request(`/api/owner/certificates/${id}/approve`, { method: 'POST' })).status).toBe(200);
    shortLived = id;
    const [expiring] = await casesOf(consumer.owner.client);
    const [stored] = await portal.handle.db.select().from(clientCertificates).where(eq(clientCertificates.id, id));
    expect(expiring).toMatchObject({ id, kind: 'expiring', apiSlug: 'quotes', open: true, overdue: false, ageDays: 5 });
    expect(expiring!.holder).toEqual({ fullName: 'Jane Doe', company: 'Broker Partner SA' });
    expect(expiring!.detail).toContain(`It expires on ${day(stored!.notAfter)}`);
    expect(expiring!.dueAt).toBe(workingDaysBefore(new Date(stored!.notAfter), 5).getTime());
  });

  it('a reported revocation is due 5 working days after the report, and overdue once that passed unhandled', async () => {
    const pki = new OpensslPki(dir);
    const second = pki.issue('second.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
    const uploaded = await consumer.jane.client.request('/api/certificates', { json: { certificate: second.pem, apiSlug: 'quotes' } });
    const { id } = await uploaded.json();
    expect((await consumer.jane.client.request(`/api/certificates/${id}/report-revoked`, { method: 'POST' })).status).toBe(200);
    const reported = (await casesOf(consumer.owner.client)).find((entry) => entry.id === id)!;
    expect(reported).toMatchObject({ kind: 'revocation', open: true, overdue: false });
    // 5 working days are at least 7 calendar days when a weekend falls between, never more than 9.
    expect(reported.dueAt - clock).toBeGreaterThanOrEqual(5 * DAY);
    expect(reported.dueAt - clock).toBeLessThanOrEqual(9 * DAY);
    clock = reported.dueAt + 60_000;
    const late = (await casesOf(consumer.owner.client)).find((entry) => entry.id === id)!;
    expect(late.overdue).toBe(true);
    // Handled: out of the waiting list, in the decided one.
    expect((await consumer.owner.client.request(`/api/owner/certificate-cases/${id}/handled`, { method: 'POST' })).status).toBe(200);
    expect((await casesOf(consumer.owner.client)).map((entry) => entry.id)).not.toContain(id);
    expect((await casesOf(consumer.owner.client, '?state=decided')).map((entry) => entry.id)).toContain(id);
  });

  it('an announced change is a case due on its change date; it closes the expiring case it renews', async () => {
    const pki = new OpensslPki(dir);
    const renewal = pki.issue('renewed.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
    const changeDate = day(clock + 14 * DAY);
    const uploaded = await consumer.jane.client.request('/api/certificates', {
      json: { certificate: renewal.pem, apiSlug: 'quotes', replaces: shortLived, changeDate },
    });
    expect(uploaded.status).toBe(201);
    const { id } = await uploaded.json();
    const open = await casesOf(consumer.owner.client);
    const change = open.find((entry) => entry.id === id)!;
    expect(change).toMatchObject({ kind: 'change', open: true, overdue: false, dueAt: Date.parse(changeDate) });
    expect(change.detail).toContain(`Replaces an approved certificate on ${changeDate}`);
    expect(open.map((entry) => entry.kind)).not.toContain('expiring');
    expect((await casesOf(consumer.owner.client, '?state=decided')).map((entry) => entry.kind)).toContain('expiring');
  });

  it('the list is in /api/openapi.json', async () => {
    const spec = await (await portal.client().request('/api/openapi.json')).json();
    const operation = spec.paths['/owner/certificate-cases'].get;
    expect(operation.parameters.map((parameter: { name: string }) => parameter.name).sort()).toEqual(['api', 'state']);
    expect(spec.components.schemas.CertificateCase.properties.overdue.type).toBe('boolean');
  });
});

describe('certificate cases: errors', () => {
  it('an unknown state is a 400; anonymous readers 401; a partner who owns no API 403', async () => {
    expect((await consumer.owner.client.request('/api/owner/certificate-cases?state=overdue')).status).toBe(400);
    expect((await portal.client().request('/api/owner/certificate-cases')).status).toBe(401);
    expect((await consumer.jane.client.request('/api/owner/certificate-cases')).status).toBe(403);
  });
});

describe('certificate cases: security', () => {
  it("another API's owner never sees these cases, not even when naming that API; an admin sees every API's", async () => {
    expect(await casesOf(claimsOwner, '?state=all')).toEqual([]);
    expect(await casesOf(claimsOwner, '?state=all&api=quotes')).toEqual([]);
    expect((await casesOf(admin, '?state=all')).map((entry) => entry.apiSlug)).toContain('quotes');
  });

  it("another API's owner cannot close this API's case", async () => {
    const [reported] = (await casesOf(admin, '?state=all')).filter((entry) => entry.kind === 'revocation');
    expect((await claimsOwner.request(`/api/owner/certificate-cases/${reported!.id}/handled`, { method: 'POST' })).status).toBe(403);
  });
});
