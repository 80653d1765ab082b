import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { toCatalogEntry } from '../catalog.ts';
import { loadSpecs, type LoadedApi } from '../spec/load-specs.ts';
import { SpecValidationError, formatProblem } from '../spec/problems.ts';
import { precompressDirectory } from './compress.ts';
import { runDocusaurusBuild } from './docusaurus-build.ts';
import { generateApiDocs } from './generate-api-docs.ts';
import { hashBuildInputs } from './inputs-hash.ts';
import { MANIFEST_FILE, PRIVATE_DIR, PUBLIC_DIR, SPECS_DIR, readManifest, type Manifest } from './manifest.ts';
import { formatSeconds, type Progress } from './progress.ts';
import { PUBLIC_TARGET, type BuildTarget } from './targets.ts';

export interface BuildOptions {
  /** The Docusaurus site folder (docusaurus.config.ts, docs/, src/). */
  siteDir: string;
  openapiDir: string;
  outDir: string;
  /** Scratch space: generated MDX, target files, Docusaurus generated files, logs. */
  workDir: string;
  siteUrl: string;
  progress: Progress;
  /** Skip the build when build/ was made from exactly the same inputs. */
  ifChanged?: boolean;
}

export interface BuildSummary {
  /** True when --if-changed found the previous build up to date. */
  skipped?: boolean;
  apis: Array<{ slug: string; visibility: string; operations: number; pages: number; seconds: number }>;
  seconds: number;
  outDir: string;
}

/**
 * validate → generate MDX → one Docusaurus build for the public site and one per private
 * API → precompress → manifest. Builds into a staging folder and swaps it in at the end,
 * so a failed build leaves the previous one served and untouched.
 */
export async function buildPortal(options: BuildOptions): Promise<BuildSummary> {
  const startedAt = Date.now();
  const { progress } = options;
  const inputsHash = await hashBuildInputs(options.siteDir, options.openapiDir, options.siteUrl);
  if (options.ifChanged && (await previousInputsHash(options.outDir)) === inputsHash) {
    progress.info(`Portico build: ${options.outDir} is up to date (no spec, guide or site source changed)`);
    return { skipped: true, apis: [], seconds: (Date.now() - startedAt) / 1000, outDir: options.outDir };
  }
  const apis = await validateSpecs(options);
  const publicApis = apis.filter((api) => api.portal.visibility === 'public');
  const privateApis = apis.filter((api) => api.portal.visibility === 'private');
  progress.info(`Portico build: ${apis.length} APIs (${publicApis.length} public, ${privateApis.length} private)`);

  const staging = `${options.outDir}.staging`;
  await rm(staging, { recursive: true, force: true });
  await markOutputAsCommonJs(staging);
  await rm(path.join(options.workDir, 'gen'), { recursive: true, force: true });
  await markWorkDirAsCommonJs(options.workDir);
  const totalTargets = 1 + privateApis.length;
  const rows: BuildSummary['apis'] = [];

  const publicStart = Date.now();
  const publicPages = await buildPublicSite(options, publicApis, apis, staging, `[1/${totalTargets}]`);
  for (const api of publicApis) {
    rows.push({ slug: api.slug, visibility: 'public', operations: api.operationCount, pages: publicPages.get(api.slug) ?? 0, seconds: (Date.now() - publicStart) / 1000 });
  }
  for (const [index, api] of privateApis.entries()) {
    const privateStart = Date.now();
    const pages = await buildPrivateSite(options, api, staging, `[${index + 2}/${totalTargets}]`);
    rows.push({ slug: api.slug, visibility: 'private', operations: api.operationCount, pages, seconds: (Date.now() - privateStart) / 1000 });
  }

  const compressStart = Date.now();
  const compressed = await precompressDirectory(staging);
  progress.done(`precompressed ${compressed.files} files (gzip + brotli)`, compressStart);
  await writeSpecs(apis, staging);
  await writeManifest(options, apis, staging, inputsHash);
  await swapIn(staging, options.outDir);
  const summary = { apis: rows, seconds: (Date.now() - startedAt) / 1000, outDir: options.outDir };
  printSummary(progress, summary);
  return summary;
}

async function validateSpecs(options: BuildOptions): Promise<LoadedApi[]> {
  const startedAt = Date.now();
  options.progress.step(`validating ${path.relative(options.siteDir, options.openapiDir) || options.openapiDir}`);
  const { apis, problems } = await loadSpecs(options.openapiDir, options.siteDir);
  for (const warning of problems.filter((problem) => problem.severity === 'warning')) {
    options.progress.warn(formatProblem(warning));
  }
  if (problems.some((problem) => problem.severity === 'error')) throw new SpecValidationError(problems);
  options.progress.done(`validated ${apis.length} OpenAPI files`, startedAt);
  return apis;
}

