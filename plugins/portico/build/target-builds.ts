import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { toCatalogEntry } from '../catalog.ts';
import type { LoadedApi } from '../spec/load-specs.ts';
import { withPageNames } from '../spec/page-names.ts';
import { sanitizeDocumentMarkup } from '../spec/sanitize-markup.ts';
import { precompressDirectory } from './compress.ts';
import { sharedCacheDirs } from './content-cache.ts';
import { runDocusaurusBuild } from './docusaurus-build.ts';
import { BuildStoppedError } from './build-stopped.ts';
import { generateApiDocs, type GenerateOptions } from './generate-api-docs.ts';
import type { SandboxSection } from './pages/page-writer.ts';
import { checkGeneratedPages } from './pages/check-pages.ts';
import { resolveSiteRelativeLinks } from './pages/site-relative-links.ts';
import { declaredScopes, isObject, PRIVATE_DIR, PUBLIC_DIR, securitySchemesOf } from '../contract.ts';
import { writeSidebars } from './sidebars.ts';
import type { Progress } from './progress.ts';
import { PUBLIC_TARGET, type BuildTarget } from './targets.ts';

/** One Docusaurus build to run: what it is made of (for its cache key) and how to build it. */
export interface TargetPlan {
  name: string;
  /** Output folder relative to the build root. */
  dir: string;
  /**
   * Built beside the folder it belongs in and merged into it once every target is done (a group
   * of public API docs into the public folder, a later part of an API into its first part's).
   */
  mergesInto?: string;
  /** Operations it documents: the largest builds start first. */
  operations: number;
  /** Everything besides the site sources that the output depends on. */
  inputs: unknown;
  /**
   * Generates the MDX and checks every page (pages/check-pages.ts); every target's generation
   * runs before any Docusaurus build, so a page that cannot build stops the build in seconds.
   */
  generate(label: string): Promise<void>;
  /** Runs Docusaurus into `outDir` on what `generate` wrote; returns pages per API slug. */
  build(outDir: string, label: string, rspackCacheDir: string): Promise<Record<string, number>>;
}

export interface PlanContext {
  siteDir: string;
  workDir: string;
  siteUrl: string;
  progress: Progress;
}

/** Where public API docs are built before being merged into the public folder. */
export const PUBLIC_PARTS_DIR = 'public-parts';
/** Where the second and later parts of a private API are built before being merged into its folder. */
export const PRIVATE_PARTS_DIR = 'private-parts';
/** The portal's token endpoint (server/routes/oauth.ts). */
const PORTAL_TOKEN_PATH = '/oauth/token';

/** The public catalog site: catalog, an Overview page per API, guides and the portal pages. */
export function planCatalogSite(context: PlanContext, allApis: LoadedApi[]): TargetPlan {
  // Only public-safe entries (catalog.ts) ever reach the public build.
  const catalog = allApis.map(toCatalogEntry);
  return {
    name: PUBLIC_TARGET,
    dir: PUBLIC_DIR,
    operations: 0,
    inputs: { kind: 'catalog', catalog },
    async generate() {},
    async build(outDir, label, rspackCacheDir) {
      const catalogFile = path.join(context.workDir, 'targets', 'public-catalog.json');
      await writeJson(catalogFile, catalog);
      const target: BuildTarget = { kind: 'public', siteUrl: context.siteUrl, baseUrl: '/', catalogFile, rspackCacheDir };
      await runTargetBuild(context, PUBLIC_TARGET, target, outDir, label);
      return {};
    },
  };
}

