import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiAccess, auditEvents, clientCertificates } from '../../server/db/schema.ts';
import { EXPIRING_SOON_DAYS, recheckEffect, recheckVerdict, type RecheckFacts } from '../../server/rules/certificate-recheck.ts';
import { retireCa } from '../../server/services/ca-registry.ts';
import { recheckApprovedCertificates, runDailyRecheck } from '../../server/services/certificate-recheck.ts';
import { createServiceContext, type ServiceContext } from '../../server/services/context.ts';
import { setUpMtlsConsumer } from '../support/mtls-consumer.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { ORIGIN, TEST_APIS, createTestPortal, type TestPortal } from '../support/test-portal.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2027, 0, 15);
const JANE = 'jane.doe@broker-partner.example';
const OWNER = 'quotes-owner@insurer.example';

describe('the decision (rules/certificate-recheck.ts)', () => {
  const accepted = { name: 'Accepted CA', notAfter: NOW + 400 * DAY, retiredAt: null };
  const facts = (over: Partial<RecheckFacts>): RecheckFacts => ({
    certificate: { notAfter: NOW + 300 * DAY },
    cas: [accepted],
    checks: [{ rule: 'chain', ok: true, message: 'ok' }],
    now: NOW,
    ...over,
  });

  it('ok while every CA is accepted and valid, every rule passes and nothing ends within a month', () => {
    expect(recheckVerdict(facts({}))).toEqual({ kind: 'ok' });
    expect(recheckEffect({ kind: 'ok' })).toMatchObject({ decision: null, flag: null, notice: null });
  });

  it('a CA ending first within 30 days: flagged, holder and owners told; the certificate ending first: owners only (the lifecycle reminds the holder)', () => {
    const caEnds = recheckVerdict(facts({ cas: [{ ...accepted, notAfter: NOW + 20 * DAY }] }));
    expect(caEnds).toEqual({ kind: 'expiring_soon', days: 20, on: NOW + 20 * DAY, ends: { ca: 'Accepted CA' } });
    expect(recheckEffect(caEnds)).toMatchObject({
      decision: null,
      flag: 'expiring_soon',
      notice: 'expiring_soon:Accepted CA',
      tell: { holder: true, owners: true },
    });
    const ownEnd = recheckVerdict(facts({ certificate: { notAfter: NOW + EXPIRING_SOON_DAYS * DAY } }));
    expect(ownEnd).toMatchObject({ kind: 'expiring_soon', days: 30, ends: 'certificate' });
    expect(recheckEffect(ownEnd).tell).toEqual({ holder: false, owners: true });
    expect(recheckVerdict(facts({ certificate: { notAfter: NOW + 31 * DAY } }))).toEqual({ kind: 'ok' });
  });

  it('an expired CA (intermediate or accepted) stops the certificate; its date failures are not counted as a changed rule', () => {
    const verdict = recheckVerdict(
      facts({
        cas: [{ name: 'CN=Issuing', notAfter: NOW - DAY, retiredAt: null }, accepted],
        checks: [{ rule: 'issuer_validity', ok: false, message: 'out of date' }],
      }),
    );
    expect(verdict).toEqual({ kind: 'ca_expired', ca: 'CN=Issuing', on: NOW - DAY });
    expect(recheckEffect(verdict)).toMatchObject({ decision: 'ca_expired', flag: 'ca_expired', notice: 'ca_expired:CN=Issuing' });
  });

  it('a retired CA stops the certificate, before anything else', () => {
    const verdict = recheckVerdict(facts({ cas: [{ ...accepted, notAfter: NOW - DAY, retiredAt: NOW - 2 * DAY }] }));
    expect(verdict).toMatchObject({ kind: 'ca_retired', ca: 'Accepted CA' });
    expect(recheckEffect(verdict).decision).toBe('ca_retired');
  });

  it('a rule failing today is flagged by rule id with its reasons; the owners decide', () => {
    const verdict = recheckVerdict(
      facts({
        checks: [
          { rule: 'signature_algorithm', ok: false, message: 'SHA-1 in the chain.' },
          { rule: 'key', ok: false, message: 'RSA 2047 bits.' },
          { rule: 'validity', ok: false, message: 'expired' },
        ],
      }),
    );
    expect(verdict).toEqual({ kind: 'rule_failed', rules: ['key', 'signature_algorithm'], reasons: ['SHA-1 in the chain.', 'RSA 2047 bits.'] });
    expect(recheckEffect(verdict)).toMatchObject({ decision: null, flag: 'rule_failed', notice: 'rule_failed:key,signature_algorithm' });
  });
});

