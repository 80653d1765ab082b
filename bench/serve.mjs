#!/usr/bin/env node
// Serving benchmark (issue 7): `portico serve` beside Debian's nginx on the same public build.
//
//   npm run bench:serve -- [--reuse-build] [--duration 2] [--rounds 7] [--warmup 2] [--connections 64] [--runs 1]
//
// On 2 cores the load generator must not share a core with the server it measures: autocannon
// runs on core 0, our server and nginx (one worker) on core 1 (taskset). Each static case
// alternates our server and nginx, round after round (--rounds × --duration seconds each), so a
// burst of load from elsewhere on the machine hits both columns alike.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkCaching, setUpAuthorizedCases, tokenRequest } from './serve/fixtures.mjs';
import { cpuSecondsOf, nginxHasBrotliStatic, startNginx, stopChild, waitForHttp } from './serve/nginx.mjs';
import { formatCaching, formatRun, judgeTargets } from './serve/report.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const benchDir = path.join(root, '.portico', 'bench-serve');
const buildDir = path.join(benchDir, 'build');
const LOAD_CORE = 0;
const SERVER_CORE = 1;

const { values: args } = parseArgs({
  options: {
    'reuse-build': { type: 'boolean', default: false },
    duration: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '64' },
    runs: { type: 'string', default: '1' },
  },
});
const settings = {
  duration: Number(args.duration),
  rounds: Number(args.rounds),
  warmup: Number(args.warmup),
  connections: Number(args.connections),
  runs: Number(args.runs),
};

async function buildOrReuse() {
  if (args['reuse-build'] && existsSync(path.join(buildDir, 'manifest.json'))) return;
  const { register } = await import('tsx/esm/api');
  register();
  const { buildPortal } = await import('../plugins/portico/build/build-portal.ts');
  const { createConsoleProgress } = await import('../plugins/portico/build/progress.ts');
  // ifChanged: a second run on unchanged sources costs a hash, not a build.
  await buildPortal({
    siteDir: root,
    openapiDir: path.join(root, 'openapi'),
    outDir: buildDir,
    workDir: path.join(benchDir, 'work'),
    siteUrl: 'http://localhost:3000',
    progress: createConsoleProgress(),
    ifChanged: true,
  });
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The page of an API's first GET operation ("get-…"), as Docusaurus builds it (folder/index.html). */
async function operationPage(dir, urlBase) {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'index.html')))
    .map((entry) => entry.name)
    .sort();
  const chosen = entries.find((name) => name.startsWith('get-')) ?? entries[0];
  if (!chosen) throw new Error(`no operation page in ${dir}`);
  return `${urlBase}${chosen}/`;
}

async function largestFile(dir) {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.js'));
  const sizes = await Promise.all(names.map(async (name) => ({ name, size: (await stat(path.join(dir, name))).size })));
  return sizes.sort((a, b) => b.size - a.size)[0];
}

async function pickUrls(manifest) {
  const publicDir = path.join(buildDir, manifest.publicDir);
  const html = await readFile(path.join(publicDir, 'index.html'), 'utf8');
  const mainScript = /src="?(\/assets\/js\/main\.[0-9a-f]+\.js)/.exec(html)?.[1];
  if (!mainScript) throw new Error('no main.<hash>.js script in the built index.html');
  const explorer = await largestFile(path.join(publicDir, 'assets', 'js'));
  const publicApi = manifest.apis.find((api) => api.visibility === 'public');
  const privateApi = manifest.apis.find((api) => api.visibility === 'private');
  return {
    catalog: '/',
    apiPage: await operationPage(path.join(publicDir, 'apis', publicApi.slug), `/apis/${publicApi.slug}/`),
    asset: mainScript,
    explorer: `/assets/js/${explorer.name}`,
    explorerBytes: explorer.size,
    privatePage: await operationPage(path.join(buildDir, privateApi.buildDir, 'api'), `/private/${privateApi.slug}/api/`),
    privateApi,
    sandbox: await sandboxCall(manifest),
  };
}

