import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { rspack, type Stats } from '@rspack/core';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createMinifyCachePlugin } from '../../plugins/portico/minify-cache.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-minify-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

/** A real production Rspack build with SWC minification, as Docusaurus Faster sets it up. */
async function bundle(source: string, out: string): Promise<string> {
  const entry = path.join(dir, `${out}-entry.js`);
  await writeFile(entry, source);
  const compiler = rspack({
    mode: 'production',
    context: dir,
    entry,
    output: { path: path.join(dir, out), filename: 'main.js' },
    optimization: { minimize: true, minimizer: [new rspack.SwcJsMinimizerRspackPlugin({ minimizerOptions: { mangle: true } })] },
    plugins: [createMinifyCachePlugin(path.join(dir, 'cache'))],
  });
  const stats = await new Promise<Stats>((resolve, reject) => compiler.run((error, result) => (error ? reject(error) : resolve(result as Stats))));
  await new Promise((resolve) => compiler.close(resolve));
  expect(stats.hasErrors()).toBe(false);
  return readFile(path.join(dir, out, 'main.js'), 'utf8');
}

async function cachedFiles(): Promise<string[]> {
  const root = path.join(dir, 'cache');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

const program = `export function greetTheReader(readerName) { const greeting = 'Hello, ' + readerName; console.log(greeting); return greeting; }\nconsole.log(greetTheReader('partner'));\n`;

it('minifies a chunk once and reuses the result for the same unminified bytes', async () => {
  const first = await bundle(program, 'first');
  expect(first).not.toContain('readerName'); // minified: local names mangled
  const [stored] = await cachedFiles();
  expect(stored).toBeDefined();
  expect(await readFile(stored as string, 'utf8')).toBe(first);

  // Proof that the second build takes the cached file rather than minifying again.
  await writeFile(stored as string, `${first}/* from the cache */`);
  expect(await bundle(program, 'second')).toBe(`${first}/* from the cache */`);
});

it('never serves a cached result for different bytes', async () => {
  await bundle(program, 'first');
  const other = await bundle(program.replace('partner', 'prospect'), 'other');
  expect(other).toContain('prospect');
  expect(other).not.toContain('partner');
  expect(await cachedFiles()).toHaveLength(2);
});
