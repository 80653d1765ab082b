import { x509 } from '../certificates/parse-certificates.ts';
import type { Check } from './client-certificate.ts';
import { isSelfIssued, nameConstraintProblem } from './certificate-names.ts';
import type { PathCertificate } from './certificate-path.ts';
import { extensionWords, keyUsageWords, PROCESSED_EXTENSIONS } from './certificate-words.ts';

/**
 * The RFC 5280 §6.1 checks over one path (leaf first, an accepted CA last when it reaches one):
 * one line per rule, naming every certificate that fails it, so no ✓ stands beside a ✗ about
 * the same thing. Pure.
 */

type Rule = Omit<Check, 'cause'>;

const subjectOf = (item: PathCertificate) => `"${item.certificate.subject}"`;

function rule(id: string, failing: string[], passed: string, failed: (list: string) => string, detail?: string): Rule {
  return failing.length === 0 ? { rule: id, ok: true, message: passed } : { rule: id, ok: false, message: failed(failing.join('; ')), detail };
}

export function isValidAt(certificate: x509.X509Certificate, at: Date): boolean {
  return certificate.notBefore <= at && at <= certificate.notAfter;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Checks on the issuers of a path: none when it has no issuer. `anchored` says the last one is the accepted CA. */
export function issuerChecks(path: PathCertificate[], anchored: boolean, at: Date): Rule[] {
  const issuers = path.slice(1);
  if (issuers.length === 0) return [];
  const constraintsOf = (item: PathCertificate) => item.certificate.getExtension(x509.BasicConstraintsExtension);
  const notCa = issuers.filter((item) => !constraintsOf(item)?.ca);
  const noSign = issuers.filter((item) => {
    const keyUsage = item.certificate.getExtension(x509.KeyUsagesExtension);
    return keyUsage && (keyUsage.usages & x509.KeyUsageFlags.keyCertSign) === 0;
  });
  // The accepted CA's own dates are the chain rule's business (it is no longer accepted when out of date).
  const dated = (anchored ? issuers.slice(0, -1) : issuers).filter((item) => !isValidAt(item.certificate, at));
  return [
    rule(
      'issuer_is_ca',
      notCa.map(subjectOf),
      'Every issuer in the chain is a certification authority.',
      (list) =>
        `The issuer ${list} is not a certification authority (Basic Constraints CA:TRUE missing): ask your CA for a certificate issued by one of its CAs.`,
    ),
    rule(
      'issuer_key_cert_sign',
      noSign.map((item) => `${subjectOf(item)} (${keyUsageWords(item.certificate.getExtension(x509.KeyUsagesExtension)?.usages ?? 0)})`),
      'Every issuer in the chain may sign certificates.',
      (list) => `The issuer ${list} is not allowed to sign certificates (Key Usage lacks Certificate Sign): ask your CA which of its CAs should issue it.`,
    ),
    rule(
      'issuer_validity',
      dated.map(
        (item) =>
          `${subjectOf(item)} ${item.certificate.notAfter < at ? `expired on ${day(item.certificate.notAfter)}` : `is not valid before ${day(item.certificate.notBefore)}`}`,
      ),
      'Every intermediate certificate in the chain is valid today.',
      (list) => `An intermediate certificate is out of date: ${list}. Ask your CA for its current intermediate certificate.`,
    ),
    pathLengthCheck(path),
    nameConstraintsCheck(path),
  ];
}

/** §6.1.4(l)-(m): a CA's pathLenConstraint counts the CA certificates below it, except self-issued ones (key roll-over). */
function pathLengthCheck(path: PathCertificate[]): Rule {
  const failing: string[] = [];
  path.forEach((item, index) => {
    const limit = item.certificate.getExtension(x509.BasicConstraintsExtension)?.pathLength;
    if (index === 0 || limit === undefined || limit === null) return;
    const below = path.slice(1, index).filter((between) => !isSelfIssued(between.fields)).length;
    if (below > limit) failing.push(`${subjectOf(item)} allows ${limit} intermediate CA(s) below it, the chain has ${below}`);
  });
  return rule(
    'path_length',
    failing,
    'The chain is no longer than its CAs allow.',
    (list) => `The chain is longer than its CAs allow: ${list}. Ask your CA for a certificate issued by a CA allowed to issue it.`,
  );
}

/** §6.1.3(b)-(c), §6.1.4(g): each CA's name constraints bind every certificate below it, except self-issued intermediates. */
function nameConstraintsCheck(path: PathCertificate[]): Rule {
  const failing: string[] = [];
  path.forEach((issuer, index) => {
    for (const [position, below] of path.slice(0, index).entries()) {
      if (position > 0 && isSelfIssued(below.fields)) continue;
      const problem = nameConstraintProblem(issuer.fields, below.fields);
      if (problem) failing.push(`${subjectOf(below)}: ${problem}, by the name constraints of ${subjectOf(issuer)}`);
    }
  });
  return rule(
    'name_constraints',
    failing,
    'Every name in the chain is within its CAs’ name constraints.',
    (list) => `A name is outside what its CA may certify: ${list}. Ask your CA for a certificate whose names its CA is allowed to certify.`,
  );
}

/** §4.2: an unrecognised critical extension refuses its certificate; an extension appears at most once. Every certificate of the path. */
export function extensionChecks(path: PathCertificate[]): Rule[] {
  const unknown: string[] = [];
  const repeated: string[] = [];
  for (const item of path) {
    const seen = new Set<string>();
    for (const extension of item.fields.extensions) {
      if (extension.critical && !PROCESSED_EXTENSIONS.has(extension.oid))
        unknown.push(`${subjectOf(item)} has ${extensionWords(extension.oid)} marked critical`);
      if (seen.has(extension.oid)) repeated.push(`${subjectOf(item)} has ${extensionWords(extension.oid)} twice`);
      seen.add(extension.oid);
    }
  }
  return [
    rule(
      'critical_extensions',
      unknown,
      'Every extension marked critical is one Portico checks.',
      (list) =>
        `A certificate has a critical extension Portico does not process, so it must be refused (RFC 5280 §4.2): ${list}. Ask your CA for a certificate without it, or with it not marked critical.`,
    ),
    rule(
      'duplicate_extensions',
      [...new Set(repeated)],
      'No extension appears twice.',
      (list) => `A certificate carries the same extension twice, which RFC 5280 §4.2 forbids: ${list}. Ask your CA to reissue it.`,
    ),
  ];
}

const WEAK_SIGNATURES: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'MD2',
  '1.2.840.113549.1.1.4': 'MD5',
  '1.2.840.113549.1.1.5': 'SHA-1',
  '1.2.840.10045.4.1': 'SHA-1',
  '1.2.840.10040.4.3': 'SHA-1',
  '1.3.14.3.2.29': 'SHA-1',
};
const WEAK_HASHES = new Set(['SHA-1', 'MD5', 'MD2']);

