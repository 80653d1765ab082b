import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { precompressDirectory } from '../../plugins/portico/build/compress.ts';
import { listFiles } from '../../plugins/portico/contract.ts';
import { pruneUnusedSince, readCachedFile } from '../../plugins/portico/build/content-cache.ts';
import { runPool } from '../../plugins/portico/build/run-pool.ts';
import { createTargetCache } from '../../plugins/portico/build/target-cache.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-caches-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const chunk = `console.log(${JSON.stringify('vendor '.repeat(500))});\n`;

it('compresses a file shipped by two builds once, and both get correct .gz and .br', async () => {
  const cacheDir = path.join(dir, 'compressed');
  for (const build of ['a', 'b']) {
    await mkdir(path.join(dir, build, 'assets'), { recursive: true });
    await writeFile(path.join(dir, build, 'assets', 'vendor.js'), chunk);
    await writeFile(path.join(dir, build, 'index.html'), `<p>${build.repeat(2000)}</p>`);
  }
  expect(await precompressDirectory(path.join(dir, 'a'), cacheDir)).toMatchObject({ files: 2, reused: 0 });
  expect(await precompressDirectory(path.join(dir, 'b'), cacheDir)).toMatchObject({ files: 2, reused: 1 });
  for (const build of ['a', 'b']) {
    expect(gunzipSync(await readFile(path.join(dir, build, 'assets', 'vendor.js.gz'))).toString()).toBe(chunk);
    expect(brotliDecompressSync(await readFile(path.join(dir, build, 'assets', 'vendor.js.br'))).toString()).toBe(chunk);
    expect(brotliDecompressSync(await readFile(path.join(dir, build, 'index.html.br'))).toString()).toBe(`<p>${build.repeat(2000)}</p>`);
  }
});

it('restores a target only under the key it was saved with, and drops Rspack caches of other site sources', async () => {
  const out = path.join(dir, 'out');
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'index.html'), 'built');
  const cache = createTargetCache(path.join(dir, 'cache'), 'site-hash-1');
  const key = cache.keyOf('private-claims', { document: { info: { title: 'Claims' } } });
  expect(cache.keyOf('private-claims', { document: { info: { title: 'Claims' } } })).toBe(key);
  expect(cache.keyOf('private-claims', { document: { info: { title: 'Claims 2' } } })).not.toBe(key);
  expect(cache.keyOf('private-vault', { document: { info: { title: 'Claims' } } })).not.toBe(key);
  expect(createTargetCache(path.join(dir, 'cache'), 'site-hash-2').keyOf('private-claims', { document: { info: { title: 'Claims' } } })).not.toBe(key);

  await cache.save('private-claims', key, out, { pages: { claims: 3 } });
  const target = path.join(dir, 'restored');
  expect(await cache.restore('private-claims', 'other-key', target)).toBeUndefined();
  expect(await cache.restore('private-claims', key, target)).toEqual({ pages: { claims: 3 } });
  expect(await readFile(path.join(target, 'index.html'), 'utf8')).toBe('built');

  const first = await cache.rspackDir('private-claims');
  await mkdir(first, { recursive: true });
  const second = await createTargetCache(path.join(dir, 'cache'), 'site-hash-2').rspackDir('private-claims');
  expect(second).not.toBe(first);
  await expect(mkdir(first)).resolves.toBeUndefined(); // the stale folder was removed
});

it('runs at most `jobs` tasks at once and rethrows the first failure', async () => {
  let running = 0;
  let peak = 0;
  const results = await runPool([1, 2, 3, 4, 5], 2, async (value) => {
    peak = Math.max(peak, ++running);
    await new Promise((resolve) => setTimeout(resolve, 10));
    running--;
    return value * 2;
  });
  expect(results).toEqual([2, 4, 6, 8, 10]);
  expect(peak).toBe(2);
  await expect(
    runPool([1, 2], 2, async (value) => {
      if (value === 2) throw new Error('build 2 failed');
      return value;
    }),
  ).rejects.toThrow('build 2 failed');
});

it('keeps the shared cache entries a build used and prunes those unused since the cutoff', async () => {
  const cacheDir = path.join(dir, 'compressed');
  for (const build of ['old', 'used']) {
    await mkdir(path.join(dir, build), { recursive: true });
    await writeFile(path.join(dir, build, 'page.html'), `<p>${build.repeat(2000)}</p>`);
    await precompressDirectory(path.join(dir, build), cacheDir);
  }
  const entries = await listFiles(cacheDir);
  expect(entries).toHaveLength(4);
  const monthAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
  for (const file of entries) await utimes(file, monthAgo, monthAgo);

  // The "used" page is built again: its entries are read, and so marked used.
  expect(await precompressDirectory(path.join(dir, 'used'), cacheDir)).toMatchObject({ reused: 1 });
  expect(await pruneUnusedSince(cacheDir, new Date(Date.now() - 30 * 24 * 3600 * 1000))).toBe(2);
  expect(await precompressDirectory(path.join(dir, 'used'), cacheDir)).toMatchObject({ reused: 1 });
  expect(await precompressDirectory(path.join(dir, 'old'), cacheDir)).toMatchObject({ reused: 0 });
  expect(await readCachedFile(path.join(dir, 'missing'))).toBeUndefined();
  expect(await pruneUnusedSince(path.join(dir, 'no-such-cache'), new Date())).toBe(0);
});
