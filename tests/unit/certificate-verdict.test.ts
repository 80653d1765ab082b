import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { x509 } from '../../server/certificates/parse-certificates.ts';
import { checkClientCertificate, type Check } from '../../server/rules/client-certificate.ts';
import { certificateVerdict } from '../../server/rules/certificate-verdict.ts';
import { LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';

const passed = (rule: string): Check => ({ rule, ok: true, message: `${rule} ok` });
const LEAF_RULES = ['validity', 'key_usage', 'extended_key_usage', 'not_a_ca', 'key', 'signature_algorithm'].map(passed);
const anchored: Check = { rule: 'chain', ok: true, message: 'The chain ends at an accepted certification authority: Test Root.' };

describe('certificateVerdict, from rule ids and the chain failure’s cause', () => {
  it('acceptable: every rule passed and the chain reached an accepted CA', () => {
    expect(certificateVerdict([...LEAF_RULES, anchored, passed('direct_issuer')])).toBe('acceptable');
  });

  it('every check passing is not enough without a passing chain check', () => {
    expect(certificateVerdict(LEAF_RULES)).toBe('rejected');
    expect(certificateVerdict([])).toBe('rejected');
  });

  it('awaiting_ca: the only failure is the chain, because its issuer is not an accepted CA', () => {
    expect(certificateVerdict([...LEAF_RULES, { rule: 'chain', ok: false, cause: 'issuer_not_accepted', message: '' }])).toBe('awaiting_ca');
  });

  it('rejected: any other chain failure, or any other failed rule beside the missing CA', () => {
    for (const cause of ['self_signed', 'signature_mismatch', 'too_long'] as const) {
      expect(certificateVerdict([...LEAF_RULES, { rule: 'chain', ok: false, cause, message: '' }]), cause).toBe('rejected');
    }
    expect(certificateVerdict([...LEAF_RULES, { rule: 'chain', ok: false, message: '' }]), 'a chain failure without a cause').toBe('rejected');
    const expiredToo = [
      { rule: 'validity', ok: false, message: '' },
      ...LEAF_RULES.slice(1),
      { rule: 'chain', ok: false, cause: 'issuer_not_accepted' as const, message: '' },
    ];
    expect(certificateVerdict(expiredToo)).toBe('rejected');
    expect(certificateVerdict([...LEAF_RULES, anchored, { rule: 'key', ok: false, message: '' }])).toBe('rejected');
  });

  it('a failure of another rule carrying the same cause does not make the certificate wait', () => {
    expect(certificateVerdict([...LEAF_RULES.slice(1), { rule: 'validity', ok: false, cause: 'issuer_not_accepted', message: '' }])).toBe('rejected');
  });
});

describe('the verdict of real certificates does not depend on any message', () => {
  let dir: string;
  let pki: OpensslPki;
  let root: Credential;
  const cert = (credential: Credential) => new x509.X509Certificate(credential.pem);
  const check = (leaf: x509.X509Certificate) => checkClientCertificate(leaf, [], [{ name: root.name, certificate: cert(root) }], new Date());
  /** Every sentence and detail rewritten, as a translation or a copy edit would. */
  const reworded = (checks: Check[]): Check[] =>
    checks.map((item, index) => ({ ...item, message: `Reworded sentence ${index}.`, detail: 'no certificate for issuer (a detail that once decided)' }));

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'portico-verdict-'));
    pki = new OpensslPki(dir);
    root = pki.selfSigned('Verdict Test Root');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an issuer that is not accepted: awaiting_ca, before and after rewording every message', async () => {
    const leaf = pki.issue('waits-for-its-ca', pki.selfSigned('Not Yet Accepted Root'), { extensions: LEAF_EXTENSIONS });
    const report = await check(cert(leaf));
    expect(report.verdict).toBe('awaiting_ca');
    expect(report.acceptable).toBe(false);
    expect(certificateVerdict(reworded(report.checks))).toBe('awaiting_ca');
    expect(certificateVerdict(report.checks.map((item) => ({ ...item, message: '', detail: undefined })))).toBe('awaiting_ca');
  });

  it('an altered signature: rejected, even when its chain detail is reworded into the one the old code matched', async () => {
    const der = Buffer.from(cert(pki.issue('altered', root, { extensions: LEAF_EXTENSIONS })).rawData);
    der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0xff;
    const report = await check(new x509.X509Certificate(der));
    expect(report.verdict).toBe('rejected');
    expect(certificateVerdict(reworded(report.checks))).toBe('rejected');
  });

  it('a good certificate: acceptable, whatever its messages say', async () => {
    const report = await check(cert(pki.issue('good', root, { extensions: LEAF_EXTENSIONS })));
    expect(report).toMatchObject({ verdict: 'acceptable', acceptable: true });
    expect(certificateVerdict(reworded(report.checks))).toBe('acceptable');
  });
});
