import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { x509 } from '../certificates/parse-certificates.ts';

/**
 * The mTLS listener's server certificate. In development one is made on first start (self-
 * signed, for localhost) and kept next to the database; in production, give MTLS_CERT_FILE
 * and MTLS_KEY_FILE.
 */
export async function loadOrCreateDevCertificate(dir: string): Promise<{ cert: string; key: string; created: boolean }> {
  const certFile = path.join(dir, 'mtls-server.pem');
  const keyFile = path.join(dir, 'mtls-server.key');
  const existing = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]).catch(() => undefined);
  if (existing) return { cert: existing[0], key: existing[1], created: false };
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Date.now().toString(16),
    name: 'CN=localhost, O=Portico development',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 825 * 86_400_000),
    keys: keys as unknown as CryptoKeyPair,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
      ]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8
    .toString('base64')
    .match(/.{1,64}/g)
    ?.join('\n')}\n-----END PRIVATE KEY-----\n`;
  const cert = certificate.toString('pem');
  await mkdir(dir, { recursive: true });
  await writeFile(keyFile, key, { mode: 0o600 });
  await writeFile(certFile, cert);
  return { cert, key, created: true };
}
