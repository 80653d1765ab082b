import { x509 } from '../certificates/parse-certificates.ts';
import { certificateVerdict, type CertificateVerdict } from './certificate-verdict.ts';
import { sameName } from './certificate-names.ts';
import { pathCertificate, searchPaths, signedBy, type PathCertificate, type SearchResult } from './certificate-path.ts';
import { extensionChecks, isValidAt, issuerChecks, signatureCheck } from './certificate-path-checks.ts';
import { describeKey, keyUsageWords, purposeWords } from './certificate-words.ts';

/**
 * Whether a client certificate meets the portal's rules (the seed's security guidelines and
 * RFC 5280 path validation, decision 015). Each rule is one line, ✓ or ✗, in words a partner
 * understands, with what to ask the CA for when it fails; the technical detail beside it.
 */

export interface TrustAnchor {
  name: string;
  certificate: x509.X509Certificate;
}

/**
 * Why the chain check failed, as a machine id: rules/certificate-verdict.ts decides on it (a
 * certificate waits for its CA, or is rejected), never on a message, which may be reworded.
 */
type ChainFailure = 'self_signed' | 'issuer_not_accepted' | 'signature_mismatch' | 'too_long' | 'anchor_not_valid';

export interface Check {
  rule: string;
  ok: boolean;
  message: string;
  detail?: string;
  /** Set on a failed `chain` check only. Internal: not part of what the uploader is shown. */
  cause?: ChainFailure;
}

/**
 * The guidelines' "directly issued by one of the listed CAs", read one of two ways (decision 015):
 * `chain_to_listed` (the default, Portico's behaviour since the start) accepts a certificate whose
 * chain reaches a listed CA through intermediates and says so; `issuer_listed` requires its issuer
 * to be a listed CA.
 */
export type IssuerPolicy = 'chain_to_listed' | 'issuer_listed';
const DEFAULT_ISSUER_POLICY: IssuerPolicy = 'chain_to_listed';

interface CertificateReport {
  /** acceptable, awaiting_ca (only its CA is not accepted yet) or rejected. */
  verdict: CertificateVerdict;
  /** Every rule passed (the command line's answer). */
  acceptable: boolean;
  checks: Check[];
  summary: { subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string; sha256: string };
  /** The accepted CA the chain ends at, when it does. */
  anchor?: { name: string; sha256: string };
  /** True when the accepted CA signed the certificate itself, as the guidelines ask. */
  directlyIssued: boolean;
  chain: string[];
}

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export async function sha256Of(certificate: x509.X509Certificate): Promise<string> {
  return Buffer.from(await certificate.getThumbprint('SHA-256')).toString('hex');
}