async function buildPublicSite(
  options: BuildOptions,
  publicApis: LoadedApi[],
  allApis: LoadedApi[],
  staging: string,
  counter: string,
): Promise<Map<string, number>> {
  const { progress, workDir } = options;
  const docsRoot = path.join(workDir, 'gen', PUBLIC_TARGET);
  const pages = new Map<string, number>();
  for (const api of publicApis) {
    const startedAt = Date.now();
    const generated = await generateApiDocs({ docsRoot, apiDir: api.slug, specFile: api.file, document: withSandboxServer(api), routeBasePath: 'apis', infoSlug: `/${api.slug}` });
    pages.set(api.slug, generated.pageCount);
    progress.done(`${counter} public site: generated ${generated.pageCount} pages for ${api.slug}`, startedAt);
  }
  const sidebarPath = await writeSidebars(docsRoot, publicApis.map((api) => api.slug));
  // Only public-safe entries (catalog.ts) ever reach the public build.
  const catalogFile = path.join(workDir, 'targets', 'public-catalog.json');
  await writeJson(catalogFile, allApis.map(toCatalogEntry));
  const target: BuildTarget = {
    kind: 'public',
    siteUrl: options.siteUrl,
    baseUrl: '/',
    catalogFile,
    tokenSchemes: Object.fromEntries(publicApis.map((api) => [api.slug, bearerSchemesOf(api)])),
    ...(publicApis.length > 0 ? { apiDocs: { docsRoot, sidebarPath } } : {}),
  };
  await runTargetBuild(options, PUBLIC_TARGET, target, path.join(staging, PUBLIC_DIR), `${counter} public site`);
  return pages;
}

async function buildPrivateSite(options: BuildOptions, api: LoadedApi, staging: string, counter: string): Promise<number> {
  const startedAt = Date.now();
  const docsRoot = path.join(options.workDir, 'gen', PRIVATE_DIR, api.slug);
  const generated = await generateApiDocs({ docsRoot, apiDir: 'api', specFile: api.file, document: withSandboxServer(api), routeBasePath: '/', infoSlug: '/' });
  options.progress.done(`${counter} private ${api.slug}: generated ${generated.pageCount} pages`, startedAt);
  const sidebarPath = await writeSidebars(docsRoot, ['api']);
  const target: BuildTarget = {
    kind: 'private',
    siteUrl: options.siteUrl,
    slug: api.slug,
    title: api.title,
    baseUrl: `/${PRIVATE_DIR}/${api.slug}/`,
    apiDocs: { docsRoot, sidebarPath },
    tokenSchemes: { [api.slug]: bearerSchemesOf(api) },
  };
  await runTargetBuild(options, `private-${api.slug}`, target, path.join(staging, PRIVATE_DIR, api.slug), `${counter} private ${api.slug}`);
  return generated.pageCount;
}

