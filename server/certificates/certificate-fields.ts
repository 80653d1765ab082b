/**
 * The fields of a certificate the RFC 5280 rules read that @peculiar/x509 does not give as
 * written: every extension (duplicates and unknown critical ones included), names as their
 * attribute values, the key's algorithm parameters, name constraints and subjectAltName entries.
 * Pure: DER bytes in; a malformed structure throws (parseCertificates has checked the outer shape).
 */

interface Tlv {
  tag: number;
  /** Offset of the first content byte. */
  start: number;
  /** Offset just past the last content byte. */
  end: number;
}

function read(bytes: Uint8Array, offset: number): Tlv {
  const tag = bytes[offset] as number;
  const first = bytes[offset + 1] as number;
  if (first === undefined || first === 0x80) throw new Error('unreadable DER');
  let length = first;
  let start = offset + 2;
  if (first > 0x80) {
    const count = first & 0x7f;
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + (bytes[start + index] as number);
    start += count;
  }
  if (start + length > bytes.length) throw new Error('truncated DER');
  return { tag, start, end: start + length };
}

function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const items: Tlv[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const item = read(bytes, at);
    if (item.end > parent.end) throw new Error('DER element runs past its parent');
    items.push(item);
    at = item.end;
  }
  return items;
}

function oidOf(bytes: Uint8Array, tlv: Tlv): string {
  const parts: number[] = [];
  let value = 0;
  for (let at = tlv.start; at < tlv.end; at++) {
    const byte = bytes[at] as number;
    value = value * 128 + (byte & 0x7f);
    if (byte & 0x80) continue;
    if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
    else parts.push(value);
    value = 0;
  }
  return parts.join('.');
}

const BOOLEAN = 0x01;
const SEQUENCE = 0x30;
const EXTENSIONS_TAG = 0xa3;

interface RawExtension {
  oid: string;
  critical: boolean;
  value: Uint8Array;
}

/** One attribute of a name: its type and its value, decoded when it is a string type. */
interface NameAttribute {
  type: string;
  /** The string, or the value's DER in hex for a non-string type. */
  value: string;
  isString: boolean;
}

export type Rdn = NameAttribute[];

export interface CertificateFields {
  version: number;
  issuer: Rdn[];
  subject: Rdn[];
  /** The OID of the key's algorithm and whether its parameters are an explicit curve (a SEQUENCE). */
  keyAlgorithm: string;
  explicitCurve: boolean;
  /** The OID of the algorithm the issuer signed with (the outer signatureAlgorithm). */
  signatureAlgorithm: string;
  extensions: RawExtension[];
}

function certificateFields(der: Uint8Array): CertificateFields {
  const certificate = read(der, 0);
  const [tbs, signature] = children(der, certificate);
  if (!tbs || !signature) throw new Error('no tbsCertificate');
  const signatureOid = children(der, signature)[0];
  const fields = children(der, tbs);
  let index = 0;
  let version = 1;
  if (fields[0]?.tag === 0xa0) {
    const inner = children(der, fields[0])[0];
    version = (inner ? (der[inner.start] as number) : 0) + 1;
    index = 1;
  }
  // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, then optional parts.
  const [, , issuer, , subject, spki] = fields.slice(index);
  if (!issuer || !subject || !spki) throw new Error('incomplete tbsCertificate');
  const [algorithm] = children(der, spki);
  const [algorithmOid, parameters] = algorithm ? children(der, algorithm) : [];
  const extensionsField = fields.find((field) => field.tag === EXTENSIONS_TAG);
  return {
    version,
    issuer: nameOf(der, issuer),
    subject: nameOf(der, subject),
    keyAlgorithm: algorithmOid ? oidOf(der, algorithmOid) : '',
    explicitCurve: parameters?.tag === SEQUENCE,
    signatureAlgorithm: signatureOid ? oidOf(der, signatureOid) : '',
    extensions: extensionsField ? extensionsOf(der, extensionsField) : [],
  };
}

