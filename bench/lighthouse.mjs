// Page weight and accessibility: Lighthouse 12 (performance and accessibility) on the catalog, an
// API operation page and My portal (signed in as the demo partner), mobile and desktop, against
// the real `portico serve` of a build of the sample site.
//
//   npm run bench:lighthouse                      build openapi/ into .portico/lh/build, then measure
//   npm run bench:lighthouse -- --reuse           measure the previous .portico/lh/build
//   npm run bench:lighthouse -- --build DIR       measure another build (e.g. one made before a change);
//                                                 repeat --build to compare builds: their runs alternate,
//                                                 so a busy machine weighs on each alike
//   options: --runs N (default 3; the median of each figure is shown), --json FILE (save the medians),
//            --page NAME=PATH (repeatable; measure these pages instead; NAME=@/path: signed in)
//
// Signed-in pages: the server seeds its demo accounts (a throw-away database), the bench signs in
// as the demo partner through the API and hands Lighthouse the session cookie (--extra-headers).
//
// Lighthouse is run with `npx lighthouse@12.8.2`, not installed as a dependency: its
// `third-party-web: "latest"` dependency breaks `npm ci`'s lockfile check. It takes the browser
// from CHROME_PATH (it has no --chrome-path flag): Debian's /usr/bin/chromium unless set.
// Every report is kept in .portico/lh/reports/.
import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lhRoot = path.join(root, '.portico', 'lh');
const LIGHTHOUSE = 'lighthouse@12.8.2';
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run';
const SAMPLE_PAGES = [
  { name: 'catalog', path: '/' },
  { name: 'API operation', path: '/apis/quotes/create-quote' },
  { name: 'My portal', path: '/dashboard', signedIn: true },
];
const DEMO_PARTNER = { identifier: 'consumer@broker-partner.example', password: 'portico-demo-password' };
const FORM_FACTORS = ['mobile', 'desktop'];