export async function checkClientCertificate(
  leaf: x509.X509Certificate,
  intermediates: x509.X509Certificate[],
  anchors: TrustAnchor[],
  at: Date,
  options: { issuerPolicy?: IssuerPolicy } = {},
): Promise<CertificateReport> {
  const start = pathCertificate(leaf);
  const anchorNames = new Map<string, string>();
  const pool: PathCertificate[] = [];
  for (const anchor of anchors) {
    const item = readable(anchor.certificate);
    if (!item) continue;
    if (!anchorNames.has(item.sha256)) pool.push(item);
    anchorNames.set(item.sha256, anchor.name);
  }
  for (const certificate of intermediates) {
    const item = readable(certificate);
    if (item && !pool.some((known) => known.sha256 === item.sha256)) pool.push(item);
  }
  const isAnchor = (item: PathCertificate) => anchorNames.has(item.sha256);
  const pathRules = (path: PathCertificate[], anchored: boolean): Check[] => [
    signatureCheck(path, anchored),
    ...extensionChecks(path),
    ...issuerChecks(path, anchored, at),
    ...anchorValidity(path, anchored, at),
  ];
  const selfSigned = sameName(start.fields.subject, start.fields.issuer) && signedBy(start, start);
  const search: SearchResult = selfSigned
    ? { reached: false, path: [start], deadEnd: 'issuer_not_accepted' }
    : searchPaths(start, pool, isAnchor, (path) => pathRules(path, true).filter((item) => !item.ok).length);
  const path = search.path;
  const anchorItem = search.reached ? (path[path.length - 1] as PathCertificate) : undefined;
  const anchorName = anchorItem ? (anchorNames.get(anchorItem.sha256) as string) : undefined;
  const [signature, ...others] = pathRules(path, search.reached);
  const anchorFailure = others.find((item) => item.rule === 'chain');
  const checks: Check[] = [
    ...leafChecks(start, at),
    signature as Check,
    ...others.filter((item) => item.rule !== 'chain'),
    anchorFailure ?? chainCheck(search, anchorName, selfSigned),
  ];
  if (anchorName && !anchorFailure) checks.push(directIssuerCheck(path, anchorName, options.issuerPolicy ?? DEFAULT_ISSUER_POLICY));
  const verdict = certificateVerdict(checks);
  return {
    verdict,
    acceptable: verdict === 'acceptable',
    checks,
    summary: {
      subject: leaf.subject,
      issuer: leaf.issuer,
      serialNumber: leaf.serialNumber,
      notBefore: leaf.notBefore.toISOString(),
      notAfter: leaf.notAfter.toISOString(),
      sha256: start.sha256,
    },
    anchor: anchorItem && anchorName ? { name: anchorName, sha256: anchorItem.sha256 } : undefined,
    directlyIssued: !!anchorName && !anchorFailure && path.length === 2,
    chain: path.map((item) => item.certificate.subject),
  };
}

/** A supplied or accepted certificate the rules cannot read is no candidate issuer (the leaf was read by parseCertificates). */
function readable(certificate: x509.X509Certificate): PathCertificate | undefined {
  try {
    return pathCertificate(certificate);
  } catch {
    return undefined;
  }
}

/** The guidelines' rules on the client certificate itself. */
function leafChecks(leaf: PathCertificate, at: Date): Check[] {
  const certificate = leaf.certificate;
  const keyUsage = certificate.getExtension(x509.KeyUsagesExtension);
  const purposes = (certificate.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? []).map(String);
  const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
  const details = leaf.node.publicKey.asymmetricKeyDetails ?? {};
  const key = describeKey(leaf.fields, details);
  const check = (rule: string, ok: boolean, passed: string, failed: string, detail?: string): Check => ({ rule, ok, message: ok ? passed : failed, detail });
  return [
    {
      rule: 'validity',
      ok: isValidAt(certificate, at),
      message: validityMessage(certificate, at),
      detail: `valid from ${certificate.notBefore.toISOString()} to ${certificate.notAfter.toISOString()}`,
    },
    check(
      'key_usage',
      !!keyUsage && (keyUsage.usages & x509.KeyUsageFlags.digitalSignature) !== 0,
      'Key Usage includes Digital Signature.',
      'Key Usage must include Digital Signature: ask your CA for a client certificate whose Key Usage includes Digital Signature.',
      keyUsage ? keyUsageWords(keyUsage.usages) : 'no Key Usage extension',
    ),
    check(
      'extended_key_usage',
      purposes.includes(CLIENT_AUTH),
      'Extended Key Usage includes Client Authentication.',
      'Extended Key Usage must include Client Authentication (it is a client certificate): ask your CA for a certificate with Extended Key Usage Client Authentication.',
      purposes.length > 0 ? purposeWords(purposes) : 'no Extended Key Usage extension',
    ),
    check(
      'not_a_ca',
      !constraints?.ca,
      'It is not a certification authority certificate.',
      'A client certificate must not be a certification authority certificate: ask your CA for an end-entity (Basic Constraints CA:FALSE) client certificate.',
      constraints ? `Basic Constraints CA:${constraints.ca ? 'TRUE' : 'FALSE'}` : 'no Basic Constraints extension',
    ),
    check(
      'key',
      key.ok,
      'The key is RSA of 2048 bits or more, or EC on P-256 or P-384.',
      'The key must be RSA of 2048 bits or more, or EC on the named curve P-256 or P-384: make a new key of one of these kinds and ask your CA to certify it.',
      key.detail,
    ),
  ];
}

