import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caCertificateFacts } from '../../server/certificates/ca-facts.ts';
import { CA_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';

/**
 * What the platform team reads of a requested CA (issue 17 item 3): subject, issuer, validity,
 * fingerprint, the EV policy OIDs of its certificatePolicies extension and whether it is a root
 * (self-signed). The certificates are made by openssl; the fingerprint is openssl's.
 */

let dir: string;
let pki: OpensslPki;
let root: Credential;
let intermediate: Credential;
let impostor: Credential;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-ca-facts-'));
  pki = new OpensslPki(dir);
  root = pki.selfSigned('Facts Root CA', { extensions: CA_EXTENSIONS, key: 'ec:P-256' });
  intermediate = pki.issue('Facts EV Issuing CA', root, {
    extensions: [...CA_EXTENSIONS, 'certificatePolicies = 2.23.140.1.1, 2.16.840.1.114412.2.1, 1.3.6.1.4.1.99999.1'],
    key: 'ec:P-256',
    subject: '/CN=Facts EV Issuing CA/O=Facts Trust, Inc.',
  });
  // Same name as its issuer but signed by another key: self-issued, not self-signed.
  impostor = pki.issue('Facts Self-Issued CA', intermediate, {
    extensions: CA_EXTENSIONS,
    key: 'ec:P-256',
    subject: '/CN=Facts EV Issuing CA/O=Facts Trust, Inc.',
  });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function opensslFingerprint(credential: Credential): string {
  return execFileSync('openssl', ['x509', '-in', credential.certFile, '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' });
}

describe('a requested CA’s facts', () => {
  it('a root: self-signed, its subject its issuer, no policy', () => {
    const facts = caCertificateFacts(root.pem);
    expect(facts).toMatchObject({ root: true, policyOids: [], evPolicyOids: [] });
    expect(facts.subject).toBe(facts.issuer);
    expect(facts.subject).toContain('CN=Facts Root CA');
    expect(facts.notAfter).toBeGreaterThan(facts.notBefore);
  });

  it('an intermediate: not a root, its issuer named, the policies in order, EV ones picked out (the CA/Browser Forum’s and the CCADB’s known ones)', () => {
    const facts = caCertificateFacts(intermediate.pem, new Set(['2.16.840.1.114412.2.1']));
    expect(facts.root).toBe(false);
    expect(facts.subject).toBe('CN=Facts EV Issuing CA, O=Facts Trust\\, Inc.');
    expect(facts.issuer).toContain('CN=Facts Root CA');
    expect(facts.policyOids).toEqual(['2.23.140.1.1', '2.16.840.1.114412.2.1', '1.3.6.1.4.1.99999.1']);
    expect(facts.evPolicyOids).toEqual(['2.23.140.1.1', '2.16.840.1.114412.2.1']);
    expect(caCertificateFacts(intermediate.pem).evPolicyOids).toEqual(['2.23.140.1.1']);
  });

  it('the SHA-256 fingerprint is openssl’s', () => {
    for (const credential of [root, intermediate]) {
      const expected = /=([0-9A-F:]+)/.exec(opensslFingerprint(credential))?.[1]?.replace(/:/g, '').toLowerCase();
      expect(caCertificateFacts(credential.pem).sha256).toBe(expected);
    }
  });

  it('a self-issued certificate signed by another key is not a root', () => {
    const facts = caCertificateFacts(impostor.pem);
    expect(facts.subject).toBe(facts.issuer);
    expect(facts.root).toBe(false);
  });
});
