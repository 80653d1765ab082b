import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificates, x509 } from '../../server/certificates/parse-certificates.ts';
import { checkClientCertificate, type TrustAnchor } from '../../server/rules/client-certificate.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';

let dir: string;
let pki: OpensslPki;
let root: Credential;
let intermediate: Credential;

const cert = (credential: Credential) => new x509.X509Certificate(credential.pem);
const trust = (...credentials: Credential[]): TrustAnchor[] => credentials.map((credential) => ({ name: credential.name, certificate: cert(credential) }));

async function verdict(leaf: Credential, anchors: TrustAnchor[] = trust(root), chain: Credential[] = [], at = new Date()) {
  return checkClientCertificate(cert(leaf), chain.map(cert), anchors, at);
}

function failedRules(result: Awaited<ReturnType<typeof verdict>>): string[] {
  return result.checks.filter((check) => !check.ok).map((check) => check.rule);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-pki-'));
  pki = new OpensslPki(dir);
  root = pki.selfSigned('Test EV Root');
  intermediate = pki.issue('Test Issuing CA', root, { extensions: [...CA_EXTENSIONS, 'authorityKeyIdentifier = keyid'] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('good certificates', () => {
  it('issued directly by an accepted root', async () => {
    const leaf = pki.issue('good-direct', root, { extensions: LEAF_EXTENSIONS });
    const result = await verdict(leaf);
    expect(failedRules(result)).toEqual([]);
    expect(result).toMatchObject({ acceptable: true, directlyIssued: true, anchor: { name: 'Test EV Root' } });
    expect(result.summary.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(pki.opensslVerify(leaf, [root])).toBe(true);
  });

  it('issued by an accepted intermediate CA (the anchor is the intermediate)', async () => {
    const leaf = pki.issue('good-via-accepted-intermediate', intermediate, { extensions: LEAF_EXTENSIONS });
    const result = await verdict(leaf, trust(intermediate));
    expect(result).toMatchObject({ acceptable: true, directlyIssued: true, anchor: { name: 'Test Issuing CA' } });
  });

  it('through an intermediate up to an accepted root: accepted, and marked as not directly issued', async () => {
    const leaf = pki.issue('good-via-root', intermediate, { extensions: LEAF_EXTENSIONS });
    const result = await verdict(leaf, trust(root), [intermediate]);
    expect(result).toMatchObject({ acceptable: true, directlyIssued: false, anchor: { name: 'Test EV Root' } });
    expect(result.checks.find((check) => check.rule === 'direct_issuer')?.message).toContain('guidelines ask for a certificate issued directly');
    expect(pki.opensslVerify(leaf, [root], [intermediate])).toBe(true);
  });

  it('EC P-256 keys are accepted', async () => {
    const leaf = pki.issue('good-ec', root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
    expect((await verdict(leaf)).acceptable).toBe(true);
  });
});

describe('each single defect is rejected for the right reason', () => {
  it('expired', async () => {
    const leaf = pki.issue('expired', root, { extensions: LEAF_EXTENSIONS, startDate: '20200101000000Z', endDate: '20210101000000Z' });
    const result = await verdict(leaf);
    expect(failedRules(result)).toEqual(['validity']);
    expect(result.checks[0]?.message).toBe('The certificate expired on 2021-01-01.');
    expect(pki.opensslVerify(leaf, [root])).toBe(false);
  });

  it('not yet valid', async () => {
    const leaf = pki.issue('not-yet-valid', root, { extensions: LEAF_EXTENSIONS, startDate: '20350101000000Z', endDate: '20360101000000Z' });
    expect(failedRules(await verdict(leaf))).toEqual(['validity']);
  });

  it('no Extended Key Usage', async () => {
    const leaf = pki.issue('no-eku', root, { extensions: LEAF_EXTENSIONS.filter((line) => !line.startsWith('extendedKeyUsage')) });
    expect(failedRules(await verdict(leaf))).toEqual(['extended_key_usage']);
    // openssl's sslclient purpose accepts a certificate without EKU (any purpose); the guidelines do not.
    expect(pki.opensslVerify(leaf, [root])).toBe(true);
  });

  it('serverAuth only', async () => {
    const leaf = pki.issue('server-auth-only', root, {
      extensions: [...LEAF_EXTENSIONS.filter((line) => !line.startsWith('extendedKeyUsage')), 'extendedKeyUsage = serverAuth'],
    });
    expect(failedRules(await verdict(leaf))).toEqual(['extended_key_usage']);
    expect(pki.opensslVerify(leaf, [root])).toBe(false);
  });

  it('no digitalSignature in Key Usage', async () => {
    const leaf = pki.issue('no-digital-signature', root, {
      extensions: [...LEAF_EXTENSIONS.filter((line) => !line.startsWith('keyUsage')), 'keyUsage = critical, keyEncipherment'],
    });
    expect(failedRules(await verdict(leaf))).toEqual(['key_usage']);
  });

  it('a CA:TRUE leaf', async () => {
    const leaf = pki.issue('ca-leaf', root, {
      extensions: ['basicConstraints = critical, CA:TRUE', 'keyUsage = critical, digitalSignature, keyCertSign', 'extendedKeyUsage = clientAuth'],
    });
    expect(failedRules(await verdict(leaf))).toEqual(['not_a_ca']);
  });

  it('an unknown issuer', async () => {
    const otherRoot = pki.selfSigned('Unknown Root');
    const leaf = pki.issue('unknown-issuer', otherRoot, { extensions: LEAF_EXTENSIONS });
    const result = await verdict(leaf);
    expect(failedRules(result)).toEqual(['chain']);
    expect(result.checks.find((check) => check.rule === 'chain')?.message).toContain('not issued by an accepted certification authority');
    expect(pki.opensslVerify(leaf, [root])).toBe(false);
  });

  it('self-signed', async () => {
    const leaf = pki.selfSigned('self-signed-leaf', { extensions: LEAF_EXTENSIONS.filter((line) => !line.startsWith('authorityKeyIdentifier')) });
    expect(failedRules(await verdict(leaf))).toEqual(['chain']);
  });

  it('an issuer without CA:TRUE', async () => {
    const notCa = pki.issue('not-a-ca-issuer', root, { extensions: ['basicConstraints = CA:FALSE', 'keyUsage = critical, keyCertSign, digitalSignature'] });
    const leaf = pki.issue('issued-by-non-ca', notCa, { extensions: LEAF_EXTENSIONS });
    expect(failedRules(await verdict(leaf, trust(root), [notCa]))).toEqual(['issuer_is_ca']);
    expect(pki.opensslVerify(leaf, [root], [notCa])).toBe(false);
  });

  it('an issuer without keyCertSign', async () => {
    const noSign = pki.issue('no-keycertsign-issuer', root, {
      extensions: ['basicConstraints = critical, CA:TRUE', 'keyUsage = critical, cRLSign, digitalSignature'],
    });
    const leaf = pki.issue('issued-without-keycertsign', noSign, { extensions: LEAF_EXTENSIONS });
    expect(failedRules(await verdict(leaf, trust(root), [noSign]))).toEqual(['issuer_key_cert_sign']);
  });

  it('path length exceeded', async () => {
    const strictRoot = pki.selfSigned('Strict Root', {
      extensions: ['basicConstraints = critical, CA:TRUE, pathlen:0', 'keyUsage = critical, keyCertSign, cRLSign', 'subjectKeyIdentifier = hash'],
    });
    const sub = pki.issue('sub-ca-under-pathlen-0', strictRoot, { extensions: [...CA_EXTENSIONS, 'authorityKeyIdentifier = keyid'] });
    const leaf = pki.issue('too-deep', sub, { extensions: LEAF_EXTENSIONS });
    expect(failedRules(await verdict(leaf, trust(strictRoot), [sub]))).toEqual(['path_length']);
    expect(pki.opensslVerify(leaf, [strictRoot], [sub])).toBe(false);
  });

  it('RSA 1024', async () => {
    const leaf = pki.issue('rsa-1024', root, { extensions: LEAF_EXTENSIONS, key: 'rsa:1024' });
    expect(failedRules(await verdict(leaf))).toEqual(['key']);
  });

  it('SHA-1 signature', async () => {
    const leaf = pki.issue('sha1', root, { extensions: LEAF_EXTENSIONS, md: 'sha1' });
    expect(failedRules(await verdict(leaf))).toEqual(['signature_algorithm']);
  });

  it('a broken signature', async () => {
    const leaf = pki.issue('broken-signature', root, { extensions: LEAF_EXTENSIONS });
    const der = Buffer.from(cert(leaf).rawData);
    der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0xff;
    const result = await checkClientCertificate(new x509.X509Certificate(der), [], trust(root), new Date());
    expect(result.checks.filter((check) => !check.ok).map((check) => check.rule)).toEqual(['chain']);
    expect(result.checks.find((check) => check.rule === 'chain')?.message).toContain('signature of the certificate does not match its issuer');
  });
});

describe('reading uploads', () => {
  it('reads PEM with a chain and DER', () => {
    const leaf = pki.issue('upload', intermediate, { extensions: LEAF_EXTENSIONS });
    const pem = parseCertificates(leaf.pem + intermediate.pem);
    expect(pem.ok && pem.certificates.length).toBe(2);
    const der = parseCertificates(new Uint8Array(cert(leaf).rawData));
    expect(der.ok && der.certificates[0]?.subject).toContain('CN=upload');
  });

  it.each([
    ['random bytes', Buffer.from(Array.from({ length: 500 }, (_, index) => (index * 37) % 256)), 'unreadable'],
    ['an empty file', Buffer.alloc(0), 'empty'],
    ['a 10 MB upload', Buffer.alloc(10 * 1024 * 1024, 65), 'too_large'],
  ])('refuses %s', (_label, bytes, code) => {
    const result = parseCertificates(bytes);
    expect(result).toMatchObject({ ok: false, code });
  });

  it('refuses a truncated DER certificate, a PEM with 50 certificates and a private key', () => {
    const der = Buffer.from(cert(root).rawData);
    expect(parseCertificates(der.subarray(0, der.length - 40))).toMatchObject({ ok: false, code: 'unreadable' });
    expect(parseCertificates(root.pem.repeat(50))).toMatchObject({ ok: false, code: 'too_many' });
    const key = readFileSync(root.keyFile, 'utf8');
    const refused = parseCertificates(key);
    expect(refused).toMatchObject({ ok: false, code: 'private_key' });
    expect(JSON.stringify(refused)).not.toContain(key.split('\n')[1]);
  });
});
