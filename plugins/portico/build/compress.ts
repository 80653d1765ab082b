import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
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
 */
export async function precompressDirectory(root: string): Promise<{ files: number; bytesIn: number; bytesOut: number }> {
  const files = (await listFiles(root)).filter((file) => COMPRESSIBLE.has(path.extname(file)));
  let bytesIn = 0;
  let bytesOut = 0;
  let count = 0;
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const { size } = await stat(file);
      if (size < MIN_BYTES) continue;
      const body = await readFile(file);
      const [gz, br] = await Promise.all([
        gzipAsync(body, { level: 9 }),
        brotliAsync(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: size > 512 * 1024 ? 9 : 11,
            [constants.BROTLI_PARAM_SIZE_HINT]: size,
          },
        }),
      ]);
      if (gz.length < size) await writeFile(`${file}.gz`, gz);
      if (br.length < size) await writeFile(`${file}.br`, br);
      bytesIn += size;
      bytesOut += Math.min(br.length, size);
      count++;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { files: count, bytesIn, bytesOut };
}

export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}
