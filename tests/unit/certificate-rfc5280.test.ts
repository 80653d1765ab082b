import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { x509 } from '../../server/certificates/parse-certificates.ts';
import { checkClientCertificate, type TrustAnchor } from '../../server/rules/client-certificate.ts';
import { withExtraExtension } from '../support/der-surgery.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';

/** Each class of defect of issue 19 (RFC 5280 and the guidelines), on certificates made by openssl. */

let dir: string;
let pki: OpensslPki;
let root: Credential;
let issuing: Credential;

const cert = (credential: Credential) => new x509.X509Certificate(credential.pem);
const trust = (...credentials: Credential[]): TrustAnchor[] => credentials.map((credential) => ({ name: credential.name, certificate: cert(credential) }));
const SUB_CA = [...CA_EXTENSIONS, 'authorityKeyIdentifier = keyid'];

async function check(leaf: Credential, anchors: TrustAnchor[] = trust(root), chain: Credential[] = [], options = {}) {
  return checkClientCertificate(cert(leaf), chain.map(cert), anchors, new Date(), options);
}
type Report = Awaited<ReturnType<typeof check>>;
const failedRules = (report: Report) => report.checks.filter((item) => !item.ok).map((item) => item.rule);
const line = (report: Report, rule: string) => report.checks.find((item) => item.rule === rule);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-rfc5280-'));
  pki = new OpensslPki(dir, { reuseKeys: true });
  root = pki.selfSigned('RFC Root');
  issuing = pki.issue('RFC Issuing CA', root, { extensions: SUB_CA, key: 'ec:P-256', subject: '/CN=RFC Issuing CA' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('critical extensions Portico does not process refuse the certificate, naming the extension', () => {
  it('in the leaf', async () => {
    const leaf = pki.issue('critical-unknown', root, { extensions: [...LEAF_EXTENSIONS, '1.2.3.4 = critical, DER:0500'], key: 'ec:P-256' });
    const report = await check(leaf);
    expect(failedRules(report)).toEqual(['critical_extensions']);
    expect(line(report, 'critical_extensions')?.message).toContain('1.2.3.4');
    expect(report.verdict).toBe('rejected');
  });

  it('in an intermediate CA (Certificate Policies marked critical)', async () => {
    const ca = pki.issue('critical-policies-ca', root, { extensions: [...SUB_CA, '2.5.29.32 = critical, DER:3006300406022a03'], key: 'ec:P-256' });
    const leaf = pki.issue('under-critical-policies', ca, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
    const report = await check(leaf, trust(root), [ca]);
    expect(failedRules(report)).toEqual(['critical_extensions']);
    expect(line(report, 'critical_extensions')?.message).toContain('Certificate Policies');
  });

  it('a known extension marked critical (Key Usage) is fine', async () => {
    expect(failedRules(await check(pki.issue('critical-known', root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' })))).toEqual([]);
  });
});

describe('name constraints of an issuer bind the certificates below it', () => {
  let constrained: Credential;
  beforeAll(() => {
    constrained = pki.issue('Constrained CA', root, {
      subject: '/O=Broker Partner SA/CN=Constrained CA',
      key: 'ec:P-256',
      extensions: [
        ...SUB_CA,
        'nameConstraints = critical, permitted;dirName:nc_dir, permitted;DNS:partner.example, excluded;DNS:forbidden.partner.example',
        '[ nc_dir ]',
        'O = Broker Partner SA',
      ],
    });
  });
  const leafUnder = (name: string, subject: string, san?: string) =>
    pki.issue(name, constrained, { subject, key: 'ec:P-256', extensions: san ? [...LEAF_EXTENSIONS, `subjectAltName = ${san}`] : LEAF_EXTENSIONS });

  it('a subject and a DNS name inside the permitted subtrees pass', async () => {
    const leaf = leafUnder('nc-inside', '/O=Broker Partner SA/CN=nc-inside', 'DNS:api.partner.example');
    const inside = await check(leaf, trust(root), [constrained]);
    expect(failedRules(inside), line(inside, 'name_constraints')?.message).toEqual([]);
  });

  it('a subject outside the permitted directory name fails', async () => {
    const report = await check(leafUnder('nc-other-org', '/O=Other Company SA/CN=nc-other-org'), trust(root), [constrained]);
    expect(failedRules(report)).toEqual(['name_constraints']);
    expect(line(report, 'name_constraints')?.message).toContain('Other Company SA');
  });

  it('an excluded DNS name fails, and so does one outside the permitted domain', async () => {
    const excluded = await check(leafUnder('nc-excluded', '/O=Broker Partner SA/CN=nc-excluded', 'DNS:api.forbidden.partner.example'), trust(root), [
      constrained,
    ]);
    expect(failedRules(excluded)).toEqual(['name_constraints']);
    expect(line(excluded, 'name_constraints')?.message).toContain('excluded');
    const outside = await check(leafUnder('nc-outside', '/O=Broker Partner SA/CN=nc-outside', 'DNS:api.elsewhere.example'), trust(root), [constrained]);
    expect(failedRules(outside)).toEqual(['name_constraints']);
  });
});

describe('duplicate extensions', () => {
  it('a second Extended Key Usage refuses the certificate', async () => {
    const leaf = pki.issue('dup-base', root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
    const serverAuth = '3013' + '0603551d25' + '040c' + '300a' + '06082b06010505070301';
    const duplicated = withExtraExtension(dir, 'dup-eku', leaf, root, serverAuth);
    const report = await check(duplicated);
    expect(failedRules(report)).toEqual(['duplicate_extensions']);
    expect(line(report, 'duplicate_extensions')?.message).toContain('Extended Key Usage');
  });
});

describe('weak signatures anywhere in the path, each under its own rule', () => {
  it('an intermediate signed with SHA-1', async () => {
    const sha1Ca = pki.issue('sha1-intermediate', root, { extensions: SUB_CA, md: 'sha1', key: 'ec:P-256' });
    const leaf = pki.issue('under-sha1-intermediate', sha1Ca, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
    const report = await check(leaf, trust(root), [sha1Ca]);
    expect(failedRules(report)).toEqual(['signature_algorithm']);
    expect(line(report, 'signature_algorithm')?.message).toContain('sha1-intermediate');
  });

  it('an MD5 leaf: reported under signature_algorithm only, its chain verified', async () => {
    const report = await check(pki.issue('md5-leaf', root, { extensions: LEAF_EXTENSIONS, md: 'md5', key: 'ec:P-256' }));
    expect(failedRules(report)).toEqual(['signature_algorithm']);
    expect(line(report, 'signature_algorithm')?.message).toContain('MD5');
    expect(line(report, 'chain')?.ok).toBe(true);
  });
});

describe('path length and self-issued certificates', () => {
  it('a self-issued roll-over CA is not counted against pathLenConstraint (§6.1.4(l))', async () => {
    const pathLen0 = ['basicConstraints = critical, CA:TRUE, pathlen:0', 'keyUsage = critical, keyCertSign, cRLSign', 'subjectKeyIdentifier = hash'];
    const oldRoot = pki.selfSigned('Roll Root', { extensions: pathLen0, freshKey: true });
    const newKey = pki.issue('roll-new-key', oldRoot, {
      subject: '/CN=Roll Root',
      freshKey: true,
      extensions: [...pathLen0, 'authorityKeyIdentifier = keyid'],
    });
    const leaf = pki.issue('under-roll-over', newKey, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
    const report = await check(leaf, trust(oldRoot), [newKey]);
    expect(failedRules(report)).toEqual([]);
    expect(report.verdict).toBe('acceptable');
  });
});

describe('names compared per RFC 5280 §7.1', () => {
  it('an issuer name differing in case and spacing still matches', async () => {
    const upper = pki.issue('ACME CA', root, { subject: '/CN=ACME CA/O=Acme', extensions: SUB_CA, key: 'ec:P-256' });
    const leaf = pki.issue('acme-leaf', upper, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
    const lower = pki.issue('acme-lower', root, { subject: '/CN=acme  ca/O=ACME', keyFrom: upper, extensions: SUB_CA });
    const report = await check(leaf, trust(root), [lower]);
    expect(failedRules(report)).toEqual([]);
  });
});

describe('the path builder tries every candidate issuer', () => {
  it('an expired copy of the intermediate listed first does not hide the valid one', async () => {
    const expiredCopy = pki.issue('expired-copy', root, {
      subject: '/CN=RFC Issuing CA',
      keyFrom: issuing,
      extensions: SUB_CA,
      startDate: '20200101000000Z',
      endDate: '20210101000000Z',
    });
    const leaf = pki.issue('backtrack-leaf', issuing, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
    expect(failedRules(await check(leaf, trust(root), [expiredCopy, issuing]))).toEqual([]);
    const only = await check(leaf, trust(root), [expiredCopy]);
    expect(failedRules(only)).toEqual(['issuer_validity']);
    expect(line(only, 'issuer_validity')?.message).toContain('expired on 2021-01-01');
  });

  it('a cross-signed copy under an unknown root, listed first, does not hide the accepted path', async () => {
    const otherRoot = pki.selfSigned('Other Root', { freshKey: true });
    const cross = pki.issue('cross-copy', otherRoot, { subject: '/CN=RFC Issuing CA', keyFrom: issuing, extensions: SUB_CA });
    const leaf = pki.issue('cross-leaf', issuing, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
    expect(failedRules(await check(leaf, trust(root), [cross, otherRoot, issuing]))).toEqual([]);
  });
});

describe('keys', () => {
  it('RSA of 2047 bits fails, read from the modulus', async () => {
    const report = await check(pki.issue('rsa-2047', root, { extensions: LEAF_EXTENSIONS, key: 'rsa:2047' }));
    expect(failedRules(report)).toEqual(['key']);
    expect(line(report, 'key')?.detail).toContain('2047 bits');
  });

  it('an RSASSA-PSS key of 2048 bits is read as such, and accepted', async () => {
    const report = await check(pki.issue('rsa-pss', root, { extensions: LEAF_EXTENSIONS, key: 'rsa-pss:2048' }));
    expect(failedRules(report)).toEqual([]);
    expect(line(report, 'key')?.detail).toContain('RSASSA-PSS key of 2048 bits');
  });

  it('an explicitly encoded P-256 key is told why it is refused', async () => {
    const report = await check(pki.issue('explicit-p256', root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256-explicit' }));
    expect(failedRules(report)).toEqual(['key']);
    expect(line(report, 'key')?.detail).toMatch(/P-256.*explicit/);
  });
});

describe('reasons in words, one line per rule', () => {
  it('Key Usage and Extended Key Usage are named, not bits or OIDs', async () => {
    const leaf = pki.issue('words', root, {
      key: 'ec:P-256',
      extensions: ['basicConstraints = CA:FALSE', 'keyUsage = critical, keyEncipherment', 'extendedKeyUsage = serverAuth'],
    });
    const report = await check(leaf);
    expect(line(report, 'key_usage')?.detail).toBe('Key Usage: Key Encipherment');
    expect(line(report, 'extended_key_usage')?.detail).toBe('Extended Key Usage: Server Authentication');
    expect(line(report, 'key_usage')?.message).toMatch(/ask/i);
  });

  it('every rule appears once', async () => {
    const leaf = pki.issue('once-each', issuing, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
    const report = await check(leaf, trust(root), [issuing]);
    const rules = report.checks.map((item) => item.rule);
    expect(new Set(rules).size).toBe(rules.length);
  });

  it('an expired accepted CA fails the chain rule and no ✓ says the chain ends at an accepted CA', async () => {
    const expiredAnchor = pki.issue('Expired Accepted CA', root, {
      subject: '/CN=Expired Accepted CA',
      extensions: SUB_CA,
      key: 'ec:P-256',
      startDate: '20200101000000Z',
      endDate: '20210101000000Z',
    });
    const leaf = pki.issue('under-expired-anchor', expiredAnchor, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
    const report = await check(leaf, trust(expiredAnchor));
    expect(failedRules(report)).toEqual(['chain']);
    expect(line(report, 'chain')?.message).toContain('expired on 2021-01-01');
    expect(
      report.checks
        .filter((item) => item.ok)
        .map((item) => item.message)
        .join(' '),
    ).not.toContain('accepted certification authority');
    expect(report.verdict).toBe('rejected');
  });
});

describe('"directly issued by one of the listed CAs" as a registry policy', () => {
  it('by default (chain to a listed CA) an intermediate is allowed and said so; "issuer listed" refuses it', async () => {
    const leaf = pki.issue('policy-leaf', issuing, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
    const lenient = await check(leaf, trust(root), [issuing]);
    expect(lenient.verdict).toBe('acceptable');
    expect(line(lenient, 'direct_issuer')?.message).toContain('guidelines ask for a certificate issued directly');
    const strict = await check(leaf, trust(root), [issuing], { issuerPolicy: 'issuer_listed' });
    expect(failedRules(strict)).toEqual(['direct_issuer']);
    expect(strict.verdict).toBe('rejected');
    const direct = await check(pki.issue('policy-direct', root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' }), trust(root), [], {
      issuerPolicy: 'issuer_listed',
    });
    expect(direct.verdict).toBe('acceptable');
  });
});
