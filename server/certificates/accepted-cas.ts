import { createHash } from 'node:crypto';
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
  { name: 'Entrust Root Certification Authority - G2', inMozillaStore: true, sha256: '43df5774b03e7fef5fe40d931a7bedf1bb2e6b42738c4e6d3841103d3aa7f339' },
  { name: 'Entrust Root Certification Authority', inMozillaStore: true, sha256: '73c176434f1bc6d5adf45b0e76e727287c8de57616c1e6e6141a2b2cbc7d8e4c' },
  { name: 'Entrust Certification Authority - L1K', inMozillaStore: false },
  { name: 'Entrust Certification Authority - L1M', inMozillaStore: false },
  { name: 'DigiCert High Assurance EV Root CA', inMozillaStore: true, sha256: '7431e5f4c3c1ce4690774f0b61e05440883ba9a01ed00ba6abd7806ed3b118cf' },
  { name: 'DigiCert SHA2 Extended Validation Server CA', inMozillaStore: false },
] as const;

/** Node's store holds another certificate under an accepted CA's name: the start stops (server/cli/main.ts says why). */
export class PinnedRootError extends Error {}

/**
 * The accepted CAs found in Node's bundled Mozilla store, each by its SHA-256 pin (the name alone
 * would trust whatever another Node.js carries under it). A certificate of that name with another
 * fingerprint throws; a pinned root absent from the store is not loaded, and waits for the
 * platform team like the CAs that were never in it.
 */
export function bundledAcceptedAnchors(store: readonly string[] = rootCertificates): TrustAnchor[] {
  const pins = new Map<string, string>(ACCEPTED_CA_NAMES.flatMap((entry) => ('sha256' in entry ? [[entry.name, entry.sha256] as const] : [])));
  const anchors: TrustAnchor[] = [];
  const strangers: Array<{ name: string; sha256: string }> = [];
  for (const pem of store) {
    const certificate = new x509.X509Certificate(pem);
    const commonName = /(?:^|,\s*)CN=([^,]+)/.exec(certificate.subject)?.[1]?.trim();
    const pin = commonName ? pins.get(commonName) : undefined;
    if (!commonName || !pin) continue;
    const sha256 = createHash('sha256').update(Buffer.from(certificate.rawData)).digest('hex');
    if (sha256 === pin) anchors.push({ name: commonName, certificate });
    else strangers.push({ name: commonName, sha256 });
  }
  // Another certificate beside the pinned one (a cross-signed copy) is harmless: only the pinned one is loaded.
  const stranger = strangers.find((candidate) => !anchors.some((anchor) => anchor.name === candidate.name));
  if (stranger)
    throw new PinnedRootError(
      `Node's certificate store holds "${stranger.name}" with SHA-256 ${stranger.sha256}, not the pinned ${pins.get(stranger.name)}: ` +
        'Portico does not accept client certificates under a root it cannot vouch for. Run it with the Node.js it was released for, or check the new ' +
        "fingerprint against the CA's published one and update the pin in server/certificates/accepted-cas.ts.",
    );
  return anchors;
}