describe('the daily re-check of approved certificates (OpenSSL-made CA and certificate)', () => {
  let dir: string;
  let portal: TestPortal;
  let pki: OpensslPki;
  let root: Credential;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'portico-recheck-'));
    pki = new OpensslPki(dir);
    root = pki.selfSigned('Recheck Root', { extensions: CA_EXTENSIONS });
  });
  afterEach(async () => {
    await portal?.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const openssl = (time: number) => `${new Date(time).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
  const started = Date.now();
  /** An accepted issuing CA that expires in `days`, and a client certificate it issued that outlives it. */
  const issuingCa = (name: string, days: number) => {
    const ca = pki.issue(name, root, {
      extensions: CA_EXTENSIONS,
      subject: `/CN=${name}`,
      startDate: openssl(started - DAY),
      endDate: openssl(started + days * DAY),
    });
    const leaf = pki.issue(`client-of-${name.replace(/\W/g, '-')}`, ca, { extensions: LEAF_EXTENSIONS });
    return { ca, leaf };
  };
  const at = (days: number): ServiceContext =>
    createServiceContext({
      db: portal.handle.db,
      siteUrl: ORIGIN,
      manifest: { formatVersion: 1, builtAt: '', publicDir: 'public', apis: TEST_APIS },
      now: () => started + days * DAY,
    });
  const told = async (to: string) => (await portal.emails(to)).filter((mail) => mail.template === 'certificate-recheck');
  const statusOf = async (certificateId: string, accessId: string) => {
    const [certificate] = await portal.handle.db.select().from(clientCertificates).where(eq(clientCertificates.id, certificateId));
    const [access] = await portal.handle.db.select().from(apiAccess).where(eq(apiAccess.id, accessId));
    return { certificate: certificate?.status, flag: certificate?.recheckFlag, access: access?.status };
  };

  it('a CA expiring between two runs: the first changes nothing, the second suspends and emails once, a third emails nobody again', async () => {
    const { ca, leaf } = issuingCa('Recheck Issuing CA', 100);
    portal = await createTestPortal();
    const { certificateId, accessId, jane } = await setUpMtlsConsumer(portal, ca, leaf);

    expect(await recheckApprovedCertificates(at(10))).toEqual({ checked: 1, flagged: 0, stopped: 0, notified: 0 });
    expect(await statusOf(certificateId, accessId)).toEqual({ certificate: 'approved', flag: null, access: 'approved' });
    expect(await told(JANE)).toEqual([]);

    expect(await recheckApprovedCertificates(at(101))).toMatchObject({ stopped: 1, notified: 1 });
    expect(await statusOf(certificateId, accessId)).toEqual({ certificate: 'expired', flag: 'ca_expired', access: 'suspended' });
    const [holderMail, ...moreToHolder] = await told(JANE);
    expect(moreToHolder).toEqual([]);
    expect(holderMail?.subject).toBe('Your certificate for Quotes API stopped: its certification authority expired');
    expect(holderMail?.text).toContain('"Recheck Issuing CA" of its chain expired on');
    expect(holderMail?.text).toContain('1 API access(es) that used it are suspended.');
    expect((await told(OWNER)).map((mail) => mail.subject)).toEqual(['A client certificate stopped for Quotes API (Broker Partner SA)']);

    expect(await recheckApprovedCertificates(at(102))).toEqual({ checked: 0, flagged: 0, stopped: 0, notified: 0 });
    expect(await told(JANE)).toHaveLength(1);
    expect(await told(OWNER)).toHaveLength(1);

    // Both consoles read it: the holder's list and the owners' certificate queue.
    const held = await (await jane.client.request('/api/certificates')).json();
    expect(held.certificates ?? held).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: certificateId, status: 'expired', recheck: expect.objectContaining({ flag: 'ca_expired' }) })]),
    );
    const audit = await portal.handle.db.select().from(auditEvents).where(eq(auditEvents.targetId, certificateId));
    expect(audit.map((event) => event.action)).toContain('certificate.ca_expired');
  });

  it('a CA ending within a month is flagged while the access keeps working, told once; it stops at expiry, told again once', async () => {
    const { ca, leaf } = issuingCa('Recheck Short CA', 60);
    portal = await createTestPortal();
    const { certificateId, accessId } = await setUpMtlsConsumer(portal, ca, leaf);

    expect(await recheckApprovedCertificates(at(35))).toMatchObject({ flagged: 1, stopped: 0, notified: 1 });
    expect(await statusOf(certificateId, accessId)).toEqual({ certificate: 'approved', flag: 'expiring_soon', access: 'approved' });
    expect(await recheckApprovedCertificates(at(36))).toMatchObject({ flagged: 1, notified: 0 });
    expect((await told(JANE)).map((mail) => mail.subject)).toEqual(['Your certificate for Quotes API stops working soon: its certification authority expires']);
    expect(await recheckApprovedCertificates(at(61))).toMatchObject({ stopped: 1, notified: 1 });
    expect(await told(JANE)).toHaveLength(2);
    expect(await told(OWNER)).toHaveLength(2);
  });

  it('a CA the platform team retires stops its certificates at once; new uploads under it wait for a CA', async () => {
    const { ca, leaf } = issuingCa('Recheck Retired CA', 300);
    portal = await createTestPortal();
    const { certificateId, accessId, jane } = await setUpMtlsConsumer(portal, ca, leaf);
    expect((await retireCa(at(1), 'platform-member', { name: ca.name, reason: 'no longer audited EV' })).ok).toBe(true);
    // The retirement itself re-checked its dependants: the next run has nothing left to stop or tell.
    expect(await recheckApprovedCertificates(at(2))).toMatchObject({ stopped: 0, notified: 0 });
    expect(await statusOf(certificateId, accessId)).toEqual({ certificate: 'revoked', flag: 'ca_retired', access: 'suspended' });
    expect((await told(JANE))[0]?.subject).toBe('Your certificate for Quotes API stopped: its certification authority is no longer accepted');
    const other = pki.issue('second-client-of-retired', ca, { extensions: LEAF_EXTENSIONS });
    const upload = await jane.client.request('/api/certificates', { json: { certificate: other.pem, apiSlug: 'quotes' } });
    expect((await upload.json()).status).toBe('awaiting_ca');
  });

  it('portico cert recheck --at runs it by hand, on the day given; again, it tells nobody', async () => {
    const { ca, leaf } = issuingCa('Recheck CLI CA', 100);
    portal = await createTestPortal();
    const { certificateId, accessId } = await setUpMtlsConsumer(portal, ca, leaf);
    const buildDir = path.join(dir, 'build');
    mkdirSync(path.join(buildDir, 'public'), { recursive: true });
    writeFileSync(path.join(buildDir, 'public', 'index.html'), '<h1>Catalog</h1>');
    for (const api of TEST_APIS.filter((candidate) => candidate.visibility === 'private')) {
      mkdirSync(path.join(buildDir, api.buildDir), { recursive: true });
      writeFileSync(path.join(buildDir, api.buildDir, 'index.html'), 'docs');
    }
    writeFileSync(path.join(buildDir, 'manifest.json'), JSON.stringify({ formatVersion: 1, builtAt: '', publicDir: 'public', apis: TEST_APIS }));
    const recheck = (when: number | string) =>
      spawnSync(
        process.execPath,
        [path.join(projectRoot, 'bin', 'portico.mjs'), 'cert', 'recheck', '--at', typeof when === 'string' ? when : new Date(when).toISOString()],
        {
          encoding: 'utf8',
          env: { ...process.env, DATABASE_URL: `file:${portal.databaseFile}`, PORTICO_BUILD_DIR: buildDir, PORTICO_SITE_URL: ORIGIN },
          timeout: 80_000,
        },
      );
    const first = recheck(started + 101 * DAY);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Re-checked 1 approved certificate(s)');
    expect(first.stdout).toContain('1 stopped');
    expect(await statusOf(certificateId, accessId)).toEqual({ certificate: 'expired', flag: 'ca_expired', access: 'suspended' });
    const again = recheck(started + 102 * DAY);
    expect(again.stdout).toContain('0 newly told');
    expect(await told(JANE)).toHaveLength(1);
    expect(recheck('yesterday').status).toBe(2);
  }, 200_000);

  it('the scheduler runs it once a day', async () => {
    portal = await createTestPortal();
    expect(await runDailyRecheck(at(0), '2027-01-15')).toEqual({ checked: 0, flagged: 0, stopped: 0, notified: 0 });
    expect(await runDailyRecheck(at(0.5), '2027-01-15')).toBeUndefined();
    expect(await runDailyRecheck(at(1), '2027-01-16')).toBeDefined();
  });
});