function weakHash(item: PathCertificate): string | undefined {
  const named = WEAK_SIGNATURES[item.fields.signatureAlgorithm];
  if (named) return named;
  // RSASSA-PSS names its hash in its parameters (SHA-1 when absent).
  const algorithm = item.certificate.signatureAlgorithm as { hash?: { name?: string } };
  return item.fields.signatureAlgorithm === '1.2.840.113549.1.1.10' && WEAK_HASHES.has(algorithm.hash?.name ?? 'SHA-1')
    ? (algorithm.hash?.name ?? 'SHA-1')
    : undefined;
}

/** Every signature of the path, the accepted CA's signature on itself excepted (it is trusted as listed, not by its signature). */
export function signatureCheck(path: PathCertificate[], anchored: boolean): Rule {
  const signed = anchored ? path.slice(0, -1) : path;
  const weak = signed.flatMap((item) => {
    const hash = weakHash(item);
    return hash ? [`${subjectOf(item)} is signed with ${hash}`] : [];
  });
  return rule(
    'signature_algorithm',
    weak,
    'No certificate in the chain is signed with SHA-1 or MD5.',
    (list) => `A certificate is signed with a broken hash (SHA-1 and MD5 can be forged): ${list}. Ask your CA to reissue it signed with SHA-256 or stronger.`,
  );
}