/** A GET without path parameters of a public API's spec (quotes when there is one), for the sandbox. */
async function sandboxCall(manifest) {
  const publicApis = manifest.apis.filter((api) => api.visibility === 'public');
  const api = publicApis.find((candidate) => candidate.slug === 'quotes') ?? publicApis[0];
  const spec = JSON.parse(await readFile(path.join(buildDir, 'specs', `${api.slug}.json`), 'utf8'));
  const operationPath = Object.keys(spec.paths ?? {}).find((candidate) => !candidate.includes('{') && spec.paths[candidate].get);
  if (!operationPath) throw new Error(`no GET without parameters in ${api.slug}'s spec`);
  return { api, path: `/sandbox/${api.slug}${operationPath}` };
}

async function startPortico(tempDir, port) {
  const env = {
    ...process.env,
    DATABASE_URL: `file:${path.join(tempDir, 'portal.db')}`,
    PORTICO_BUILD_DIR: buildDir,
    PORTICO_SITE_URL: `http://127.0.0.1:${port}`,
    PORTICO_DEMO: 'true',
    MTLS_PORT: 'off',
    NODE_ENV: 'development',
  };
  delete env.RESEND_API_KEY;
  const child = spawn(
    'taskset',
    ['-c', String(SERVER_CORE), process.execPath, path.join(root, 'bin', 'portico.mjs'), 'serve', '--port', String(port), '--host', '127.0.0.1'],
    { env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(origin, child, 'portico serve', 60_000);
  // taskset execs node: the child's pid is the server's.
  return { origin, child, cpuPid: () => child.pid, stop: () => stopChild(child) };
}

/** One autocannon run in its own process on the load generator's core. */
function load(url, request, duration) {
  const options = JSON.stringify({
    url,
    method: request.method,
    headers: { 'Accept-Encoding': 'gzip, br', ...request.headers },
    body: request.body,
    connections: settings.connections,
    duration,
  });
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', String(LOAD_CORE), process.execPath, path.join(root, 'bench', 'serve', 'load.mjs'), options], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`autocannon exited with ${code}`))));
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Sums the rounds: mean rate and throughput; the median round's p50 and p99 (a burst elsewhere on the machine spoils one round, not the figure). */
function combine(rounds) {
  const sum = (key) => rounds.reduce((total, round) => total + round[key], 0);
  return {
    requestsPerSecond: sum('requestsPerSecond') / rounds.length,
    total: sum('total'),
    p50: median(rounds.map((round) => round.p50)),
    p99: median(rounds.map((round) => round.p99)),
    max: Math.max(...rounds.map((round) => round.max)),
    bytesPerSecond: sum('bytesPerSecond') / rounds.length,
    perRound: rounds.map((round) => round.requestsPerSecond),
    cpuMicrosecondsPerRequest: (sum('cpuSeconds') / Math.max(1, sum('total'))) * 1e6,
    ok: sum('ok'),
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
  };
}

/** One run, with the CPU time the server spent on it (the load generator may saturate first; this does not). */
async function loadCounted(target, duration) {
  const pid = target.server.cpuPid();
  const before = cpuSecondsOf(pid);
  const result = await load(`${target.server.origin}${target.request.path}`, target.request, duration);
  return { ...result, cpuSeconds: cpuSecondsOf(pid) - before };
}

/**
 * Warms each target ({ server, request }) up once, then alternates them round after round,
 * in turn first and second, so each round's pair shares the machine's moment.
 */
async function measure(targets) {
  const results = targets.map(() => []);
  for (const target of targets) if (settings.warmup > 0) await loadCounted(target, settings.warmup);
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? [...targets.keys()] : [...targets.keys()].reverse();
    for (const index of order) results[index].push(await loadCounted(targets[index], settings.duration));
  }
  return results.map(combine);
}

function casesOf(urls, auth) {
  const get = (pathname, headers = {}) => ({ method: 'GET', path: pathname, headers });
  return [
    { name: 'catalog HTML `/`', kind: 'html', request: get(urls.catalog), static: true },
    { name: `API page \`${urls.apiPage}\``, kind: 'html', request: get(urls.apiPage), static: true },
    { name: `hashed JS \`${urls.asset}\``, kind: 'asset', request: get(urls.asset), static: true },
    { name: `explorer chunk (${(urls.explorerBytes / 1e6).toFixed(1)} MB)`, kind: 'large', request: get(urls.explorer), static: true },
    // Paired with the public API page, round by round on our server: the ratio compares neighbours.
    {
      name: `private page \`${urls.privatePage}\` (granted reader)`,
      kind: 'private',
      request: get(urls.privatePage, { Cookie: auth.cookie }),
      pairedWith: get(urls.apiPage),
    },
    { name: '`/api/me` (signed in)', kind: 'api', request: get('/api/me', { Cookie: auth.cookie }) },
    { name: '`POST /oauth/token`', kind: 'api', request: { path: '/oauth/token', ...tokenRequest(auth.app) } },
    { name: `sandbox \`GET ${auth.sandboxPath}\``, kind: 'api', request: get(auth.sandboxPath, { Authorization: `Bearer ${auth.token}` }) },
  ];
}

async function runOnce(cases, ours, nginx) {
  const rows = [];
  for (const testCase of cases) {
    process.stderr.write(`  … ${testCase.name}\n`);
    if (testCase.pairedWith) {
      const [oursResult, publicResult] = await measure([
        { server: ours, request: testCase.request },
        { server: ours, request: testCase.pairedWith },
      ]);
      rows.push({ ...testCase, ours: oursResult, paired: publicResult });
      continue;
    }
    const targets = (testCase.static ? [ours, nginx] : [ours]).map((server) => ({ server, request: testCase.request }));
    const [oursResult, nginxResult] = await measure(targets);
    rows.push({ ...testCase, ours: oursResult, nginx: nginxResult });
  }
  return rows;
}

async function main() {
  await buildOrReuse();
  const manifest = JSON.parse(await readFile(path.join(buildDir, 'manifest.json'), 'utf8'));
  const urls = await pickUrls(manifest);
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'portico-bench-serve-'));
  const servers = [];
  try {
    const ours = await startPortico(tempDir, await freePort());
    servers.push(ours);
    const nginx = await startNginx({
      root: path.join(buildDir, manifest.publicDir),
      port: await freePort(),
      tempDir: path.join(tempDir, 'nginx'),
      core: SERVER_CORE,
    });
    servers.push(nginx);
    const auth = await setUpAuthorizedCases(ours.origin, { privateApi: urls.privateApi, privatePath: urls.privatePage, sandbox: urls.sandbox });
    const cases = casesOf(urls, auth);
    process.stdout.write(
      `# Serving benchmark\n\nautocannon on core ${LOAD_CORE}, servers on core ${SERVER_CORE} (taskset); ${settings.connections} connections, ${settings.warmup} s warm-up, then ${settings.rounds} rounds of ${settings.duration} s per case and server (static cases alternate portico and nginx, the private page alternates with the public API page); p50 and p99 of the median round, ratios the median of the rounds' ratios; Accept-Encoding: gzip, br; Node ${process.version}, ${os.cpus().length} cores; nginx ${nginxHasBrotliStatic() ? 'with' : 'without'} brotli_static.\n\n`,
    );
    process.stdout.write(formatCaching('ours', await checkCaching(ours.origin, { htmlPath: urls.catalog, assetPath: urls.asset })));
    process.stdout.write(formatCaching('nginx', await checkCaching(nginx.origin, { htmlPath: urls.catalog, assetPath: urls.asset })));
    for (let run = 1; run <= settings.runs; run++) {
      process.stderr.write(`run ${run}/${settings.runs}\n`);
      const rows = await runOnce(cases, ours, nginx);
      process.stdout.write(`\n## Run ${run}\n\n${formatRun(rows)}\n${judgeTargets(rows)}\n`);
    }
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await rm(tempDir, { recursive: true, force: true });
  }
}

await main();
