import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { toCatalogEntry } from '../catalog.ts';
import { loadSpecs, type LoadedApi } from '../spec/load-specs.ts';
import { SpecValidationError, formatProblem } from '../spec/problems.ts';
import { findBrokenApiLinks } from './check-api-links.ts';
import { warnOfPrivateUrlsInGuides } from './check-guide-privacy.ts';
import { listFiles, MANIFEST_FILE, PRIVATE_DIR, PUBLIC_DIR, SPECS_DIR, readManifest, type Manifest } from '../contract.ts';
import { UNUSED_DAYS_BEFORE_PRUNING, pruneUnusedSince, sharedCacheDirs } from './content-cache.ts';
import { hashBuildInputs, hashSiteInputs } from './inputs-hash.ts';
import { formatSeconds, type Progress } from './progress.ts';
import { defaultBuildJobs, runPool } from './run-pool.ts';
import { planApiParts } from './api-part-builds.ts';
import { mergeParts } from './merge-parts.ts';
import { groupPublicApis, partsFor } from './public-groups.ts';
import { PRIVATE_PARTS_DIR, PUBLIC_PARTS_DIR, planCatalogSite, planPrivateSite, planPublicApis, writeJson, type TargetPlan } from './target-builds.ts';
import { createTargetCache, type TargetCache } from './target-cache.ts';
import { planSearchBundles, writeSearchIndexes, type IndexedBundle } from './search-index.ts';

export interface BuildOptions {
  /** The Docusaurus site folder (docusaurus.config.ts, docs/, src/). */
  siteDir: string;
  openapiDir: string;
  outDir: string;
  /** Scratch space: generated MDX, target files, Docusaurus generated files, logs, caches. */
  workDir: string;
  siteUrl: string;
  progress: Progress;
  /** Skip the build when build/ was made from exactly the same inputs. */
  ifChanged?: boolean;
  /** Docusaurus builds run at once (default: one per core, within memory). */
  jobs?: number;
  /** Operations a Docusaurus build holds at most (default OPERATIONS_PER_BUILD): groups and parts of APIs. */
  operationsPerBuild?: number;
}

export interface BuildSummary {
  /** True when --if-changed found the previous build up to date. */
  skipped?: boolean;
  apis: Array<{ slug: string; visibility: string; operations: number; pages: number; seconds: number; cached: boolean }>;
  /** Every target (Docusaurus build) by name, and whether it was reused. */
  targets: Array<{ name: string; cached: boolean }>;
  /** Every search index (search-index.ts): pages, bytes, and whether it was reused. */
  search: IndexedBundle[];
  /** Docusaurus builds run, and targets reused from the cache. */
  built: number;
  reused: number;
  seconds: number;
  outDir: string;
}

/**
 * validate → one Docusaurus build for the public site and one per private API (generated
 * MDX, then precompressed), `jobs` at a time, each reused from the cache when its inputs
 * are unchanged → specs + manifest. Builds into a staging folder and swaps it in at the
 * end, so a failed build leaves the previous one served and untouched.
 */
