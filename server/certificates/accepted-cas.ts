import { rootCertificates } from 'node:tls';
import { x509 } from './parse-certificates.ts';
import type { TrustAnchor } from '../rules/client-certificate.ts';

/**
 * The certification authorities the security guidelines accept. Three are in Node's bundled
 * Mozilla store and load from there; the other five start as named entries awaiting the
 * certificate the platform team uploads (the registry, next step of issue 6).
 */
export const ACCEPTED_CA_NAMES = [
  { name: '2014-2029 BNPP Applications', inMozillaStore: false },
  { name: '2014-2044 BNPP Root', inMozillaStore: false },
  { name: 'Entrust Root Certification Authority - G2', inMozillaStore: true },
  { name: 'Entrust Root Certification Authority', inMozillaStore: true },
  { name: 'Entrust Certification Authority - L1K', inMozillaStore: false },
  { name: 'Entrust Certification Authority - L1M', inMozillaStore: false },
  { name: 'DigiCert High Assurance EV Root CA', inMozillaStore: true },
  { name: 'DigiCert SHA2 Extended Validation Server CA', inMozillaStore: false },
] as const;

/** The accepted CAs found in Node's bundled Mozilla store, by their common name. */
export function bundledAcceptedAnchors(): TrustAnchor[] {
  const wanted = new Set<string>(ACCEPTED_CA_NAMES.filter((entry) => entry.inMozillaStore).map((entry) => entry.name));
  const anchors: TrustAnchor[] = [];
  for (const pem of rootCertificates) {
    const certificate = new x509.X509Certificate(pem);
    const commonName = /(?:^|,\s*)CN=([^,]+)/.exec(certificate.subject)?.[1]?.trim();
    if (commonName && wanted.has(commonName)) anchors.push({ name: commonName, certificate });
  }
  return anchors;
}
