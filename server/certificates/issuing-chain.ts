import { x509 } from './parse-certificates.ts';

/** Deeper than any real PKI (root, a policy CA, an issuing CA): a loop or a pile of unrelated CAs stops here. */
const MAX_DEPTH = 6;

/**
 * The certificates among `supplied` that issued `leaf`, from its issuer upward, each found by
 * name and checked by signature; stops at a self-signed one or when none issued the last. What
 * a holder attaches when asking for their CA: the request is for the top one, and the ones below
 * join the leaf's chain so that its recheck can reach the CA once it is accepted.
 */
export async function issuingChain(leaf: x509.X509Certificate, supplied: readonly x509.X509Certificate[]): Promise<x509.X509Certificate[]> {
  const chain: x509.X509Certificate[] = [];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const issuer = await issuerOf(
      current,
      supplied.filter((candidate) => !chain.includes(candidate)),
    );
    if (!issuer) break;
    chain.push(issuer);
    if (issuer.subject === issuer.issuer) break;
    current = issuer;
  }
  return chain;
}

async function issuerOf(certificate: x509.X509Certificate, candidates: readonly x509.X509Certificate[]): Promise<x509.X509Certificate | undefined> {
  for (const candidate of candidates) {
    if (candidate.subject !== certificate.issuer) continue;
    if (await certificate.verify({ publicKey: candidate.publicKey, signatureOnly: true }).catch(() => false)) return candidate;
  }
  return undefined;
}

export function isCa(certificate: x509.X509Certificate): boolean {
  return certificate.getExtension(x509.BasicConstraintsExtension)?.ca === true;
}

/** A CA's common name (how the registry names it), or its whole subject when it has none. */
export function caName(certificate: x509.X509Certificate): string {
  return certificate.subjectName.getField('CN')[0] ?? certificate.subject;
}
