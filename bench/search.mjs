#!/usr/bin/env node
// Search benchmark (issue 20, decision 033), on a built portal:
//
//   node bench/search.mjs --build .portico/bench/portico-100/build [--queries 25] [--private 3]
//
// 1. The size of every search index (Pagefind's files, without the build's .gz/.br copies).
// 2. In Chromium, the time from typing a query (the input's value set at once) to its results
//    drawn, and the bytes fetched for it: anonymous on the public site (the catalog's index and
//    the public API docs'), then a reader granted `--private` private APIs on one of their builds
//    (those indexes merged too). The first query (Pagefind's code, WebAssembly and each index's
//    metadata) is reported apart from the others.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

register();
const { values } = parseArgs({
  options: { build: { type: 'string' }, queries: { type: 'string', default: '25' }, private: { type: 'string', default: '3' } },
});
if (!values.build) throw new Error('--build <a portal build folder> is required');
const buildDir = path.resolve(values.build);
const PASSWORD = 'a long enough passphrase';

async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile() && !/\.(gz|br)$/.test(entry.name)).map((entry) => path.join(entry.parentPath, entry.name));
}

async function indexSizes(manifest) {
  const dirs = [path.join(buildDir, 'public', 'pagefind'), path.join(buildDir, 'public', 'pagefind-apis')];
  for (const api of manifest.apis.filter((entry) => entry.visibility === 'private')) dirs.push(path.join(buildDir, api.buildDir, 'pagefind'));
  const rows = [];
  for (const dir of dirs) {
    const files = await filesUnder(dir);
    const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));
    const code = files.filter((file) => /(pagefind\.js|pagefind-worker\.js|\.pagefind)$/.test(file));
    const codeBytes = (await Promise.all(code.map(async (file) => (await stat(file)).size))).reduce((a, b) => a + b, 0);
    rows.push({ index: path.relative(buildDir, dir), files: files.length, bytes: sizes.reduce((a, b) => a + b, 0), codeBytes });
  }
  return rows;
}

/** Queries a developer types: operationIds, paths and words of public and private operations. */
async function queriesOf(manifest, privateSlugs, count) {
  const queries = [];
  const apis = [...manifest.apis.filter((api) => api.visibility === 'public').slice(0, 4), ...manifest.apis.filter((api) => privateSlugs.includes(api.slug))];
  for (const api of apis) {
    const spec = JSON.parse(await readFile(path.join(buildDir, 'specs', `${api.slug}.json`), 'utf8'));
    for (const [route, item] of Object.entries(spec.paths ?? {}).slice(0, 3)) {
      for (const operation of Object.values(item).slice(0, 1)) if (operation?.operationId) queries.push(operation.operationId);
      queries.push(route);
    }
  }
  queries.push('invoice', 'claim status', 'payment', 'vehicle driver', 'getting started', 'certificate');
  return queries.slice(0, count);
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function runQueries(page, queries) {
  let bytes = 0;
  page.context().on('requestfinished', async (request) => {
    const sizes = await request.sizes().catch(() => undefined);
    if (sizes) bytes += sizes.responseBodySize + sizes.responseHeadersSize;
  });
  const input = page.getByRole('combobox', { name: 'Search the docs' });
  await input.click();
  const runs = [];
  for (const query of queries) {
    await page.waitForTimeout(150);
    const before = bytes;
    const startedAt = performance.now();
    await input.fill(query);
    await page.locator(`[data-testid=search-results][data-term="${query.replace(/"/g, '\\"')}"]`).waitFor({ timeout: 30_000 });
    const ms = performance.now() - startedAt;
    await page.waitForTimeout(100);
    runs.push({ query, ms, bytes: bytes - before, hits: await page.getByTestId('search-hit').count() });
  }
  return runs;
}

function summarize(label, runs) {
  const [first, ...rest] = runs;
  const ms = rest.map((run) => run.ms);
  const bytes = rest.map((run) => run.bytes);
  return {
    label,
    firstMs: Math.round(first.ms),
    firstKiB: +(first.bytes / 1024).toFixed(1),
    queries: rest.length,
    p50Ms: Math.round(percentile(ms, 50)),
    p95Ms: Math.round(percentile(ms, 95)),
    maxMs: Math.round(Math.max(...ms)),
    meanKiB: +(bytes.reduce((a, b) => a + b, 0) / bytes.length / 1024).toFixed(1),
    p95KiB: +(percentile(bytes, 95) / 1024).toFixed(1),
    withHits: rest.filter((run) => run.hits > 0).length,
  };
}

const { readManifest } = await import('../plugins/portico/contract.ts');
const manifest = await readManifest(path.join(buildDir, 'manifest.json'));
const sizes = await indexSizes(manifest);
const privateRows = sizes.filter((row) => row.index.startsWith('private'));
console.log(
  JSON.stringify({
    indexes: sizes.filter((row) => !row.index.startsWith('private')),
    private: privateRows.length,
    privateBytes: privateRows.map((row) => row.bytes),
  }),
);
console.log(`total search bytes: ${sizes.reduce((sum, row) => sum + row.bytes, 0)} in ${sizes.reduce((sum, row) => sum + row.files, 0)} files`);

const { startPortal } = await import('../tests/support/start-portal.ts');
const { startFakeResend } = await import('../tests/support/fake-resend.ts');
const { createVerifiedUser } = await import('../server/services/bootstrap.ts');
const { docAccess } = await import('../server/db/schema.ts');
const { newId } = await import('../server/ids.ts');
const { launchBrowser } = await import('../tests/support/browser.ts');
const resend = await startFakeResend();
const portal = await startPortal(buildDir, { resendUrl: resend.url });
const browser = await launchBrowser();
try {
  const privateSlugs = manifest.apis
    .filter((api) => api.visibility === 'private')
    .slice(0, Number(values.private))
    .map((api) => api.slug);
  const reader = await createVerifiedUser(
    portal.handle.db,
    { email: 'bench@partner.example', password: PASSWORD, role: 'consumer', fullName: 'Bench Reader', company: 'Bench' },
    Date.now(),
  );
  for (const slug of privateSlugs) {
    await portal.handle.db.insert(docAccess).values({
      id: newId('acc'),
      userId: reader.id,
      apiSlug: slug,
      status: 'approved',
      justification: null,
      decidedBy: 'bench',
      decisionReason: 'bench',
      decidedAt: Date.now(),
    });
  }
  const queries = await queriesOf(manifest, privateSlugs, Number(values.queries));
  const anonymous = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await anonymous.goto(`${portal.origin}/`);
  const publicRuns = await runQueries(anonymous, queries);
  const signedIn = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signedIn.goto(`${portal.origin}/signin?next=${encodeURIComponent(`/private/${privateSlugs[0]}/`)}`);
  await signedIn.fill('#field-identifier', 'bench@partner.example');
  await signedIn.fill('#field-password', PASSWORD);
  await signedIn.click('button[type=submit]');
  await signedIn.waitForURL(`**/private/${privateSlugs[0]}/`);
  const privateRuns = await runQueries(signedIn, queries);
  console.log(JSON.stringify(summarize('anonymous, public site (2 indexes)', publicRuns)));
  console.log(JSON.stringify(summarize(`granted ${privateSlugs.length} private APIs, on a private build (${2 + privateSlugs.length} indexes)`, privateRuns)));
  console.log(JSON.stringify({ queries: publicRuns.map((run) => [run.query, Math.round(run.ms), run.hits]), privateHits: privateRuns.map((run) => run.hits) }));
} finally {
  await browser.close();
  await portal.close();
  await resend.close();
}
