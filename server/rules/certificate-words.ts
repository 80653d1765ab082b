import type { CertificateFields } from '../certificates/certificate-fields.ts';

/** What the certificate rules show a partner: key usages, purposes, extensions and keys by name, never as bits or OIDs. Pure. */

/** RFC 5280 §4.2.1.3, in @peculiar/x509's KeyUsageFlags bit order. */
const KEY_USAGE_NAMES: Array<[number, string]> = [
  [1, 'Digital Signature'],
  [2, 'Non Repudiation'],
  [4, 'Key Encipherment'],
  [8, 'Data Encipherment'],
  [16, 'Key Agreement'],
  [32, 'Certificate Sign'],
  [64, 'CRL Sign'],
  [128, 'Encipher Only'],
  [256, 'Decipher Only'],
];

export function keyUsageWords(usages: number): string {
  const names = KEY_USAGE_NAMES.filter(([bit]) => (usages & bit) !== 0).map(([, name]) => name);
  return names.length > 0 ? `Key Usage: ${names.join(', ')}` : 'Key Usage: none';
}

const PURPOSE_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'Server Authentication',
  '1.3.6.1.5.5.7.3.2': 'Client Authentication',
  '1.3.6.1.5.5.7.3.3': 'Code Signing',
  '1.3.6.1.5.5.7.3.4': 'Email Protection',
  '1.3.6.1.5.5.7.3.8': 'Time Stamping',
  '1.3.6.1.5.5.7.3.9': 'OCSP Signing',
  '2.5.29.37.0': 'Any Purpose',
};

export function purposeWords(purposes: string[]): string {
  return purposes.length > 0
    ? `Extended Key Usage: ${purposes.map((oid) => PURPOSE_NAMES[oid] ?? `unnamed purpose ${oid}`).join(', ')}`
    : 'Extended Key Usage: none';
}

const EXTENSION_NAMES: Record<string, string> = {
  '2.5.29.14': 'Subject Key Identifier',
  '2.5.29.15': 'Key Usage',
  '2.5.29.17': 'Subject Alternative Name',
  '2.5.29.18': 'Issuer Alternative Name',
  '2.5.29.19': 'Basic Constraints',
  '2.5.29.30': 'Name Constraints',
  '2.5.29.31': 'CRL Distribution Points',
  '2.5.29.32': 'Certificate Policies',
  '2.5.29.33': 'Policy Mappings',
  '2.5.29.35': 'Authority Key Identifier',
  '2.5.29.36': 'Policy Constraints',
  '2.5.29.37': 'Extended Key Usage',
  '2.5.29.54': 'Inhibit anyPolicy',
  '1.3.6.1.5.5.7.1.1': 'Authority Information Access',
  '1.3.6.1.5.5.7.1.3': 'Qualified Certificate Statements',
  '1.3.6.1.4.1.11129.2.4.2': 'Certificate Transparency timestamps',
};

export function extensionWords(oid: string): string {
  return EXTENSION_NAMES[oid] ? `${EXTENSION_NAMES[oid]} (${oid})` : `an extension unknown to Portico (${oid})`;
}

/** The critical extensions the rules process (RFC 5280 §4.2): any other one marked critical refuses its certificate. */
export const PROCESSED_EXTENSIONS = new Set(['2.5.29.15', '2.5.29.17', '2.5.29.19', '2.5.29.30', '2.5.29.37']);

const RSA = '1.2.840.113549.1.1.1';
const RSA_PSS = '1.2.840.113549.1.1.10';
const EC = '1.2.840.10045.2.1';
const KEY_NAMES: Record<string, string> = { '1.3.101.112': 'Ed25519', '1.3.101.113': 'Ed448', '1.2.840.10040.4.1': 'DSA' };
const CURVE_NAMES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

interface KeyFacts {
  /** From node:crypto's reading of the key (OpenSSL): the modulus' bit length, the curve. */
  modulusLength?: number;
  namedCurve?: string;
}

/** The guidelines' key rule: RSA (PKCS #1 or RSASSA-PSS) of 2048 bits or more, or EC on the named curve P-256 or P-384. */
export function describeKey(fields: CertificateFields, facts: KeyFacts): { ok: boolean; detail: string } {
  if (fields.keyAlgorithm === RSA || fields.keyAlgorithm === RSA_PSS) {
    const bits = facts.modulusLength ?? 0;
    return { ok: bits >= 2048, detail: `${fields.keyAlgorithm === RSA_PSS ? 'RSASSA-PSS' : 'RSA'} key of ${bits} bits` };
  }
  if (fields.keyAlgorithm === EC) {
    const curve = CURVE_NAMES[facts.namedCurve ?? ''] ?? facts.namedCurve ?? 'an unknown curve';
    if (fields.explicitCurve)
      return {
        ok: false,
        detail: `EC key on ${curve}, its curve written out in full (explicit parameters) instead of named, which RFC 5480 forbids: ask the CA to reissue it with the named curve`,
      };
    return { ok: curve === 'P-256' || curve === 'P-384', detail: `EC key on ${curve}` };
  }
  return { ok: false, detail: `${KEY_NAMES[fields.keyAlgorithm] ?? `a key of algorithm ${fields.keyAlgorithm}`}, which the guidelines do not list` };
}
