import { createHash, X509Certificate } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rootCertificates } from 'node:tls';
import { afterAll, expect, it } from 'vitest';
import { ACCEPTED_CA_NAMES, PinnedRootError, bundledAcceptedAnchors } from '../../server/certificates/accepted-cas.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { OpensslPki } from '../support/openssl-pki.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'portico-pins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("loads the three accepted CAs that Node's Mozilla store carries, and only those", () => {
  expect(ACCEPTED_CA_NAMES).toHaveLength(8);
  expect(
    bundledAcceptedAnchors()
      .map((anchor) => anchor.name)
      .sort(),
  ).toEqual(['DigiCert High Assurance EV Root CA', 'Entrust Root Certification Authority', 'Entrust Root Certification Authority - G2']);
});

it("pins each by the SHA-256 of Node's certificate, as openssl and node:crypto compute it", () => {
  for (const anchor of bundledAcceptedAnchors()) {
    const pinned = ACCEPTED_CA_NAMES.find((entry) => entry.name === anchor.name);
    expect(pinned && 'sha256' in pinned ? pinned.sha256 : undefined).toBe(
      new X509Certificate(anchor.certificate.toString('pem')).fingerprint256.replace(/:/g, '').toLowerCase(),
    );
  }
});

it('a certificate of the same name with another fingerprint stops the loading, naming the CA and both fingerprints', () => {
  const impostor = new OpensslPki(dir).selfSigned('Entrust Root Certification Authority', { subject: '/CN=Entrust Root Certification Authority' });
  const store = [...rootCertificates.filter((pem) => !pem.includes(certificateBody('Entrust Root Certification Authority'))), impostor.pem];
  const actual = createHash('sha256').update(new X509Certificate(impostor.pem).raw).digest('hex');
  expect(() => bundledAcceptedAnchors(store)).toThrow(PinnedRootError);
  expect(() => bundledAcceptedAnchors(store)).toThrow(
    `Node's certificate store holds "Entrust Root Certification Authority" with SHA-256 ${actual}, not the pinned 73c176434f1bc6d5adf45b0e76e727287c8de57616c1e6e6141a2b2cbc7d8e4c`,
  );
});

it('a pinned root absent from the store is not loaded (it waits for the platform team, like the other five)', () => {
  const store = rootCertificates.filter((pem) => !pem.includes(certificateBody('DigiCert High Assurance EV Root CA')));
  expect(bundledAcceptedAnchors(store).map((anchor) => anchor.name)).not.toContain('DigiCert High Assurance EV Root CA');
});

it('portico serve stops before listening, in one clear line, when Node carries another certificate under a pinned name', () => {
  const impostor = new OpensslPki(dir).selfSigned('Entrust Root Certification Authority', { subject: '/CN=Entrust Root Certification Authority' });
  const store = [...rootCertificates.filter((pem) => !pem.includes(certificateBody('Entrust Root Certification Authority'))), impostor.pem];
  // node:tls cannot be altered in a process, so accepted-cas.ts is handed another store by a module hook.
  writeFileSync(path.join(dir, 'store.mjs'), `export const rootCertificates = ${JSON.stringify(store)};\n`);
  writeFileSync(
    path.join(dir, 'hooks.mjs'),
    `export async function resolve(specifier, context, next) {
  if (specifier === 'node:tls' && context.parentURL?.endsWith('/server/certificates/accepted-cas.ts')) return { url: ${JSON.stringify(pathToFileURL(path.join(dir, 'store.mjs')).href)}, shortCircuit: true };
  return next(specifier, context);
}\n`,
  );
  writeFileSync(path.join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
  const result = spawnSync(process.execPath, ['--import', path.join(dir, 'register.mjs'), path.join(projectRoot, 'bin', 'portico.mjs'), 'serve'], {
    encoding: 'utf8',
    env: { ...process.env, PORT: '0', MTLS_PORT: 'off', DATABASE_URL: `file:${path.join(dir, 'portal.db')}`, PORTICO_BUILD_DIR: path.join(dir, 'no-build') },
    timeout: 80_000,
  });
  expect(result.status, result.stderr).toBe(1);
  expect(result.stderr).toMatch(
    /^portico: Node's certificate store holds "Entrust Root Certification Authority" with SHA-256 [0-9a-f]{64}, not the pinned 73c1/,
  );
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stdout).not.toContain('Portico is serving');
}, 90_000);

/** A line of the PEM body of the bundled root with this common name. */
function certificateBody(commonName: string): string {
  const pem = rootCertificates.find((candidate) => new X509Certificate(candidate).subject.split('\n').includes(`CN=${commonName}`));
  if (!pem) throw new Error(`${commonName} is not in Node's store`);
  return pem.split('\n')[5] as string;
}