export async function buildPortal(options: BuildOptions): Promise<BuildSummary> {
  const startedAt = Date.now();
  const { progress } = options;
  const inputsHash = await hashBuildInputs(options.siteDir, options.openapiDir, options.siteUrl);
  if (options.ifChanged && (await previousInputsHash(options.outDir)) === inputsHash) {
    progress.info(`Portico build: ${options.outDir} is up to date (no spec, guide or site source changed)`);
    return { skipped: true, apis: [], targets: [], search: [], built: 0, reused: 0, seconds: (Date.now() - startedAt) / 1000, outDir: options.outDir };
  }
  const apis = await validateSpecs(options);
  await warnOfPrivateUrlsInGuides(options.siteDir, apis.map(environmentsOf), progress);
  const publicCount = apis.filter((api) => api.portal.visibility === 'public').length;
  const plans = planTargets(options, apis);
  const jobs = options.jobs ?? defaultBuildJobs();
  const groups = plans.filter((plan) => plan.mergesInto === PUBLIC_DIR).length;
  progress.info(
    `Portico build: ${apis.length} APIs (${publicCount} public, ${apis.length - publicCount} private) in ${plans.length} builds ` +
      `(the catalog, ${groups} of public API docs, one per private API or part of a large one), up to ${jobs} at a time`,
  );

  const staging = `${options.outDir}.staging`;
  await rm(staging, { recursive: true, force: true });
  await markOutputAsCommonJs(staging);
  await rm(path.join(options.workDir, 'gen'), { recursive: true, force: true });
  await markWorkDirAsCommonJs(options.workDir);
  const cache = createTargetCache(path.join(options.workDir, 'cache'), await hashSiteInputs(options.siteDir, options.siteUrl));
  const labels = plans.map((plan, index) => `[${index + 1}/${plans.length}] ${plan.name}`);
  const restored = await restoreUnchanged(options, cache, plans, staging, labels);
  // Every page of every target is generated and checked before the first Docusaurus build starts.
  for (const [index, plan] of plans.entries()) if (!restored[index]) await plan.generate(labels[index] as string);
  const outcomes = await runPool(plans, jobs, async (plan, index) => restored[index] ?? buildTarget(cache, plan, staging, labels[index] as string));
  const catalogPages = await assembleFolders(options, staging, plans);
  const search = await indexForSearch(options, cache, plans, staging, catalogPages, apis);

  await writeSpecs(apis, staging);
  await writeManifest(options, apis, staging, inputsHash);
  await swapIn(staging, options.outDir);
  await pruneSharedCaches(options);
  // An API built in parts has one outcome per part: its pages and seconds add up.
  const rows = apis.map((api) => {
    const own = outcomes.filter((candidate) => Object.hasOwn(candidate.pages, api.slug));
    return {
      slug: api.slug,
      visibility: api.portal.visibility,
      operations: api.operationCount,
      pages: own.reduce((sum, outcome) => sum + (outcome.pages[api.slug] ?? 0), 0),
      seconds: own.reduce((sum, outcome) => sum + outcome.seconds, 0),
      cached: own.every((outcome) => outcome.cached),
    };
  });
  const targets = plans.map((plan, index) => ({ name: plan.name, cached: (outcomes[index] as TargetOutcome).cached }));
  const built = targets.filter((target) => !target.cached).length;
  const summary = { apis: rows, targets, search, built, reused: targets.length - built, seconds: (Date.now() - startedAt) / 1000, outDir: options.outDir };
  printSummary(progress, summary);
  return summary;
}

/**
 * The catalog, the public API docs in groups of bounded size and one build per private API
 * (an API over the bound in parts), largest first: the pool then ends with small builds rather
 * than waiting on a large one.
 */
function planTargets(options: BuildOptions, apis: LoadedApi[]): TargetPlan[] {
  const limit = options.operationsPerBuild;
  const publicApis = apis.filter((api) => api.portal.visibility === 'public');
  const privateApis = apis.filter((api) => api.portal.visibility === 'private');
  const inParts = (api: LoadedApi, groupNumber: number) => planApiParts(options, api, partsFor(api.operationCount, limit), groupNumber);
  const plans = [
    planCatalogSite(options, apis),
    ...groupPublicApis(publicApis, limit).flatMap((group, index) =>
      group.length === 1 && partsFor((group[0] as LoadedApi).operationCount, limit) > 1
        ? inParts(group[0] as LoadedApi, index + 1)
        : [planPublicApis(options, group, index + 1)],
    ),
    ...privateApis.flatMap((api) => (partsFor(api.operationCount, limit) > 1 ? inParts(api, 0) : [planPrivateSite(options, api)])),
  ];
  return plans.sort((a, b) => b.operations - a.operations);
}

/**
 * Merges the public API docs into the catalog build's folder (and the later parts of a private
 * API into its first part's), then checks the links that cross the public builds. A link that leads nowhere is a warning, not an error: guides and specs are published
 * independently (a guide may name an API about to be published, a build may hold a subset).
 */
async function assembleFolders(options: BuildOptions, staging: string, plans: TargetPlan[]): Promise<Set<string>> {
  const publicDir = path.join(staging, PUBLIC_DIR);
  const catalogPages = (await listFiles(publicDir)).filter((file) => file.endsWith('.html'));
  const destinations = new Set(plans.flatMap((plan) => plan.mergesInto ?? []));
  for (const destination of destinations) {
    const parts = plans.filter((plan) => plan.mergesInto === destination).map((plan) => path.join(staging, plan.dir));
    await mergeParts(path.join(staging, destination), parts);
  }
  for (const partsDir of [PUBLIC_PARTS_DIR, PRIVATE_PARTS_DIR]) await rm(path.join(staging, partsDir), { recursive: true, force: true });
  for (const broken of await findBrokenApiLinks(publicDir, catalogPages)) options.progress.warn(`broken link: ${broken}`);
  return new Set(catalogPages);
}