/** The accepted CA itself out of date: the chain no longer ends at an accepted CA (one ✗, no ✓ beside it). */
function anchorValidity(path: PathCertificate[], anchored: boolean, at: Date): Check[] {
  const anchor = path[path.length - 1] as PathCertificate;
  if (!anchored || isValidAt(anchor.certificate, at)) return [];
  const { notBefore, notAfter } = anchor.certificate;
  const when = notAfter < at ? `expired on ${notAfter.toISOString().slice(0, 10)}` : `is not valid before ${notBefore.toISOString().slice(0, 10)}`;
  return [
    {
      rule: 'chain',
      ok: false,
      cause: 'anchor_not_valid',
      message: `The certification authority the chain ends at, "${anchor.certificate.subject}", ${when}: it cannot vouch for certificates now. Ask your CA for a certificate under its current CA.`,
      detail: path.map((item) => item.certificate.subject).join(' → '),
    },
  ];
}

function chainCheck(search: SearchResult, anchorName: string | undefined, selfSigned: boolean): Check {
  const subjects = search.path.map((item) => item.certificate.subject).join(' → ');
  if (search.reached) return { rule: 'chain', ok: true, message: `The chain ends at an accepted certification authority: ${anchorName}.`, detail: subjects };
  const last = search.path[search.path.length - 1] as PathCertificate;
  if (selfSigned)
    return {
      rule: 'chain',
      ok: false,
      cause: 'self_signed',
      message: 'The certificate is self-signed: it must be issued by an accepted certification authority. Ask an accepted CA for a client certificate.',
      detail: `subject = issuer = ${last.certificate.subject}`,
    };
  if (search.deadEnd === 'too_long')
    return {
      rule: 'chain',
      ok: false,
      cause: 'too_long',
      message: 'The chain is too long without reaching an accepted certification authority.',
      detail: subjects,
    };
  if (search.deadEnd === 'signature_mismatch')
    return {
      rule: 'chain',
      ok: false,
      cause: 'signature_mismatch',
      message:
        'The signature of the certificate does not match its issuer: it was altered or issued by another key. Upload the file exactly as your CA issued it.',
      detail: `no matching signature from issuer ${last.certificate.issuer}`,
    };
  return {
    rule: 'chain',
    ok: false,
    cause: 'issuer_not_accepted',
    message:
      'The certificate was not issued by an accepted certification authority (or its intermediate certificate is missing): add the intermediate certificates your CA gave you, or ask the API owners to request your CA.',
    detail: `no certificate for issuer ${last.certificate.issuer}`,
  };
}

function directIssuerCheck(path: PathCertificate[], anchorName: string, policy: IssuerPolicy): Check {
  const below = path.length - 2;
  if (below === 0) return { rule: 'direct_issuer', ok: true, message: 'Issued directly by the accepted certification authority, as the guidelines ask.' };
  const through = `Issued through ${below} intermediate certificate(s) below ${anchorName}`;
  if (policy === 'issuer_listed')
    return {
      rule: 'direct_issuer',
      ok: false,
      message: `${through}; the guidelines ask for a certificate issued directly by an accepted CA, and the registry requires it. Ask your CA for a certificate issued directly by ${anchorName}.`,
      detail: 'registry policy: issuer_listed',
    };
  return {
    rule: 'direct_issuer',
    ok: true,
    message: `${through}: accepted, as the registry's policy asks only that the chain reach a listed CA (the guidelines ask for a certificate issued directly by an accepted CA).`,
    detail: 'registry policy: chain_to_listed',
  };
}

function validityMessage(certificate: x509.X509Certificate, at: Date): string {
  if (certificate.notAfter < at) return `The certificate expired on ${certificate.notAfter.toISOString().slice(0, 10)}.`;
  if (certificate.notBefore > at)
    return `The certificate is not valid yet: it starts on ${certificate.notBefore.toISOString().slice(0, 10)}. Upload it from that day.`;
  return `Valid until ${certificate.notAfter.toISOString().slice(0, 10)}.`;
}
