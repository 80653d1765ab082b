import { x509 } from '../certificates/parse-certificates.ts';
import { certificateVerdict, type CertificateVerdict } from './certificate-verdict.ts';

/**
 * Whether a client certificate meets the portal's rules (the seed's security guidelines and
 * RFC 5280 path checks). @peculiar/x509 verifies signatures; every other rule is here, each
 * failing with a sentence a partner understands and the technical detail beside it.
 */

export interface TrustAnchor {
  name: string;
  certificate: x509.X509Certificate;
}

/**
 * Why the chain check failed, as a machine id: rules/certificate-verdict.ts decides on it (a
 * certificate waits for its CA, or is rejected), never on a message, which may be reworded.
 */
type ChainFailure = 'self_signed' | 'issuer_not_accepted' | 'signature_mismatch' | 'too_long';

export interface Check {
  rule: string;
  ok: boolean;
  message: string;
  detail?: string;
  /** Set on a failed `chain` check only. Internal: not part of what the uploader is shown. */
  cause?: ChainFailure;
}

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
const WEAK_HASHES = new Set(['SHA-1', 'MD5', 'MD2']);
const MAX_PATH = 6;

export async function sha256Of(certificate: x509.X509Certificate): Promise<string> {
  return Buffer.from(await certificate.getThumbprint('SHA-256')).toString('hex');
}

export async function checkClientCertificate(
  leaf: x509.X509Certificate,
  intermediates: x509.X509Certificate[],
  anchors: TrustAnchor[],
  at: Date,
): Promise<CertificateReport> {
  const checks: Check[] = [];
  const add = (rule: string, ok: boolean, message: string, detail?: string) => checks.push({ rule, ok, message, detail });

  add('validity', isValidAt(leaf, at), validityMessage(leaf, at), `notBefore ${leaf.notBefore.toISOString()}, notAfter ${leaf.notAfter.toISOString()}`);
  const keyUsage = leaf.getExtension(x509.KeyUsagesExtension);
  add(
    'key_usage',
    !!keyUsage && (keyUsage.usages & x509.KeyUsageFlags.digitalSignature) !== 0,
    'Key Usage must include Digital Signature.',
    keyUsage ? `keyUsage bits ${keyUsage.usages}` : 'no keyUsage extension',
  );
  const extendedKeyUsage = leaf.getExtension(x509.ExtendedKeyUsageExtension);
  const purposes = (extendedKeyUsage?.usages ?? []).map(String);
  add(
    'extended_key_usage',
    purposes.includes(CLIENT_AUTH),
    'Extended Key Usage must include Client Authentication (it is a client certificate).',
    extendedKeyUsage ? `extendedKeyUsage ${purposes.join(', ')}` : 'no extendedKeyUsage extension',
  );
  const constraints = leaf.getExtension(x509.BasicConstraintsExtension);
  add(
    'not_a_ca',
    !constraints?.ca,
    'A client certificate must not be a certification authority certificate.',
    constraints ? `basicConstraints CA:${constraints.ca ? 'TRUE' : 'FALSE'}` : 'no basicConstraints',
  );
  const key = describeKey(leaf);
  add('key', key.ok, 'The key must be RSA of 2048 bits or more, or EC on P-256 or P-384.', key.detail);
  const hash = hashOf(leaf);
  add('signature_algorithm', !WEAK_HASHES.has(hash), 'The certificate must not be signed with SHA-1 or MD5 (both are broken).', `signature hash ${hash}`);

  const path = await buildPath(leaf, intermediates, anchors, at);
  checks.push(...path.checks);
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
      sha256: await sha256Of(leaf),
    },
    anchor: path.anchor,
    directlyIssued: path.directlyIssued,
    chain: path.chain,
  };
}

interface PathResult {
  checks: Check[];
  anchor?: { name: string; sha256: string };
  directlyIssued: boolean;
  chain: string[];
}

/**
 * From the leaf up: find each issuer (by name, then signature) among the chain supplied and
 * the accepted CAs, check it is a valid CA allowed to sign certificates, respect path
 * lengths, and stop at the first accepted CA.
 */
async function buildPath(leaf: x509.X509Certificate, intermediates: x509.X509Certificate[], anchors: TrustAnchor[], at: Date): Promise<PathResult> {
  const checks: Check[] = [];
  const chain = [leaf.subject];
  const anchorHashes = new Map<string, string>();
  for (const anchor of anchors) anchorHashes.set(await sha256Of(anchor.certificate), anchor.name);
  if (leaf.subject === leaf.issuer && (await leaf.verify({ signatureOnly: true }).catch(() => false))) {
    checks.push({
      rule: 'chain',
      ok: false,
      cause: 'self_signed',
      message: 'The certificate is self-signed: it must be issued by an accepted certification authority.',
      detail: `subject = issuer = ${leaf.subject}`,
    });
    return { checks, directlyIssued: false, chain };
  }
  let current = leaf;
  // Accepted CAs first: a supplied copy with the same name and key (re-issued, or damaged) must not hide one.
  const candidates = [...anchors.map((anchor) => anchor.certificate), ...intermediates];
  for (let depth = 0; depth < MAX_PATH; depth++) {
    const issuer = await findIssuer(current, candidates);
    if (!issuer) {
      const known = candidates.some((candidate) => candidate.subject === current.issuer);
      checks.push({
        rule: 'chain',
        ok: false,
        cause: known ? 'signature_mismatch' : 'issuer_not_accepted',
        message: known
          ? 'The signature of the certificate does not match its issuer: it was altered or issued by another key.'
          : 'The certificate was not issued by an accepted certification authority (or its intermediate certificate is missing).',
        detail: `no ${known ? 'matching signature from' : 'certificate for'} issuer ${current.issuer}`,
      });
      return { checks, directlyIssued: false, chain };
    }
    chain.push(issuer.subject);
    checks.push(...issuerChecks(issuer, depth, at));
    const anchorName = anchorHashes.get(await sha256Of(issuer));
    if (anchorName) {
      checks.push({ rule: 'chain', ok: true, message: `The chain ends at an accepted certification authority: ${anchorName}.`, detail: chain.join(' → ') });
      const directlyIssued = depth === 0;
      checks.push({
        rule: 'direct_issuer',
        ok: true,
        message: directlyIssued
          ? 'Issued directly by the accepted certification authority, as the guidelines ask.'
          : `Issued through ${depth} intermediate certificate(s) below ${anchorName}; the guidelines ask for a certificate issued directly by an accepted CA.`,
        detail: directlyIssued ? undefined : 'advisory',
      });
      return { checks, anchor: { name: anchorName, sha256: await sha256Of(issuer) }, directlyIssued, chain };
    }
    current = issuer;
  }
  checks.push({
    rule: 'chain',
    ok: false,
    cause: 'too_long',
    message: 'The chain is too long or loops without reaching an accepted certification authority.',
    detail: chain.join(' → '),
  });
  return { checks, directlyIssued: false, chain };
}

