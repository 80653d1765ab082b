import 'reflect-metadata';
import { X509Certificate as NodeCertificate, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { readableFields } from './certificate-fields.ts';
import { strictDerProblem } from './strict-der.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const MAX_CERTIFICATE_BYTES = 256 * 1024;
const MAX_CERTIFICATES = 10;

type ParseResult =
  | { ok: true; certificates: x509.X509Certificate[] }
  | { ok: false; code: 'too_large' | 'private_key' | 'too_many' | 'unreadable' | 'empty'; message: string };

/**
 * PEM (one or more certificates) or DER. A private key pasted by mistake is refused
 * outright — and never kept, logged or echoed back.
 */
export function parseCertificates(input: Uint8Array | string): ParseResult {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
  if (bytes.length === 0) return { ok: false, code: 'empty', message: 'The file is empty.' };
  if (bytes.length > MAX_CERTIFICATE_BYTES)
    return {
      ok: false,
      code: 'too_large',
      message: `The file is ${bytes.length} bytes; a certificate with its chain is at most ${MAX_CERTIFICATE_BYTES / 1024} KB.`,
    };
  const text = bytes.toString('latin1');
  if (/-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/.test(text)) {
    return {
      ok: false,
      code: 'private_key',
      message:
        'This is a private key, not a certificate. Keep your private key to yourself: upload only the certificate (-----BEGIN CERTIFICATE-----). The key was not stored.',
    };
  }
  const unreadable: ParseResult = {
    ok: false,
    code: 'unreadable',
    message: 'This file is not an X.509 certificate we can read (PEM or DER expected). Export it again from your certification authority.',
  };
  try {
    if (text.includes(BEGIN)) {
      const blocks = pemBlocks(text);
      if (blocks === 'too_many')
        return {
          ok: false,
          code: 'too_many',
          message: `The file holds more than ${MAX_CERTIFICATES} certificates; upload your certificate and its chain (at most ${MAX_CERTIFICATES}).`,
        };
      if (blocks.length === 0) return unreadable;
      return { ok: true, certificates: blocks.map((block) => readCertificate(block)) };
    }
    return { ok: true, certificates: [readCertificate(bytes)] };
  } catch {
    return unreadable;
  }
}

const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';

/**
 * The certificate blocks of a PEM text, found by one left-to-right scan with indexOf: a lazy
 * regex over the whole input restarted at every BEGIN and was quadratic on unclosed markers
 * (issue 13). Markers are counted first, so a file of thousands is refused before any block
 * is read; a BEGIN without its END, or nested in another block, throws (unreadable).
 */
function pemBlocks(text: string): string[] | 'too_many' {
  let markers = 0;
  for (let at = text.indexOf(BEGIN); at !== -1; at = text.indexOf(BEGIN, at + BEGIN.length)) {
    if (++markers > MAX_CERTIFICATES) return 'too_many';
  }
  const blocks: string[] = [];
  for (let start = text.indexOf(BEGIN); start !== -1; start = text.indexOf(BEGIN, start)) {
    const end = text.indexOf(END, start + BEGIN.length);
    const nextBegin = text.indexOf(BEGIN, start + BEGIN.length);
    if (end === -1 || (nextBegin !== -1 && nextBegin < end)) throw new Error('a BEGIN CERTIFICATE marker without its END');
    blocks.push(text.slice(start, end + END.length));
    start = end + END.length;
  }
  return blocks;
}

/**
 * @peculiar/x509 decodes lazily: a damaged extension or key would only throw later, inside the
 * rules. Every part the rules read is decoded here, so a damaged certificate is "unreadable".
 */
function readCertificate(input: string | Buffer<ArrayBuffer>): x509.X509Certificate {
  const certificate = new x509.X509Certificate(input);
  const problem = strictDerProblem(new Uint8Array(certificate.rawData));
  if (problem) throw new Error(`not strict DER: ${problem}`);
  const dates = [certificate.notBefore, certificate.notAfter];
  if (dates.some((date) => Number.isNaN(date.getTime()))) throw new Error('invalid validity dates');
  void [
    certificate.serialNumber,
    certificate.subject,
    certificate.issuer,
    certificate.signatureAlgorithm,
    certificate.publicKey.algorithm,
    certificate.extensions,
  ];
  // What the RFC 5280 rules read of it (rules/certificate-path.ts): every extension, the names, the key as OpenSSL reads it.
  readableFields(new Uint8Array(certificate.rawData));
  void new NodeCertificate(new Uint8Array(certificate.rawData)).publicKey;
  return certificate;
}

export { x509 };
