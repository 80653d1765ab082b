import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Credential } from './openssl-pki.ts';

/**
 * Certificates openssl will not make on request (it merges a repeated extension; it writes strict
 * DER): the certificate openssl made, changed here, and signed again by the `openssl` command
 * with the issuer's key. The rules under test never see how it was made.
 */

interface Tlv {
  start: number;
  end: number;
  headerStart: number;
}

function read(bytes: Buffer, offset: number): Tlv {
  const first = bytes[offset + 1] as number;
  let length = first;
  let start = offset + 2;
  if (first > 0x80) {
    const count = first & 0x7f;
    length = bytes.readUIntBE(start, count);
    start += count;
  }
  return { headerStart: offset, start, end: start + length };
}

function children(bytes: Buffer, parent: Tlv): Tlv[] {
  const items: Tlv[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const item = read(bytes, at);
    items.push(item);
    at = item.end;
  }
  return items;
}

function length(size: number): Buffer {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, content: Buffer) => Buffer.concat([Buffer.from([tag]), length(content.length), content]);

function derOf(credential: Credential): Buffer {
  return Buffer.from(credential.pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
}

function pemOf(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`.replace(/\n\n/g, '\n');
}

function save(dir: string, name: string, der: Buffer, keyFile: string): Credential {
  const certFile = path.join(dir, `${name}.pem`);
  const pem = pemOf(der);
  writeFileSync(certFile, pem);
  return { name, certFile, keyFile, pem };
}

/** `certificate` with one more extension (DER, in hex) after its own, signed again with SHA-256 by `issuer`'s key. */
export function withExtraExtension(dir: string, name: string, certificate: Credential, issuer: Credential, extensionHex: string): Credential {
  const der = derOf(certificate);
  const [tbs, algorithm] = children(der, read(der, 0)) as [Tlv, Tlv];
  const fields = children(der, tbs);
  const wrapper = fields[fields.length - 1] as Tlv;
  if (der[wrapper.headerStart] !== 0xa3) throw new Error('the certificate has no extensions');
  const list = children(der, wrapper)[0] as Tlv;
  const extensions = tlv(0x30, Buffer.concat([der.subarray(list.start, list.end), Buffer.from(extensionHex, 'hex')]));
  const newTbs = tlv(0x30, Buffer.concat([der.subarray(tbs.start, wrapper.headerStart), tlv(0xa3, extensions)]));
  const tbsFile = path.join(dir, `${name}.tbs`);
  writeFileSync(tbsFile, newTbs);
  const signature = execFileSync('openssl', ['dgst', '-sha256', '-sign', issuer.keyFile, tbsFile]);
  const signed = tlv(
    0x30,
    Buffer.concat([newTbs, der.subarray(algorithm.headerStart, algorithm.end), tlv(0x03, Buffer.concat([Buffer.from([0]), signature]))]),
  );
  return save(dir, name, signed, certificate.keyFile);
}

/** The same certificate with its outer length written in one byte more than DER allows (BER): the signature still verifies. */
export function withLongFormLength(dir: string, name: string, certificate: Credential): Credential {
  const der = derOf(certificate);
  const outer = read(der, 0);
  const size = outer.end - outer.start;
  const header = Buffer.from([0x30, 0x83, (size >> 16) & 0xff, (size >> 8) & 0xff, size & 0xff]);
  return save(dir, name, Buffer.concat([header, der.subarray(outer.start)]), certificate.keyFile);
}

/** The same certificate with one byte of its signature changed: it no longer verifies. */
export function withAlteredSignature(dir: string, name: string, certificate: Credential): Credential {
  const der = derOf(certificate);
  der[der.length - 5] = (der[der.length - 5] as number) ^ 0xff;
  return save(dir, name, der, certificate.keyFile);
}