async function findIssuer(certificate: x509.X509Certificate, candidates: x509.X509Certificate[]): Promise<x509.X509Certificate | undefined> {
  for (const candidate of candidates) {
    if (candidate.subject !== certificate.issuer) continue;
    if (await certificate.verify({ publicKey: candidate.publicKey, signatureOnly: true }).catch(() => false)) return candidate;
  }
  return undefined;
}

/** RFC 5280 §6.1.4 on an issuer: CA:TRUE, keyCertSign when Key Usage is present, path length, validity. */
function issuerChecks(issuer: x509.X509Certificate, intermediatesBelow: number, at: Date): Check[] {
  const constraints = issuer.getExtension(x509.BasicConstraintsExtension);
  const keyUsage = issuer.getExtension(x509.KeyUsagesExtension);
  const checks: Check[] = [
    {
      rule: 'issuer_is_ca',
      ok: !!constraints?.ca,
      message: `The issuer "${issuer.subject}" is not a certification authority (CA:TRUE missing).`,
      detail: constraints ? `basicConstraints CA:${constraints.ca ? 'TRUE' : 'FALSE'}` : 'no basicConstraints',
    },
    {
      rule: 'issuer_key_cert_sign',
      ok: !keyUsage || (keyUsage.usages & x509.KeyUsageFlags.keyCertSign) !== 0,
      message: `The issuer "${issuer.subject}" is not allowed to sign certificates (keyCertSign missing).`,
      detail: keyUsage ? `keyUsage bits ${keyUsage.usages}` : undefined,
    },
    {
      rule: 'issuer_validity',
      ok: isValidAt(issuer, at),
      message: `The issuer "${issuer.subject}" is ${issuer.notAfter < at ? 'expired' : 'not yet valid'}.`,
      detail: `notBefore ${issuer.notBefore.toISOString()}, notAfter ${issuer.notAfter.toISOString()}`,
    },
  ];
  const pathLength = constraints?.pathLength;
  if (pathLength !== undefined && pathLength !== null) {
    checks.push({
      rule: 'path_length',
      ok: intermediatesBelow <= pathLength,
      message: `The chain is longer than "${issuer.subject}" allows (path length ${pathLength}).`,
      detail: `${intermediatesBelow} intermediate CA(s) below it`,
    });
  }
  // A passed issuer check says so in one line instead of three.
  return checks.map((check) => (check.ok ? { ...check, message: `Issuer "${issuer.subject}": ${check.rule.replace(/_/g, ' ')} ok.` } : check));
}

function isValidAt(certificate: x509.X509Certificate, at: Date): boolean {
  return certificate.notBefore <= at && at <= certificate.notAfter;
}

function validityMessage(certificate: x509.X509Certificate, at: Date): string {
  if (certificate.notAfter < at) return `The certificate expired on ${certificate.notAfter.toISOString().slice(0, 10)}.`;
  if (certificate.notBefore > at) return `The certificate is not valid yet: it starts on ${certificate.notBefore.toISOString().slice(0, 10)}.`;
  return `Valid until ${certificate.notAfter.toISOString().slice(0, 10)}.`;
}

function describeKey(certificate: x509.X509Certificate): { ok: boolean; detail: string } {
  const algorithm = certificate.publicKey.algorithm as { name: string; modulusLength?: number; namedCurve?: string };
  if (algorithm.name === 'RSASSA-PKCS1-v1_5' || algorithm.name === 'RSA-PSS' || algorithm.name === 'RSA-OAEP') {
    const bits = algorithm.modulusLength ?? 0;
    return { ok: bits >= 2048, detail: `RSA ${bits} bits` };
  }
  if (algorithm.name === 'ECDSA' || algorithm.name === 'ECDH')
    return { ok: algorithm.namedCurve === 'P-256' || algorithm.namedCurve === 'P-384', detail: `EC ${algorithm.namedCurve}` };
  return { ok: false, detail: algorithm.name };
}

function hashOf(certificate: x509.X509Certificate): string {
  const algorithm = certificate.signatureAlgorithm as { name?: string; hash?: { name?: string } };
  return algorithm.hash?.name ?? algorithm.name ?? 'unknown';
}