function extensionsOf(der: Uint8Array, field: Tlv): RawExtension[] {
  const [list] = children(der, field);
  if (!list) return [];
  return children(der, list).map((extension) => {
    const parts = children(der, extension);
    const critical = parts[1]?.tag === BOOLEAN && der[parts[1].start] !== 0;
    const value = parts[parts.length - 1] as Tlv;
    return { oid: oidOf(der, parts[0] as Tlv), critical, value: der.slice(value.start, value.end) };
  });
}

const STRING_TAGS = new Map<number, 'utf8' | 'latin1' | 'bmp' | 'universal'>([
  [0x0c, 'utf8'],
  [0x13, 'latin1'],
  [0x14, 'latin1'],
  [0x16, 'latin1'],
  [0x1a, 'latin1'],
  [0x1e, 'bmp'],
  [0x1c, 'universal'],
]);

function decodeString(bytes: Uint8Array, kind: 'utf8' | 'latin1' | 'bmp' | 'universal'): string {
  const buffer = Buffer.from(bytes);
  if (kind === 'utf8') return buffer.toString('utf8');
  if (kind === 'latin1') return buffer.toString('latin1');
  const width = kind === 'bmp' ? 2 : 4;
  let text = '';
  for (let at = 0; at + width <= buffer.length; at += width) text += String.fromCodePoint(width === 2 ? buffer.readUInt16BE(at) : buffer.readUInt32BE(at));
  return text;
}

function nameOf(der: Uint8Array, name: Tlv): Rdn[] {
  return children(der, name).map((set) =>
    children(der, set).map((attribute) => {
      const [type, value] = children(der, attribute) as [Tlv, Tlv];
      const kind = STRING_TAGS.get(value.tag);
      return kind
        ? { type: oidOf(der, type), value: decodeString(der.slice(value.start, value.end), kind), isString: true }
        : { type: oidOf(der, type), value: Buffer.from(der.slice(value.start, value.end)).toString('hex'), isString: false };
    }),
  );
}

/** A GeneralName (RFC 5280 §4.2.1.6) of the kinds the rules compare; others keep their kind only. */
export type GeneralName = { kind: 'dns'; value: string } | { kind: 'directory'; value: Rdn[] } | { kind: 'email' | 'uri' | 'ip' | 'other'; value: string };

const GENERAL_NAME_KINDS = new Map<number, GeneralName['kind']>([
  [0x81, 'email'],
  [0x82, 'dns'],
  [0x86, 'uri'],
  [0x87, 'ip'],
  [0xa4, 'directory'],
]);

function generalName(der: Uint8Array, tlv: Tlv): GeneralName {
  const kind = GENERAL_NAME_KINDS.get(tlv.tag) ?? 'other';
  if (kind === 'directory') {
    const [inner] = children(der, tlv);
    return { kind, value: inner ? nameOf(der, inner) : [] };
  }
  return { kind, value: Buffer.from(der.slice(tlv.start, tlv.end)).toString(kind === 'ip' ? 'hex' : 'latin1') } as GeneralName;
}

/** subjectAltName's value: SEQUENCE OF GeneralName. */
export function generalNames(value: Uint8Array): GeneralName[] {
  return children(value, read(value, 0)).map((item) => generalName(value, item));
}

interface NameConstraints {
  permitted: GeneralName[];
  excluded: GeneralName[];
}

/** nameConstraints' value: SEQUENCE { [0] permittedSubtrees, [1] excludedSubtrees }, each SEQUENCE OF GeneralSubtree. */
export function nameConstraintsOf(value: Uint8Array): NameConstraints {
  const constraints: NameConstraints = { permitted: [], excluded: [] };
  for (const part of children(value, read(value, 0))) {
    const subtrees = children(value, part).map((subtree) => generalName(value, children(value, subtree)[0] as Tlv));
    if (part.tag === 0xa0) constraints.permitted.push(...subtrees);
    if (part.tag === 0xa1) constraints.excluded.push(...subtrees);
  }
  return constraints;
}

/** Every field the rules read, decoded once: throws when any is damaged (parseCertificates then refuses the file). */
export function readableFields(der: Uint8Array): CertificateFields {
  const fields = certificateFields(der);
  for (const extension of fields.extensions) {
    if (extension.oid === '2.5.29.17') generalNames(extension.value);
    if (extension.oid === '2.5.29.30') nameConstraintsOf(extension.value);
  }
  return fields;
}