/** Security schemes whose "Try it" field takes a bearer token (OAuth2, HTTP bearer). */
function bearerSchemesOf(api: LoadedApi): string[] {
  const components = api.document.components as { securitySchemes?: Record<string, { type?: string; scheme?: string }> } | undefined;
  return Object.entries(components?.securitySchemes ?? {})
    .filter(([, scheme]) => scheme.type === 'oauth2' || (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer'))
    .map(([name]) => name);
}

/**
 * "Try it" calls the portal's own sandbox: it is the first server of every API page. A
 * relative URL, so it works on whatever origin the portal is served from.
 */
function withSandboxServer(api: LoadedApi): Record<string, unknown> {
  const servers = Array.isArray(api.document.servers) ? api.document.servers : [];
  const sandbox = { url: `/sandbox/${api.slug}`, description: 'Portico sandbox: try it with a sandbox token' };
  return { ...api.document, servers: api.portal.environments.sandbox ? [sandbox, ...servers] : servers };
}

async function runTargetBuild(options: BuildOptions, name: string, target: BuildTarget, outDir: string, label: string): Promise<void> {
  const startedAt = Date.now();
  const targetFile = path.join(options.workDir, 'targets', `${name}.json`);
  await writeJson(targetFile, target);
  options.progress.step(`${label}: building with Docusaurus`);
  const { warnings } = await runDocusaurusBuild({
    siteDir: options.siteDir,
    targetFile,
    outDir,
    generatedDir: path.join(options.workDir, 'docusaurus', name),
    logFile: path.join(options.workDir, 'logs', `${name}.log`),
  });
  for (const warning of warnings.slice(0, 10)) options.progress.warn(`${label}: ${warning}`);
  options.progress.done(`${label}: built`, startedAt);
}

/** One sidebar per API, named after its folder, from the sidebar.ts the generator wrote. */
async function writeSidebars(docsRoot: string, apiDirs: string[]): Promise<string> {
  const file = path.join(docsRoot, 'sidebars.ts');
  const imports = apiDirs.map((dir, index) => `import sidebar${index} from './${dir}/sidebar';`).join('\n');
  const entries = apiDirs.map((dir, index) => `  ${JSON.stringify(dir)}: sidebar${index},`).join('\n');
  await mkdir(docsRoot, { recursive: true });
  await writeFile(file, `${imports}\n\nexport default {\n${entries}\n};\n`);
  return file;
}

/** The parsed specs, for the server's sandbox: beside the builds, never inside the public one. */
async function writeSpecs(apis: LoadedApi[], staging: string): Promise<void> {
  for (const api of apis) await writeJson(path.join(staging, SPECS_DIR, `${api.slug}.json`), api.document);
}

async function previousInputsHash(outDir: string): Promise<string | undefined> {
  try {
    return (await readManifest(path.join(outDir, MANIFEST_FILE))).inputsHash;
  } catch {
    return undefined;
  }
}

async function writeManifest(options: BuildOptions, apis: LoadedApi[], staging: string, inputsHash: string): Promise<void> {
  const manifest: Manifest = {
    formatVersion: 1,
    builtAt: new Date().toISOString(),
    inputsHash,
    publicDir: PUBLIC_DIR,
    apis: apis.map((api) => {
      const entry = toCatalogEntry(api);
      return {
        slug: api.slug,
        title: api.title,
        version: api.version,
        visibility: api.portal.visibility,
        owners: api.portal.owners,
        audience: api.portal.audience,
        summary: entry.summary,
        environments: (['sandbox', 'production'] as const).flatMap((name) => {
          const environment = api.portal.environments[name];
          return environment ? [{ name, url: environment.url, auth: environment.auth }] : [];
        }),
        contacts: api.portal.contacts,
        operationCount: api.operationCount,
        specFile: path.relative(options.siteDir, api.file),
        contentHash: api.contentHash,
        overviewPath: entry.overviewPath,
        docsPath: entry.docsPath,
        buildDir: api.portal.visibility === 'public' ? PUBLIC_DIR : `${PRIVATE_DIR}/${api.slug}`,
      };
    }),
  };
  await writeJson(path.join(staging, MANIFEST_FILE), manifest);
}

/**
 * Docusaurus generates its route registry (react-loadable's `require.resolveWeak`) inside
 * the work folder; under the project's `"type": "module"` Rspack would parse it as strict
 * ESM and leave `require.resolveWeak` unresolved, failing static rendering.
 */
async function markWorkDirAsCommonJs(workDir: string): Promise<void> {
  await writeJson(path.join(workDir, 'package.json'), { private: true, description: 'no "type": Rspack parses generated files as auto, not strict ESM' });
}

/**
 * Docusaurus renders pages with a CommonJS server bundle it writes inside the output
 * folder (`__server/`); under the project's `"type": "module"` Node would load its chunks
 * as ESM and static rendering fails ("exports is not defined"). The marker sits beside the
 * builds, never inside the served public folder.
 */
async function markOutputAsCommonJs(outputRoot: string): Promise<void> {
  await writeJson(path.join(outputRoot, 'package.json'), { private: true, type: 'commonjs' });
}

async function swapIn(staging: string, outDir: string): Promise<void> {
  const previous = `${outDir}.previous`;
  await rm(previous, { recursive: true, force: true });
  await rename(outDir, previous).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(staging, outDir);
  await rm(previous, { recursive: true, force: true });
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

function printSummary(progress: Progress, summary: BuildSummary): void {
  progress.info('');
  progress.info(`  ${'API'.padEnd(24)}${'visibility'.padEnd(12)}${'operations'.padStart(10)}${'pages'.padStart(8)}`);
  for (const row of summary.apis) {
    progress.info(`  ${row.slug.padEnd(24)}${row.visibility.padEnd(12)}${String(row.operations).padStart(10)}${String(row.pages).padStart(8)}`);
  }
  progress.info('');
  progress.info(`Built ${summary.apis.length} APIs in ${formatSeconds(summary.seconds * 1000)} → ${summary.outDir}`);
}
