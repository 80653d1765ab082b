import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

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
  let bytesIn = 0;
  let bytesOut = 0;
  let count = 0;
  let reused = 0;
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const { size } = await stat(file);
      if (size < MIN_BYTES) continue;
      const body = await readFile(file);
      const cached = cacheDir ? await readCompressed(cacheDir, body) : undefined;
      const [gz, br] = cached ?? (await compress(body));
      if (cached) reused++;
      else if (cacheDir) await storeCompressed(cacheDir, body, gz, br);
      if (gz.length < size) await writeFile(`${file}.gz`, gz);
      if (br.length < size) await writeFile(`${file}.br`, br);
      bytesIn += size;
      bytesOut += Math.min(br.length, size);
      count++;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { files: count, bytesIn, bytesOut, reused };
}

async function compress(body: Buffer): Promise<[Buffer, Buffer]> {
  return Promise.all([
    gzipAsync(body, { level: 9 }),
    brotliAsync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: body.length > 512 * 1024 ? 9 : 11,
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
  try {
    return await Promise.all([readFile(`${base}.gz`), readFile(`${base}.br`)]);
  } catch {
    return undefined;
  }
}

/** Written aside and renamed, .br last: a reader finding the .br finds a whole pair. */
async function storeCompressed(cacheDir: string, body: Buffer, gz: Buffer, br: Buffer): Promise<void> {
  const base = cachePathOf(cacheDir, body);
  await mkdir(path.dirname(base), { recursive: true });
  const suffix = `${process.pid}.${Math.random().toString(36).slice(2)}`;
  for (const [extension, bytes] of [['gz', gz], ['br', br]] as const) {
    await writeFile(`${base}.${extension}.${suffix}`, bytes);
    await rename(`${base}.${extension}.${suffix}`, `${base}.${extension}`);
  }
}

export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}