/** A group of public APIs' docs under /apis/ (see public-groups.ts). */
export function planPublicApis(context: PlanContext, apis: LoadedApi[], groupNumber: number): TargetPlan {
  const documents = apis.map((api) => ({ api, document: withSandboxServer(context, api) }));
  const tokenSchemes = Object.fromEntries(apis.map((api) => [api.slug, bearerSchemesOf(api)]));
  const name = `public-apis-${groupNumber}`;
  const docsRoot = path.join(context.workDir, 'gen', name);
  const pages: Record<string, number> = {};
  return {
    name,
    dir: `${PUBLIC_PARTS_DIR}/${name}`,
    mergesInto: PUBLIC_DIR,
    operations: apis.reduce((sum, api) => sum + api.operationCount, 0),
    inputs: { kind: 'public-apis', documents: documents.map(({ api, document }) => ({ slug: api.slug, document })), tokenSchemes },
    async generate(label) {
      for (const { api, document } of documents) {
        const startedAt = Date.now();
        const generated = await generateCheckedPages(context, {
          docsRoot,
          apiDir: api.slug,
          specFile: api.file,
          document,
          routeBasePath: 'apis',
          infoSlug: `/${api.slug}`,
          sandbox: sandboxSectionOf(api),
        });
        pages[api.slug] = generated;
        context.progress.done(`${label}: generated and checked ${generated} pages for ${api.slug}`, startedAt);
      }
    },
    async build(outDir, label, rspackCacheDir) {
      const sidebarPath = await writeSidebars(
        docsRoot,
        documents.map(({ api }) => ({ dir: api.slug, operations: api.operationCount })),
      );
      const target: BuildTarget = {
        kind: 'public-apis',
        siteUrl: context.siteUrl,
        baseUrl: '/',
        apiDocs: { docsRoot, sidebarPath },
        tokenSchemes,
        rspackCacheDir,
      };
      await runTargetBuild(context, name, target, outDir, label);
      return pages;
    },
  };
}

/** One private API, alone in its build: its files can only ever hold its own content. */
export function planPrivateSite(context: PlanContext, api: LoadedApi): TargetPlan {
  const document = withSandboxServer(context, api);
  const tokenSchemes = { [api.slug]: bearerSchemesOf(api) };
  const name = `private-${api.slug}`;
  const docsRoot = path.join(context.workDir, 'gen', PRIVATE_DIR, api.slug);
  let pageCount = 0;
  return {
    name,
    dir: `${PRIVATE_DIR}/${api.slug}`,
    operations: api.operationCount,
    inputs: { kind: 'private', slug: api.slug, title: api.title, document, tokenSchemes },
    async generate(label) {
      const startedAt = Date.now();
      pageCount = await generateCheckedPages(context, {
        docsRoot,
        apiDir: 'api',
        specFile: api.file,
        document,
        routeBasePath: '/',
        infoSlug: '/',
        sandbox: sandboxSectionOf(api),
      });
      context.progress.done(`${label}: generated and checked ${pageCount} pages`, startedAt);
    },
    async build(outDir, label, rspackCacheDir) {
      const sidebarPath = await writeSidebars(docsRoot, [{ dir: 'api', operations: api.operationCount }]);
      const target: BuildTarget = {
        kind: 'private',
        siteUrl: context.siteUrl,
        slug: api.slug,
        title: api.title,
        baseUrl: `/${PRIVATE_DIR}/${api.slug}/`,
        apiDocs: { docsRoot, sidebarPath },
        tokenSchemes,
        rspackCacheDir,
      };
      await runTargetBuild(context, name, target, outDir, label);
      return { [api.slug]: pageCount };
    },
  };
}

/** Generates one API's pages and compiles each; the first that would not build stops the build, in one line. */
export async function generateCheckedPages(context: PlanContext, options: GenerateOptions): Promise<number> {
  const shownAs = path.relative(context.siteDir, options.specFile) || options.specFile;
  const generated = await generateApiDocs({ ...options, shownAs });
  const [problem] = await checkGeneratedPages(generated);
  if (problem) throw new BuildStoppedError(`${shownAs}: ${problem}`);
  return generated.pageCount;
}

