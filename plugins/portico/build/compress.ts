import { createHash } from 'node:crypto';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { listFiles } from '../contract.ts';
import { readCachedFile, writeCachedFile } from './content-cache.ts';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.xml', '.svg', '.txt', '.map', '.webmanifest']);
const MIN_BYTES = 1024;

/**
 * Writes `.gz` and `.br` beside every compressible file, once, at build time: compressing
 * on the fly costs the server most of its throughput (DESIGN.md, "Facts measured here").
 * With `cacheDir`, results are kept by content hash: every private build ships the same
 * vendor and explorer chunks, which are then compressed once, not once per API.
 */
export async function precompressDirectory(root: string, cacheDir?: string): Promise<{ files: number; bytesIn: number; bytesOut: number; reused: number }> {
  const files = (await listFiles(root)).filter((file) => COMPRESSIBLE.has(path.extname(file)));
  const totals = { files: 0, bytesIn: 0, bytesOut: 0, reused: 0 };
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const result = await precompressFile(file, cacheDir);
      if (!result) continue;
      totals.files++;
      totals.bytesIn += result.bytesIn;
      totals.bytesOut += result.bytesOut;
      if (result.reused) totals.reused++;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return totals;
}

/** Writes (or rewrites) `file.gz` and `file.br`; undefined when the file is too small to bother. */
export async function precompressFile(file: string, cacheDir?: string): Promise<{ bytesIn: number; bytesOut: number; reused: boolean } | undefined> {
  const { size } = await stat(file);
  if (size < MIN_BYTES) return undefined;
  const body = await readFile(file);
  const cached = cacheDir ? await readCompressed(cacheDir, body) : undefined;
  const [gz, br] = cached ?? (await compress(body, path.extname(file)));
  if (!cached && cacheDir) await storeCompressed(cacheDir, body, gz, br);
  for (const [extension, bytes] of [
    ['gz', gz],
    ['br', br],
  ] as const) {
    if (bytes.length < size) await writeFile(`${file}.${extension}`, bytes);
    else await rm(`${file}.${extension}`, { force: true });
  }
  return { bytesIn: size, bytesOut: Math.min(br.length, size), reused: cached !== undefined };
}

/**
 * Brotli's best quality (11) costs ~70× the CPU of quality 7 for ~10% smaller files. It
 * pays for hashed assets (immutable, cached by browsers and CDNs, compressed once across
 * builds by content hash); HTML pages, thousands per build and revalidated by ETag, get 7.
 * Measured on a 10-API build: 5.6 s → 0.08 s of CPU for the HTML, 1.13 → 1.25 MB.
 */
function brotliQualityOf(extension: string, bytes: number): number {
  if (extension === '.html') return 7;
  return bytes > 512 * 1024 ? 9 : 11;
}

async function compress(body: Buffer, extension: string): Promise<[Buffer, Buffer]> {
  return Promise.all([
    gzipAsync(body, { level: 9 }),
    brotliAsync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: brotliQualityOf(extension, body.length),
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  ]);
}

function cachePathOf(cacheDir: string, body: Buffer): string {
  const digest = createHash('sha256').update(body).digest('hex');
  return path.join(cacheDir, digest.slice(0, 2), digest);
}

async function readCompressed(cacheDir: string, body: Buffer): Promise<[Buffer, Buffer] | undefined> {
  const base = cachePathOf(cacheDir, body);
  // .br is written last: a reader finding it finds a whole pair.
  const br = await readCachedFile(`${base}.br`);
  const gz = br && (await readCachedFile(`${base}.gz`));
  return br && gz ? [gz, br] : undefined;
}

async function storeCompressed(cacheDir: string, body: Buffer, gz: Buffer, br: Buffer): Promise<void> {
  const base = cachePathOf(cacheDir, body);
  await writeCachedFile(`${base}.gz`, gz);
  await writeCachedFile(`${base}.br`, br);
}
