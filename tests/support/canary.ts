import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

/** Every private part of tests/fixtures/leak/vault.yaml carries this string. */
export const CANARY = 'xqjleak';

const BASE64_RUN = /[A-Za-z0-9+/_-]{24,}={0,2}/g;

/**
 * Where the canary hides in some bytes, looking through the encodings a build or a
 * server may apply: gzip/brotli, base64 (+zlib, as the OpenAPI plugin's `api:` blobs),
 * URL and JSON escapes, HTML entities. Returns a description of each hit.
 */
export function findCanary(bytes: Buffer, depth = 0): string[] {
  const hits: string[] = [];
  for (const variant of decompressions(bytes)) hits.push(...findInText(variant.bytes.toString('latin1'), variant.label, depth));
  return hits;
}

function findInText(text: string, label: string, depth: number): string[] {
  const hits: string[] = [];
  for (const [how, decoded] of textDecodings(text)) {
    const index = decoded.toLowerCase().indexOf(CANARY);
    if (index >= 0) hits.push(`${label}${how}: …${decoded.slice(Math.max(0, index - 40), index + 40)}…`);
  }
  if (depth > 2) return hits;
  for (const match of text.matchAll(BASE64_RUN)) {
    const decoded = Buffer.from(match[0].replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (decoded.length < 16) continue;
    hits.push(...findCanary(decoded, depth + 1).map((hit) => `base64 blob → ${hit}`));
  }
  return hits;
}

function* textDecodings(text: string): Generator<[string, string]> {
  yield ['', text];
  yield [' (JSON-unescaped)', text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))];
  yield [
    ' (HTML-entity-decoded)',
    text
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
      .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec))),
  ];
  yield [' (URL-decoded)', text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))];
}

function decompressions(bytes: Buffer): Array<{ label: string; bytes: Buffer }> {
  const variants = [{ label: '', bytes }];
  const attempts: Array<[string, (input: Buffer) => Buffer]> = [
    ['gzip', gunzipSync],
    ['zlib', inflateSync],
    ['deflate', inflateRawSync],
    ['brotli', brotliDecompressSync],
  ];
  for (const [label, decompress] of attempts) {
    try {
      const output = decompress(bytes);
      if (output.length > 0) variants.push({ label: `(${label}) `, bytes: output });
    } catch {
      // not that encoding
    }
  }
  return variants;
}

/** A zlib stream in base64 starts "eJ" (0x78 0x9c): how the OpenAPI theme's `api:` blobs are written. */
const ZLIB_BASE64_RUN = /eJ[A-Za-z0-9+/_-]{22,}={0,2}/g;

/**
 * The canary in one uncompressed file of a build, in the encodings a build writes: as text (plain,
 * JSON/HTML/URL-escaped) and inside the theme's base64+zlib blobs. Fast enough for a build of
 * thousands of pages, where `findCanary`'s every-run, every-codec search takes many minutes; it
 * skips what a build never does to page text (compressed siblings are scanned by `findCanary`
 * in tests/site/leak.test.ts).
 */
export function findCanaryInBuildFile(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  const hits = findInText(text, '', 3);
  for (const match of text.matchAll(ZLIB_BASE64_RUN)) {
    let inflated: Buffer;
    try {
      inflated = inflateSync(Buffer.from(match[0].replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
    } catch {
      continue;
    }
    hits.push(...findInText(inflated.toString('latin1'), 'base64+zlib blob → ', 3));
  }
  return hits;
}
