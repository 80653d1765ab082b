/**
 * The outer shape of an X.509 certificate in strict DER (RFC 5280 §4.1, X.690 §10):
 * SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE, signatureValue BIT STRING }.
 *
 * The signature covers only tbsCertificate, and the ASN.1 decoder we use is lenient: a certificate
 * whose outer length, algorithm tag or BIT STRING padding was altered still parses and still
 * verifies — a different file (another SHA-256) passing for the CA's. Pure: bytes in, a reason out.
 */

interface Element {
  tag: number;
  /** Offset of the first content byte. */
  start: number;
  /** Offset just past the last content byte. */
  end: number;
}

const SEQUENCE = 0x30;
const BIT_STRING = 0x03;
const INTEGER = 0x02;
const VERSION_TAG = 0xa0;

/** One element at `offset`, or a reason when its header is not minimal DER or it runs past `limit`. */
function readElement(bytes: Uint8Array, offset: number, limit: number): Element | string {
  if (offset + 2 > limit) return 'truncated';
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) return 'multi-byte tag';
  const first = bytes[offset + 1] as number;
  let length = first;
  let start = offset + 2;
  if (first === 0x80) return 'indefinite length';
  if (first > 0x80) {
    const count = first & 0x7f;
    if (count > 4 || start + count > limit) return 'length too long';
    if (bytes[start] === 0) return 'length not minimal';
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + (bytes[start + index] as number);
    if (length < 0x80) return 'length not minimal';
    start += count;
  }
  if (start + length > limit) return 'truncated';
  return { tag, start, end: start + length };
}

function sameBytes(bytes: Uint8Array, a: Element, b: Element): boolean {
  if (a.end - a.start !== b.end - b.start || a.tag !== b.tag) return false;
  for (let index = 0; index < a.end - a.start; index++) if (bytes[a.start + index] !== bytes[b.start + index]) return false;
  return true;
}

/** Undefined when the outer structure is strict DER; otherwise what is wrong with it. */
export function strictDerProblem(der: Uint8Array): string | undefined {
  const outer = readElement(der, 0, der.length);
  if (typeof outer === 'string') return outer;
  if (outer.tag !== SEQUENCE || outer.end !== der.length) return 'not a single DER SEQUENCE';
  const tbs = readElement(der, outer.start, outer.end);
  if (typeof tbs === 'string' || tbs.tag !== SEQUENCE) return 'tbsCertificate';
  const algorithm = readElement(der, tbs.end, outer.end);
  if (typeof algorithm === 'string' || algorithm.tag !== SEQUENCE) return 'signatureAlgorithm';
  const signature = readElement(der, algorithm.end, outer.end);
  if (typeof signature === 'string' || signature.tag !== BIT_STRING || signature.end !== outer.end) return 'signatureValue';
  if (signature.end === signature.start || der[signature.start] !== 0) return 'signatureValue padding';
  // Inside tbsCertificate: [0] version (optional), serialNumber, then the signature algorithm again.
  let field = readElement(der, tbs.start, tbs.end);
  if (typeof field !== 'string' && field.tag === VERSION_TAG) field = readElement(der, field.end, tbs.end);
  if (typeof field === 'string' || field.tag !== INTEGER) return 'serialNumber';
  const inner = readElement(der, field.end, tbs.end);
  // RFC 5280 §4.1.1.2: signatureAlgorithm MUST equal tbsCertificate.signature.
  if (typeof inner === 'string' || !sameBytes(der, inner, algorithm)) return 'signatureAlgorithm differs from tbsCertificate.signature';
  return undefined;
}