/** The search indexes of the assembled folders (search-index.ts), each reused while its targets are. */
async function indexForSearch(
  options: BuildOptions,
  cache: TargetCache,
  plans: TargetPlan[],
  staging: string,
  catalogPages: Set<string>,
  apis: LoadedApi[],
): Promise<IndexedBundle[]> {
  const startedAt = Date.now();
  const indexedApis = apis.map((api) => ({ slug: api.slug, title: api.title, visibility: api.portal.visibility, document: api.document }));
  const bundles = planSearchBundles(plans, (plan) => cache.keyOf(plan.name, plan.inputs), staging, catalogPages, indexedApis);
  const indexed = await writeSearchIndexes(staging, bundles, path.join(options.workDir, 'cache', 'search'), sharedCacheDirs(options.workDir).compressed);
  const made = indexed.filter((bundle) => !bundle.reused);
  const pages = made.reduce((sum, bundle) => sum + bundle.pages, 0);
  const bytes = indexed.reduce((sum, bundle) => sum + bundle.bytes, 0);
  options.progress.done(
    `search: ${made.length} of ${indexed.length} indexes made (${pages} pages), ${indexed.length - made.length} reused; ${(bytes / 1024).toFixed(0)} KB in all`,
    startedAt,
  );
  return indexed;
}

/** Compressed and minified files no build has used for a month go (content-cache.ts). */
async function pruneSharedCaches(options: BuildOptions): Promise<void> {
  const cutoff = new Date(Date.now() - UNUSED_DAYS_BEFORE_PRUNING * 24 * 3600 * 1000);
  let removed = 0;
  for (const directory of Object.values(sharedCacheDirs(options.workDir))) removed += await pruneUnusedSince(directory, cutoff);
  if (removed > 0) options.progress.info(`Removed ${removed} cached files no build has used for ${UNUSED_DAYS_BEFORE_PRUNING} days`);
}

interface TargetOutcome {
  pages: Record<string, number>;
  seconds: number;
  cached: boolean;
}

/** Targets whose inputs are unchanged, restored from the cache (undefined: to build). */
async function restoreUnchanged(
  options: BuildOptions,
  cache: TargetCache,
  plans: TargetPlan[],
  staging: string,
  labels: string[],
): Promise<Array<TargetOutcome | undefined>> {
  const outcomes: Array<TargetOutcome | undefined> = [];
  for (const [index, plan] of plans.entries()) {
    const startedAt = Date.now();
    const restored = await cache.restore(plan.name, cache.keyOf(plan.name, plan.inputs), path.join(staging, plan.dir));
    if (restored) options.progress.done(`${labels[index]}: unchanged, reused`, startedAt);
    outcomes.push(restored ? { pages: restored.pages, seconds: (Date.now() - startedAt) / 1000, cached: true } : undefined);
  }
  return outcomes;
}

async function buildTarget(cache: TargetCache, plan: TargetPlan, staging: string, label: string): Promise<TargetOutcome> {
  const startedAt = Date.now();
  const outDir = path.join(staging, plan.dir);
  const pages = await plan.build(outDir, label, await cache.rspackDir(plan.name));
  await cache.save(plan.name, cache.keyOf(plan.name, plan.inputs), outDir, { pages });
  return { pages, seconds: (Date.now() - startedAt) / 1000, cached: false };
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

function environmentsOf(api: LoadedApi) {
  const environments = (['sandbox', 'production'] as const).flatMap((name) => {
    const environment = api.portal.environments[name];
    return environment ? [{ name, url: environment.url }] : [];
  });
  return { slug: api.slug, visibility: api.portal.visibility, environments };
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
        ownersGroup: api.portal.owners_group,
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

function printSummary(progress: Progress, summary: BuildSummary): void {
  progress.info('');
  // The API column fits the longest slug (real specs' file names make long ones).
  const width = Math.max(24, ...summary.apis.map((row) => row.slug.length + 2));
  progress.info(`  ${'API'.padEnd(width)}${'visibility'.padEnd(12)}${'operations'.padStart(10)}${'pages'.padStart(8)}  build`);
  for (const row of summary.apis) {
    progress.info(
      `  ${row.slug.padEnd(width)}${row.visibility.padEnd(12)}${String(row.operations).padStart(10)}${String(row.pages).padStart(8)}  ${row.cached ? 'reused' : 'built'}`,
    );
  }
  progress.info('');
  progress.info(
    `Built ${summary.apis.length} APIs in ${formatSeconds(summary.seconds * 1000)} (${summary.built} Docusaurus builds, ${summary.reused} reused unchanged) → ${summary.outDir}`,
  );
}
