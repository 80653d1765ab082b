import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificates, x509 } from '../../server/certificates/parse-certificates.ts';
import { checkClientCertificate, type TrustAnchor } from '../../server/rules/client-certificate.ts';
import { FuzzTally, fuzzOptions } from '../support/fuzz.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';

/**
 * Hostile uploads against the certificate parser and the rules behind it: whatever the bytes,
 * the answer is a refusal value or a verdict — never a throw, never a hang, never an altered
 * certificate accepted, never the private key echoed back.
 */
const REFUSAL_CODES = ['too_large', 'private_key', 'too_many', 'unreadable', 'empty'];
const tally = new FuzzTally('certificate parser');
let dir: string;
let pki: OpensslPki;
let root: Credential;
let intermediate: Credential;
let leaf: Credential;
let leafDer: Buffer;
let anchors: TrustAnchor[];
/** A minute after the certificates were made: openssl starts their validity at the current second. */
let at: Date;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-fuzz-cert-'));
  pki = new OpensslPki(dir);
  root = pki.selfSigned('fuzz-root');
  intermediate = pki.issue('fuzz-intermediate', root, { extensions: CA_EXTENSIONS });
  leaf = pki.issue('fuzz-leaf', root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
  leafDer = Buffer.from(new x509.X509Certificate(leaf.pem).rawData);
  anchors = [{ name: 'Fuzz Root', certificate: new x509.X509Certificate(root.pem) }];
  at = new Date(Date.now() + 60_000);
});

afterAll(() => {
  tally.print(`real DER leaf of ${leafDer?.length ?? 0} bytes`);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Outcome = { refused: string } | { acceptable: boolean; sha256: string };

/** What an upload meets: the parser, then (when it reads certificates) every rule. Must not throw. */
async function judge(input: Uint8Array | string, chain: Array<Uint8Array | string> = []): Promise<Outcome> {
  const parsed = parseCertificates(input);
  if (!parsed.ok) {
    expect(REFUSAL_CODES).toContain(parsed.code);
    expect(parsed.message.length).toBeGreaterThan(10);
    return { refused: parsed.code };
  }
  expect(parsed.certificates.length).toBeGreaterThan(0);
  const extra = chain.map((item) => parseCertificates(item)).flatMap((result) => (result.ok ? result.certificates : []));
  const [first, ...bundled] = parsed.certificates;
  const verdict = await checkClientCertificate(first as x509.X509Certificate, [...bundled, ...extra], anchors, at);
  expect(verdict.checks.length).toBeGreaterThan(0);
  for (const check of verdict.checks) expect(check.message).toEqual(expect.any(String));
  JSON.stringify(verdict);
  return { acceptable: verdict.acceptable, sha256: verdict.summary.sha256 };
}

/** Offsets of every DER length byte (walks the TLV tree of the real certificate). */
function lengthOffsets(der: Uint8Array): number[] {
  const offsets: number[] = [];
  const walk = (start: number, end: number): void => {
    let at = start;
    while (at + 2 <= end) {
      const tag = der[at] as number;
      const first = der[at + 1] as number;
      const count = first > 0x80 ? first & 0x7f : 0;
      let length = first;
      if (count) length = [...der.subarray(at + 2, at + 2 + count)].reduce((sum, byte) => sum * 256 + byte, 0);
      for (let index = 0; index <= count; index++) offsets.push(at + 1 + index);
      const contentStart = at + 2 + count;
      if (tag & 0x20) walk(contentStart, contentStart + length);
      at = contentStart + length;
    }
  };
  walk(0, der.length);
  return offsets;
}

const derMutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('length' as const),
    which: fc.nat(),
    value: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x00, 0x7f, 0x80, 0x81, 0x84, 0x85, 0x89, 0xff)),
  }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), remove: fc.integer({ min: 0, max: 8 }), insert: fc.uint8Array({ maxLength: 8 }) }),
);

