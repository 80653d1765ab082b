import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, ccadbImports, users } from '../../server/db/schema.ts';
import { registerVerified } from '../support/make-admin.ts';
import { OpenApiResponses } from '../support/openapi-responses.ts';
import { CA_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * The platform team imports the CCADB Included CA Certificate Report (issue 17 item 4): the CSV
 * as the body (text/csv), no network call; the registry then says per CA whether its SHA-256 is
 * in the report, its trust bits and EV, and warns. A refused file (broken, too large, another
 * media type, another person) changes nothing.
 */

const REPORT = readFileSync(path.join(import.meta.dirname, '../fixtures/ccadb/IncludedCACertificateReport.csv'), 'utf8');
const TODAY = Date.parse('2026-12-02T12:00:00Z');

interface Standing {
  report: { entryCount: number; importedAt: number; importedBy: string | null; via: string; fileName: string | null } | null;
  cas: Array<{ name: string; inReport: boolean | null; inReportWords: string; trustWords: string; evWords: string }>;
  warnings: Array<{ name: string; kind: string; words: string }>;
}

let dir: string;
let partnerRoot: Credential;
let portal: TestPortal;
let openapi: OpenApiResponses;
let platform: { client: TestClient; id: string };
let consumer: { client: TestClient; id: string };

const upload = (
  client: TestClient,
  body: string,
  headers: Record<string, string> = { 'Content-Type': 'text/csv' },
  query = '?file=IncludedCACertificateReport.csv',
) => client.request(`/api/registry/ccadb${query}`, { method: 'POST', body, headers });

async function standing(): Promise<Standing> {
  const response = await platform.client.request('/api/registry/ccadb');
  expect(response.status).toBe(200);
  const body = await response.json();
  expect(openapi.problems('get', '/registry/ccadb', 200, body)).toEqual([]);
  return body;
}

async function stored(): Promise<{ imports: number; audited: number }> {
  const imports = (await portal.handle.db.select().from(ccadbImports)).length;
  const audited = (await portal.handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'ca_registry.ccadb_imported'))).length;
  return { imports, audited };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-ccadb-'));
  partnerRoot = new OpensslPki(dir).selfSigned('Partner Private Root', { extensions: CA_EXTENSIONS, key: 'ec:P-256' });
  portal = await createTestPortal({ now: () => TODAY });
  openapi = await OpenApiResponses.load(portal);
  platform = await registerVerified(portal, { ...BOB, username: 'platform.ccadb', email: 'platform-ccadb@insurer.example' });
  await portal.handle.db.update(users).set({ role: 'platform' }).where(eq(users.id, platform.id));
  consumer = await registerVerified(portal, JANE);
  const added = await platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: partnerRoot.name, certificate: partnerRoot.pem, ev: true } });
  expect(added.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('before any import', () => {
  it('the comparison is empty', async () => {
    expect(await standing()).toEqual({ report: null, cas: [], warnings: [] });
  });
});

describe('security: only the platform team imports, nothing changes otherwise', () => {
  it('a consumer is refused (403), anonymous asked to sign in (401), a cross-site form refused (403); nothing stored', async () => {
    expect((await upload(consumer.client, REPORT)).status).toBe(403);
    expect((await consumer.client.request('/api/registry/ccadb')).status).toBe(403);
    expect((await upload(portal.client(), REPORT)).status).toBe(401);
    const crossSite = await platform.client.request('/api/registry/ccadb', {
      method: 'POST',
      body: REPORT,
      headers: { 'Content-Type': 'text/csv' },
      origin: 'https://attacker.example',
    });
    expect(crossSite.status).toBe(403);
    expect(await stored()).toEqual({ imports: 0, audited: 0 });
  });
});

describe('errors: a refused file changes nothing', () => {
  it.each([
    ['a broken CSV', `${REPORT}"unclosed`, /^The file is not a readable CSV file: a quoted field is never closed.* Nothing was imported\.$/],
    ['another CSV', 'name,email\r\nJane,jane@example.com\r\n', /not the CCADB Included CA Certificate Report: it has no column "SHA-256 Fingerprint"/],
    ['an empty body', '', /empty/],
  ])('%s: 400 in words', async (_name, body, message) => {
    const response = await upload(platform.client, body);
    expect(response.status).toBe(400);
    const answer = await response.json();
    expect(answer.error.code).toBe('invalid_input');
    expect(answer.error.message).toMatch(message);
    expect(openapi.problems('post', '/registry/ccadb', 400, answer)).toEqual([]);
    expect(await stored()).toEqual({ imports: 0, audited: 0 });
  });

  it('a report over 4 MB: 413, nothing stored', async () => {
    const huge = `${REPORT}${'"x",'.repeat(1_100_000)}`;
    const response = await upload(platform.client, huge);
    expect(response.status).toBe(413);
    expect((await response.json()).error.message).toMatch(/larger than 4 MB: nothing was imported/);
    expect(await stored()).toEqual({ imports: 0, audited: 0 });
  });

  it('sent as JSON or a form instead of text/csv: 415, nothing stored', async () => {
    const json = await platform.client.request('/api/registry/ccadb', { json: { csv: REPORT } });
    expect(json.status).toBe(415);
    expect((await json.json()).error.message).toMatch(/text\/csv/);
    expect((await upload(platform.client, REPORT, { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect(await stored()).toEqual({ imports: 0, audited: 0 });
  });
});

describe('importing the report', () => {
  it('answers 201 with the registry compared: the pinned roots in the report, trust bits and EV in words, the warnings', async () => {
    const response = await upload(platform.client, REPORT);
    expect(response.status).toBe(201);
    const body = (await response.json()) as Standing;
    expect(openapi.problems('post', '/registry/ccadb', 201, body)).toEqual([]);
    expect(body.report).toMatchObject({
      entryCount: 8,
      importedAt: TODAY,
      importedBy: BOB.fullName,
      via: 'upload',
      fileName: 'IncludedCACertificateReport.csv',
    });
    const byName = new Map(body.cas.map((ca) => [ca.name, ca]));
    expect(byName.get('DigiCert High Assurance EV Root CA')).toMatchObject({
      inReport: true,
      trustWords: 'S/MIME (email) and TLS (websites)',
      evWords: 'EV (2.16.840.1.114412.2.1)',
    });
    expect(byName.get('Entrust Root Certification Authority')).toMatchObject({ inReport: true, evWords: 'not EV' });
    expect(byName.get('2014-2044 BNPP Root')).toMatchObject({ inReport: null, inReportWords: 'not compared: no certificate yet' });
    expect(byName.get(partnerRoot.name)).toMatchObject({ inReport: false, inReportWords: 'no' });
    expect(body.warnings.map((warning) => [warning.name, warning.kind])).toEqual(
      expect.arrayContaining([
        ['Entrust Root Certification Authority', 'tls_distrusted'],
        ['Entrust Root Certification Authority', 'lost_ev'],
        ['Entrust Root Certification Authority - G2', 'tls_distrusted'],
        [partnerRoot.name, 'missing'],
      ]),
    );
    expect(body.warnings.some((warning) => warning.name === 'DigiCert High Assurance EV Root CA')).toBe(false);
    expect(await standing()).toEqual(body);
  });

  it('is stored and audited with who imported it and when', async () => {
    const [event] = await portal.handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'ca_registry.ccadb_imported'));
    expect(event).toMatchObject({ actorId: platform.id, createdAt: TODAY, targetType: 'ccadb_import' });
    const [row] = await portal.handle.db.select().from(ccadbImports);
    expect(row).toMatchObject({ importedBy: platform.id, importedAt: TODAY, entryCount: 8, via: 'upload' });
  });

  it('a report over the 64 KB JSON limit but under 4 MB is imported; a later refused one leaves the last import in place', async () => {
    const [header, ...rows] = REPORT.trimEnd().split('\r\n');
    const many = Array.from({ length: 40 }, () => rows).flat();
    const large = `${[header, ...many].join('\r\n')}\r\n`;
    expect(large.length).toBeGreaterThan(64 * 1024);
    const response = await upload(platform.client, large, { 'Content-Type': 'text/csv; charset=utf-8' }, '');
    expect(response.status).toBe(201);
    expect((await response.json()).report).toMatchObject({ entryCount: 320, fileName: null });
    expect((await upload(platform.client, 'not,a,report\r\n')).status).toBe(400);
    expect((await standing()).report?.entryCount).toBe(320);
  });
});