/** Security schemes whose "Try it" field takes a bearer token (OAuth2, HTTP bearer). */
export function bearerSchemesOf(api: LoadedApi): string[] {
  const components = api.document.components as { securitySchemes?: Record<string, { type?: string; scheme?: string }> } | undefined;
  return Object.entries(components?.securitySchemes ?? {})
    .filter(([, scheme]) => scheme.type === 'oauth2' || (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer'))
    .map(([name]) => name);
}

/** What the first page's "Sandbox access" section names, for an API with a sandbox. */
export function sandboxSectionOf(api: LoadedApi): SandboxSection | undefined {
  return api.portal.environments.sandbox ? { slug: api.slug, scopes: declaredScopes(api.document) } : undefined;
}

/**
 * Every OAuth2 client-credentials token URL is the portal's (a path: the site's origin is the
 * server's to say), as in the downloads (decision 032): the portal issues the sandbox's tokens.
 */
function withPortalTokenUrl(document: Record<string, unknown>): Record<string, unknown> {
  const schemes = securitySchemesOf(document);
  const rewritten = Object.fromEntries(
    Object.entries(schemes).map(([name, scheme]) => {
      if (!isObject(scheme) || scheme.type !== 'oauth2' || !isObject(scheme.flows) || !isObject(scheme.flows.clientCredentials)) return [name, scheme];
      return [name, { ...scheme, flows: { ...scheme.flows, clientCredentials: { ...scheme.flows.clientCredentials, tokenUrl: PORTAL_TOKEN_PATH } } }];
    }),
  );
  return { ...document, components: { ...(isObject(document.components) ? document.components : {}), securitySchemes: rewritten } };
}

/**
 * The explorer's server variable for the reader's origin: READER_ORIGIN_VARIABLE of
 * src/features/try/explorer-token.ts, which the page sets (browser code: not imported here).
 */
const READER_ORIGIN_VARIABLE = 'origin';

/**
 * "Try it" calls the portal's own sandbox: it is the first server of every API page. Absolute,
 * so the explorer's code samples run as copied: `{origin}/sandbox/<slug>`, whose default is the
 * build's site URL and which the page sets to the origin it is served from (src/theme/ApiExplorer).
 */
export function withSandboxServer(context: PlanContext, api: LoadedApi): Record<string, unknown> {
  const servers = Array.isArray(api.document.servers) ? api.document.servers : [];
  const sandbox = {
    url: `{${READER_ORIGIN_VARIABLE}}/sandbox/${api.slug}`,
    description: 'Portico sandbox: try it with a sandbox token',
    variables: { [READER_ORIGIN_VARIABLE]: { default: context.siteUrl.replace(/\/+$/, ''), description: 'The portal this page is served from' } },
  };
  // Links written for the provider's own site lead nowhere here: resolved, or text and a warning.
  const { document, warnings } = resolveSiteRelativeLinks(api.document);
  const shownAs = path.relative(context.siteDir, api.file) || api.file;
  for (const warning of warnings.slice(0, 20)) context.progress.warn(`${shownAs}: ${warning}`);
  if (warnings.length > 20) context.progress.warn(`${shownAs}: ${warnings.length - 20} more links that lead nowhere`);
  // Spec text becomes MDX and raw-HTML markdown: hand the generator an inert copy, each
  // operation's operationId set to its page name (page-names.ts: any operationId is valid OpenAPI).
  if (!api.portal.environments.sandbox) return sanitizeDocumentMarkup(withPageNames({ ...document, servers }));
  // The token URL after the sanitizer, which keeps only absolute URLs: this path is ours, not the spec's.
  return withPortalTokenUrl(sanitizeDocumentMarkup(withPageNames({ ...document, servers: [sandbox, ...servers] })));
}

export async function runTargetBuild(context: PlanContext, name: string, target: BuildTarget, outDir: string, label: string): Promise<void> {
  const startedAt = Date.now();
  const targetFile = path.join(context.workDir, 'targets', `${name}.json`);
  await writeJson(targetFile, { ...target, minifyCacheDir: sharedCacheDirs(context.workDir).minified });
  context.progress.step(`${label}: building with Docusaurus`);
  const { warnings } = await runDocusaurusBuild({
    siteDir: context.siteDir,
    targetFile,
    outDir,
    generatedDir: path.join(context.workDir, 'docusaurus', name),
    logFile: path.join(context.workDir, 'logs', `${name}.log`),
  });
  for (const warning of warnings.slice(0, 10)) context.progress.warn(`${label}: ${warning}`);
  context.progress.done(`${label}: built`, startedAt);
  const compressStart = Date.now();
  const compressed = await precompressDirectory(outDir, sharedCacheDirs(context.workDir).compressed);
  context.progress.done(
    `${label}: precompressed ${compressed.files} files (gzip + brotli, ${compressed.reused} already compressed by another build)`,
    compressStart,
  );
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}