type DerMutation = typeof derMutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(der: Buffer, mutation: DerMutation): Buffer {
  const copy = Buffer.from(der);
  switch (mutation.kind) {
    case 'flip':
      for (const [position, bit] of mutation.flips) copy[position % copy.length] = (copy[position % copy.length] as number) ^ (1 << bit);
      return copy;
    case 'truncate':
      return copy.subarray(0, mutation.at % copy.length);
    case 'length': {
      const offsets = lengthOffsets(der);
      copy[offsets[mutation.which % offsets.length] as number] = mutation.value;
      return copy;
    }
    case 'splice': {
      const at = mutation.at % copy.length;
      return Buffer.concat([copy.subarray(0, at), Buffer.from(mutation.insert), copy.subarray(at + mutation.remove)]);
    }
  }
}

const armour = (base64: string, label = 'CERTIFICATE') => `-----BEGIN ${label}-----\n${base64.replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`;

describe('the certificate parser under hostile input', () => {
  it('random bytes and random text: a refusal or a verdict, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 4096 }),
          fc.string({ unit: 'binary', maxLength: 2000 }),
          fc.constantFrom('', '\n', '-----BEGIN CERTIFICATE-----', '-----END CERTIFICATE-----'),
        ),
        async (input) => {
          tally.count('random bytes / text');
          const outcome = await judge(input);
          expect('refused' in outcome || !outcome.acceptable).toBe(true);
        },
      ),
      fuzzOptions(400),
    );
  });

  it('PEM armour around random base64 (and broken armour): refused, never thrown', async () => {
    const block = fc.oneof(
      fc.uint8Array({ maxLength: 1500 }).map((bytes) => armour(Buffer.from(bytes).toString('base64'))),
      fc.string({ maxLength: 400 }).map((text) => armour(text)),
      fc.uint8Array({ maxLength: 600 }).map((bytes) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(bytes).toString('base64')}`),
      fc.uint8Array({ maxLength: 600 }).map((bytes) => armour(Buffer.from(bytes).toString('base64'), 'X509 CRL')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(block, { minLength: 1, maxLength: 12 }), fc.string({ maxLength: 30 }), async (blocks, glue) => {
        tally.count('PEM armour around random base64');
        const outcome = await judge(blocks.join(glue));
        expect('refused' in outcome || !outcome.acceptable).toBe(true);
      }),
      fuzzOptions(300),
    );
  });

  it('bit flips, truncations, length-byte and splice mutations of a real DER certificate: never accepted, never thrown', async () => {
    const original = await judge(leafDer);
    expect(original).toMatchObject({ acceptable: true });
    let readable = 0;
    await fc.assert(
      fc.asyncProperty(derMutation, fc.boolean(), async (mutation, asPem) => {
        tally.count('mutations of a real DER certificate');
        const bytes = mutate(leafDer, mutation);
        const outcome = await judge(asPem ? armour(bytes.toString('base64')) : bytes);
        if ('refused' in outcome) return;
        readable++;
        // Only the untouched certificate may pass: any other byte string is another certificate.
        if (outcome.acceptable) expect(bytes.equals(leafDer)).toBe(true);
      }),
      fuzzOptions(1500),
    );
    // The parser is not refusing everything: many mutations (e.g. in the signature) stay readable and are refused by the rules.
    expect(readable).toBeGreaterThan(50);
  });

  it('regression: damaged certificates that used to throw inside the rules (a 500 on upload) or pass as the original', async () => {
    // Found by the mutation property above; each is located by its own bytes, not by an offset.
    const rsaLeaf = pki.issue('fuzz-rsa-leaf', root, { extensions: LEAF_EXTENSIONS });
    const rsaDer = Buffer.from(new x509.X509Certificate(rsaLeaf.pem).rawData);
    const damaged: Array<[string, Buffer, number[], number, number]> = [
      // [what, certificate, marker bytes, offset after the marker, new byte]: each threw "Data does not match to … ASN1 schema" or similar.
      ['extendedKeyUsage value not a SEQUENCE', leafDer, [0x06, 0x03, 0x55, 0x1d, 0x25], 7, 0x31],
      ['basicConstraints value not a SEQUENCE', leafDer, [0x06, 0x03, 0x55, 0x1d, 0x13], 7, 0x31],
      ['keyUsage value not a BIT STRING', leafDer, [0x06, 0x03, 0x55, 0x1d, 0x0f], 10, 0x04],
      ['RSA public key not a SEQUENCE', rsaDer, [0x03, 0x82, 0x01, 0x0f, 0x00, 0x30], 5, 0x31],
    ];
    for (const [what, der, marker, offset, value] of damaged) {
      const at = der.indexOf(Buffer.from(marker));
      expect(at, what).toBeGreaterThan(0);
      const copy = Buffer.from(der);
      copy[at + offset] = value;
      expect(await judge(copy), what).toEqual({ refused: 'unreadable' });
    }
    // Outside the signed part: the outer length, the outer algorithm's tag, its NULL parameters,
    // the BIT STRING's padding byte. Each still verified, as another file with another SHA-256.
    expect(leafDer[1]).toBe(0x82);
    const algorithmAt = 4 + 4 + leafDer.readUInt16BE(6);
    const outside: Array<[string, number, number]> = [
      ['outer length', 3, (leafDer[3] as number) ^ 0x08],
      ['outer signatureAlgorithm tag', algorithmAt, 0xb0],
      ['signatureAlgorithm parameters', algorithmAt + 2 + (leafDer[algorithmAt + 3] as number) + 2, 0x04],
      ['BIT STRING padding', algorithmAt + 2 + (leafDer[algorithmAt + 1] as number) + 4, 0x01],
    ];
    for (const [what, position, value] of outside) {
      const copy = Buffer.from(leafDer);
      copy[position] = value;
      expect(copy.equals(leafDer), what).toBe(false);
      expect(await judge(copy), what).not.toMatchObject({ acceptable: true });
    }
  });

  it('a real leaf with chains of garbage, altered CA certificates and loops: a verdict, never a throw', async () => {
    const rootDer = Buffer.from(new x509.X509Certificate(root.pem).rawData);
    const link = fc.oneof(
      fc.uint8Array({ maxLength: 800 }),
      derMutation.map((mutation) => mutate(rootDer, mutation)),
      fc.constantFrom(intermediate.pem, root.pem, leaf.pem, intermediate.pem + root.pem),
    );
    // Regression: a damaged copy of the accepted CA in the chain (same name and key, its notAfter
    // altered) used to be taken as the issuer and hid the accepted CA: a valid leaf was refused.
    const validityAt = rootDer.indexOf(0x17, rootDer.indexOf(0x17) + 2);
    const damagedRoot = Buffer.from(rootDer);
    damagedRoot[validityAt + 13] = 0x33;
    expect(parseCertificates(damagedRoot).ok).toBe(true);
    expect(await judge(leafDer, [damagedRoot])).toMatchObject({ acceptable: true });
    await fc.assert(
      fc.asyncProperty(fc.array(link, { maxLength: 6 }), async (chain) => {
        tally.count('real leaf + chain of garbage');
        const outcome = await judge(leafDer, chain);
        expect(outcome).toMatchObject({ acceptable: true });
      }),
      fuzzOptions(200),
    );
  });

  it('a private key anywhere in the upload is refused and never echoed', async () => {
    const keys = [readFileSync(leaf.keyFile, 'utf8'), readFileSync(root.keyFile, 'utf8')];
    const relabelled = keys.flatMap((key) => ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'].map((label) => key.replace(/PRIVATE KEY/g, label)));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...keys, ...relabelled),
        fc.string({ maxLength: 200 }),
        fc.constantFrom('', leaf.pem, root.pem + intermediate.pem),
        fc.boolean(),
        async (key, noise, certificates, keyFirst) => {
          tally.count('private key in the upload');
          const input = keyFirst ? `${noise}${key}${certificates}` : `${certificates}${noise}\n${key}`;
          const result = parseCertificates(input);
          expect(result).toMatchObject({ ok: false, code: 'private_key' });
          const echoed = JSON.stringify(result);
          for (const line of key.split('\n').filter((row) => row.length > 20 && !row.startsWith('-----'))) expect(echoed).not.toContain(line.slice(0, 20));
        },
      ),
      fuzzOptions(150),
    );
  });

  it('the strict reading refuses none of the 144 Mozilla roots Node ships (no false refusals)', () => {
    const refused = tls.rootCertificates.filter((pem) => !parseCertificates(pem).ok);
    tally.count('Mozilla roots re-read', tls.rootCertificates.length);
    expect(refused).toEqual([]);
    expect(tls.rootCertificates.length).toBeGreaterThan(100);
  });
});