const { values } = parseArgs({
  options: {
    reuse: { type: 'boolean' },
    build: { type: 'string', multiple: true },
    runs: { type: 'string', default: '3' },
    json: { type: 'string' },
    page: { type: 'string', multiple: true },
  },
});
const PAGES = values.page?.length ? values.page.map(parsePage) : SAMPLE_PAGES;
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer (got "${values.runs}")`);

const buildDirs = values.build?.length ? values.build.map((dir) => path.resolve(dir)) : [await buildSampleSite(Boolean(values.reuse))];
const servers = [];
try {
  for (const build of buildDirs) servers.push(await startServer(build));
  const results = await measureAll(servers);
  const tables = [];
  for (const server of servers) {
    const rows = [];
    for (const page of PAGES) {
      for (const formFactor of FORM_FACTORS)
        rows.push({ page: page.name, path: page.path, formFactor, ...medianOf(results.get(`${server.build} ${page.path} ${formFactor}`)) });
    }
    tables.push({ build: server.build, rows });
    process.stdout.write(`\nBuild: ${server.build}; ${runs} run(s) each, median of each figure\n\n${formatTable(rows)}\n`);
  }
  if (values.json) await writeFile(values.json, `${JSON.stringify(tables, null, 2)}\n`);
} finally {
  for (const server of servers) await server.close();
}

function parsePage(option) {
  const match = /^([^=]+)=(@?)(\/.*)$/.exec(option);
  if (!match) throw new Error(`--page must be NAME=/path or NAME=@/path (got "${option}")`);
  return { name: match[1], path: match[3], signedIn: match[2] === '@' };
}

/** Every page × form factor × build, run after run, the builds taking turns. */
async function measureAll(servers) {
  const results = new Map();
  for (let run = 1; run <= runs; run++) {
    for (const page of PAGES) {
      for (const formFactor of FORM_FACTORS) {
        for (const server of servers) {
          process.stderr.write(`lighthouse ${page.name} ${formFactor} run ${run}/${runs} (${path.relative(root, server.build) || server.build})\n`);
          const key = `${server.build} ${page.path} ${formFactor}`;
          const cookie = page.signedIn ? await server.sessionCookie() : undefined;
          results.set(key, [...(results.get(key) ?? []), await runLighthouseWithRetry(`${server.origin}${page.path}`, formFactor, server.build, cookie)]);
        }
      }
    }
  }
  return results;
}

/** openapi/ built the way `portico build` does it, into a folder of this bench's own. */
async function buildSampleSite(reuse) {
  const outDir = path.join(lhRoot, 'build');
  if (reuse && (await exists(path.join(outDir, 'manifest.json')))) return outDir;
  register();
  const { buildPortal } = await import('../plugins/portico/build/build-portal.ts');
  const { createConsoleProgress } = await import('../plugins/portico/build/progress.ts');
  await buildPortal({
    siteDir: root,
    openapiDir: path.join(root, 'openapi'),
    outDir,
    workDir: path.join(lhRoot, 'work'),
    siteUrl: 'http://localhost:3000',
    progress: createConsoleProgress(process.stderr),
  });
  return outDir;
}

/** The real server (`portico serve`) on a free port with a throw-away database. */
async function startServer(build) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portico-lh-'));
  const port = await findFreePort();
  const child = spawn(process.execPath, [path.join(root, 'bin', 'portico.mjs'), 'serve', '--build', build, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: `file:${path.join(dataDir, 'portal.db')}`,
      MTLS_PORT: 'off',
      PORTICO_DEMO: 'true',
      NODE_ENV: 'development',
      PORTICO_SITE_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Portico is serving')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`portico serve exited with code ${code}:\n${output}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    build,
    origin,
    /** A fresh session of the demo partner at each call (a run signs in as a browser would). */
    async sessionCookie() {
      const response = await fetch(`${origin}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify(DEMO_PARTNER),
      });
      if (!response.ok) throw new Error(`sign-in as the demo partner: HTTP ${response.status}`);
      return response.headers
        .getSetCookie()
        .map((header) => header.split(';')[0])
        .join('; ');
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function findFreePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Lighthouse now and then fails to record a trace on a busy machine (NO_NAVSTART): that run is repeated. */
async function runLighthouseWithRetry(url, formFactor, build, cookie, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runLighthouse(url, formFactor, build, cookie);
    } catch (error) {
      if (attempt >= attempts) throw error;
      process.stderr.write(`  ${error.message}; running it again\n`);
    }
  }
}

/** One Lighthouse run; the report is kept in .portico/lh/reports/ for a closer look. */
async function runLighthouse(url, formFactor, build, cookie) {
  const reportDir = path.join(lhRoot, 'reports');
  await mkdir(reportDir, { recursive: true });
  const reportFile = path.join(reportDir, `${new URL(url).pathname.replace(/\W+/g, '_') || 'root'}-${formFactor}-${Date.now()}.json`);
  const args = [
    '--yes',
    LIGHTHOUSE,
    url,
    '--only-categories=performance,accessibility',
    '--output=json',
    `--output-path=${reportFile}`,
    '--quiet',
    `--chrome-flags=${CHROME_FLAGS}`,
  ];
  if (formFactor === 'desktop') args.push('--preset=desktop');
  if (cookie) args.push(`--extra-headers=${JSON.stringify({ Cookie: cookie })}`);
  const code = await new Promise((resolve, reject) => {
    const child = spawn('npx', args, { env: { ...process.env, CHROME_PATH, npm_config_loglevel: 'error' }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`lighthouse exited with code ${code} on ${url} (${formFactor})`);
  return summarizeReport(JSON.parse(await readFile(reportFile, 'utf8')), build);
}

/** Score, timings, and the JavaScript the page loaded: as transferred (brotli here) and gzipped. */
async function summarizeReport(report, build) {
  if (report.runtimeError) throw new Error(`lighthouse: ${report.runtimeError.code} ${report.runtimeError.message}`);
  const requests = report.audits['network-requests'].details.items;
  const scripts = requests.filter((request) => request.resourceType === 'Script');
  let gzipBytes = 0;
  for (const script of scripts) gzipBytes += await gzipSizeOf(build, new URL(script.url).pathname);
  const longest = (report.audits['long-tasks']?.details?.items ?? []).reduce((max, task) => Math.max(max, task.duration), 0);
  return {
    score: Math.round(report.categories.performance.score * 100),
    accessibility: Math.round(report.categories.accessibility.score * 100),
    accessibilityFailures: Object.values(report.audits).filter(
      (audit) => audit.score === 0 && report.categories.accessibility.auditRefs.some((ref) => ref.id === audit.id),
    ).length,
    scripts: scripts.length,
    jsTransferredKB: scripts.reduce((sum, script) => sum + (script.transferSize ?? 0), 0) / 1024,
    jsGzipKB: gzipBytes / 1024,
    tbtMs: report.audits['total-blocking-time'].numericValue,
    lcpMs: report.audits['largest-contentful-paint'].numericValue,
    cls: report.audits['cumulative-layout-shift'].numericValue,
    longestTaskMs: longest,
  };
}

async function gzipSizeOf(build, urlPath) {
  const file = path.join(build, 'public', decodeURIComponent(urlPath));
  const precompressed = await readFile(`${file}.gz`).catch(() => null);
  if (precompressed) return precompressed.length;
  const raw = await readFile(file).catch(() => null);
  return raw ? gzipSync(raw, { level: 9 }).length : 0;
}

function medianOf(results) {
  const median = (key) => {
    const sorted = results.map((result) => result[key]).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  return Object.fromEntries(Object.keys(results[0]).map((key) => [key, median(key)]));
}

function formatTable(rows) {
  const lines = [
    '| page | form factor | performance | accessibility | failed a11y audits | scripts | JS transferred | JS gzipped | TBT | LCP | CLS | longest task |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.page} (\`${row.path}\`) | ${row.formFactor} | **${row.score}** | **${row.accessibility}** | ${row.accessibilityFailures} | ${row.scripts} | ${Math.round(row.jsTransferredKB)} KB | ${Math.round(row.jsGzipKB)} KB | ${Math.round(row.tbtMs)} ms | ${(row.lcpMs / 1000).toFixed(1)} s | ${row.cls.toFixed(3)} | ${Math.round(row.longestTaskMs)} ms |`,
    );
  }
  return lines.join('\n');
}

async function exists(file) {
  return access(file).then(
    () => true,
    () => false,
  );
}
