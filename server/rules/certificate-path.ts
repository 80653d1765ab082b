import { X509Certificate as NodeCertificate } from 'node:crypto';
import { readableFields, type CertificateFields } from '../certificates/certificate-fields.ts';
import type { x509 } from '../certificates/parse-certificates.ts';
import { sameName } from './certificate-names.ts';

/**
 * The path builder (RFC 5280 §6, and what §3.2 of RFC 4158 calls building): from the leaf up,
 * every certificate whose subject matches the issuer's name (§7.1) and whose key verifies the
 * signature is tried, accepted CAs first, backtracking when a path fails, until a path reaches
 * an accepted CA with no failure. Bounded in depth and in signature checks, so a hostile bundle
 * cannot make it search for long. Pure (signatures verified by node:crypto, that is OpenSSL).
 */

/** A certificate with what the rules read of it, read once. */
export interface PathCertificate {
  certificate: x509.X509Certificate;
  fields: CertificateFields;
  sha256: string;
  node: NodeCertificate;
}

/** Certificates above the leaf, and signature checks over a whole search. */
const MAX_DEPTH = 6;
const MAX_TRIES = 64;

export function pathCertificate(certificate: x509.X509Certificate): PathCertificate {
  const der = new Uint8Array(certificate.rawData);
  const node = new NodeCertificate(der);
  return { certificate, fields: readableFields(der), sha256: node.fingerprint256.replace(/:/g, '').toLowerCase(), node };
}

export function signedBy(subject: PathCertificate, issuer: PathCertificate): boolean {
  try {
    return subject.node.verify(issuer.node.publicKey);
  } catch {
    // A key node:crypto cannot use (an unknown algorithm) verifies nothing.
    return false;
  }
}

type DeadEnd = 'signature_mismatch' | 'issuer_not_accepted' | 'too_long';

export type SearchResult =
  /** The path with the fewest failures among those that reach an accepted CA (none when valid). */
  | { reached: true; path: PathCertificate[] }
  /** No path reaches an accepted CA: the longest one tried, and why it stopped. */
  | { reached: false; path: PathCertificate[]; deadEnd: DeadEnd };

/**
 * `failures(path)` counts what fails on a path that reaches an accepted CA; the search stops at
 * the first path with none. Accepted CAs come first in `pool`, so a supplied copy of one (same
 * name and key, re-issued or damaged) cannot hide it.
 */
export function searchPaths(
  leaf: PathCertificate,
  pool: PathCertificate[],
  isAnchor: (candidate: PathCertificate) => boolean,
  failures: (path: PathCertificate[]) => number,
): SearchResult {
  let best: { path: PathCertificate[]; failures: number } | undefined;
  let longest: { path: PathCertificate[]; deadEnd: DeadEnd } = { path: [leaf], deadEnd: 'issuer_not_accepted' };
  let tries = 0;
  const deadEnd = (path: PathCertificate[], why: DeadEnd) => {
    if (path.length > longest.path.length || (path.length === longest.path.length && why !== 'issuer_not_accepted')) longest = { path, deadEnd: why };
  };
  /** True when the search is over: a valid path found, or the budget spent. */
  const visit = (path: PathCertificate[]): boolean => {
    const current = path[path.length - 1] as PathCertificate;
    let nameMatched = false;
    let extended = false;
    for (const candidate of pool) {
      if (path.some((item) => item.sha256 === candidate.sha256)) continue;
      if (!sameName(candidate.fields.subject, current.fields.issuer)) continue;
      if (++tries > MAX_TRIES) return true;
      if (!signedBy(current, candidate)) {
        nameMatched = true;
        continue;
      }
      extended = true;
      const next = [...path, candidate];
      if (isAnchor(candidate)) {
        const count = failures(next);
        if (!best || count < best.failures) best = { path: next, failures: count };
        if (count === 0) return true;
      } else if (next.length - 1 >= MAX_DEPTH) deadEnd(next, 'too_long');
      else if (visit(next)) return true;
    }
    if (!extended) deadEnd(path, nameMatched ? 'signature_mismatch' : 'issuer_not_accepted');
    return false;
  };
  visit([leaf]);
  return best ? { reached: true, path: best.path } : { reached: false, ...longest };
}
