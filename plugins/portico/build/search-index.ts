import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { listFiles, PRIVATE_DIR, PUBLIC_DIR } from '../contract.ts';
import { BuildStoppedError } from './build-stopped.ts';
import { precompressDirectory } from './compress.ts';
import { apiPageFacts, factsMarkup, schemaRecords, type PageFacts, type SchemaRecord, type SearchApi } from './search-records.ts';
import type { TargetPlan } from './target-builds.ts';
import { PUBLIC_TARGET } from './targets.ts';

/**
 * The search index of each output folder (decision 033), made with Pagefind after the parts are
 * merged: the public folder's and one inside each private build, so the gate serves a private
 * index only to the API's readers. An index is kept in the work folder under a key made of the
 * keys of the targets it was made from: a reused target reuses its index.
 */

/** The catalog build's pages (catalog, Overviews, guides): the public site's main index, which loads Pagefind. */
const SEARCH_DIR = 'pagefind';
/** The public API docs' index, beside the main one: a card edit re-indexes the catalog pages only. */
const API_SEARCH_DIR = 'pagefind-apis';
/** Bumped when what an index holds changes without any target's key changing. */
const INDEX_FORMAT = 'pagefind-1.6.0/1';
/**
 * Inside a page's data-pagefind-body: what repeats on every page or is a code sample, not the page's
 * text. Only elements whose end tag the HTML minifier keeps: Pagefind's streaming parser does not
 * close a `<p>` whose `</p>` was left out, and would drop the rest of the page with it.
 */
const EXCLUDED = ['.theme-doc-breadcrumbs', '.pagination-nav', '.openapi-right-panel__container', '.theme-doc-toc-mobile', '.theme-doc-footer', '.hash-link'];
/** Pagefind's ready-made interfaces: Portico has its own search box (src/theme/SearchBar). */
const UNUSED_FILES = /^pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$/;
/** Pagefind's code: the search box loads the main index's; an index merged into it needs only its data. */
const CODE_FILES = /^(pagefind\.js|pagefind-worker\.js|wasm\.[a-z-]+\.pagefind)$/;

interface SearchBundle {
  name: string;
  /** The folder whose pages it indexes, and where the index goes, relative to the build root. */
  folder: string;
  outputDir: string;
  /** Which HTML files of the folder it holds (absolute); all when absent. */
  pages?: (file: string) => boolean;
  /** The keys of the targets its pages come from. */
  sources: string[];
  /** What the index knows of a page (by URL relative to the folder) beyond its text. */
  facts: (url: string) => PageFacts | undefined;
  /** Records without a page of their own (the spec's schemas). */
  records: SchemaRecord[];
  /** The index the search box loads Pagefind from (the others are merged into it). */
  main?: boolean;
}

/** An API as the search index sees it: its spec and where its docs are. */
export type IndexedApi = SearchApi & { visibility: 'public' | 'private' };

/**
 * What to index, given every target's cache key and the catalog build's own HTML files: the catalog
 * build's pages, the public API docs, and each private build. The specs feed the facts; they are
 * also part of the targets' keys, so an unchanged key means unchanged facts.
 */
export function planSearchBundles(
  plans: TargetPlan[],
  keyOf: (plan: TargetPlan) => string,
  staging: string,
  catalogPages: Set<string>,
  apis: IndexedApi[],
): SearchBundle[] {
  const keysOf = (predicate: (plan: TargetPlan) => boolean) => plans.filter(predicate).map(keyOf);
  const bySlug = new Map(apis.map((api) => [api.slug, api]));
  const publicApis = apis.filter((api) => api.visibility === 'public');
  const publicFacts = new Map(publicApis.flatMap((api) => [...apiPageFacts(api, true)]));
  const privateFolders = [...new Set(plans.map((plan) => plan.mergesInto ?? plan.dir).filter((dir) => dir.startsWith(`${PRIVATE_DIR}/`)))];
  return [
    {
      name: 'public',
      folder: PUBLIC_DIR,
      outputDir: SEARCH_DIR,
      pages: (file) => catalogPages.has(file),
      sources: keysOf((plan) => plan.name === PUBLIC_TARGET),
      facts: (url) => catalogFacts(url, bySlug),
      records: [],
      main: true,
    },
    {
      name: 'public-apis',
      folder: PUBLIC_DIR,
      outputDir: API_SEARCH_DIR,
      pages: (file) => !catalogPages.has(file) && path.relative(path.join(staging, PUBLIC_DIR), file).startsWith(`apis${path.sep}`),
      sources: keysOf((plan) => plan.mergesInto === PUBLIC_DIR),
      facts: (url) => publicFacts.get(url) ?? apiFacts(bySlug.get(url.split('/')[2] ?? '')),
      records: publicApis.flatMap((api) => schemaRecords(api, true)),
    },
    ...privateFolders.flatMap((folder) => {
      const api = bySlug.get(folder.slice(PRIVATE_DIR.length + 1));
      if (!api) return [];
      const facts = apiPageFacts(api, false);
      return [
        {
          name: folder.replace('/', '-'),
          folder,
          outputDir: SEARCH_DIR,
          sources: keysOf((plan) => plan.dir === folder || plan.mergesInto === folder),
          facts: (url: string) => facts.get(url) ?? apiFacts(api),
          records: schemaRecords(api, false),
        },
      ];
    }),
  ];
}

/** The catalog build's searchable pages: guides, and each API's Overview (public facts only, decision 004). */
function catalogFacts(url: string, apis: Map<string, IndexedApi>): PageFacts | undefined {
  if (url.startsWith('/guides/')) return { kind: 'guide' };
  const overview = /^\/catalog\/([^/]+)\/$/.exec(url);
  return overview ? apiFacts(apis.get(overview[1] ?? '')) : undefined;
}

function apiFacts(api: IndexedApi | undefined): PageFacts | undefined {
  return api ? { kind: 'overview', api: { slug: api.slug, title: api.title } } : undefined;
}

export interface IndexedBundle {
  name: string;
  pages: number;
  reused: boolean;
  bytes: number;
}

/** Writes every bundle's index into `staging`, from the cache when its sources are unchanged. */
export async function writeSearchIndexes(staging: string, bundles: SearchBundle[], cacheRoot: string, compressCache: string): Promise<IndexedBundle[]> {
  const results: IndexedBundle[] = [];
  try {
    for (const bundle of bundles) results.push(await writeOne(staging, bundle, cacheRoot, compressCache));
  } finally {
    await pagefind.close();
  }
  return results;
}

async function writeOne(staging: string, bundle: SearchBundle, cacheRoot: string, compressCache: string): Promise<IndexedBundle> {
  const outputDir = path.join(staging, bundle.folder, bundle.outputDir);
  const key = createHash('sha256')
    .update(`${INDEX_FORMAT}\n${bundle.name}\n${bundle.outputDir}\n${bundle.sources.join('\n')}`)
    .digest('hex');
  const cacheDir = path.join(cacheRoot, bundle.name);
  const stored = await readFile(path.join(cacheDir, 'key.json'), 'utf8')
    .then((text) => JSON.parse(text) as { key: string; pages: number })
    .catch(() => undefined);
  if (stored?.key === key) {
    await rm(outputDir, { recursive: true, force: true });
    await cp(path.join(cacheDir, 'output'), outputDir, { recursive: true });
    return { name: bundle.name, pages: stored.pages, reused: true, bytes: await sizeOf(outputDir) };
  }
  const pages = await indexPages(path.join(staging, bundle.folder), outputDir, bundle);
  await precompressDirectory(outputDir, compressCache);
  // Written aside and renamed, like the target cache: no half index under a valid key.
  const fresh = `${cacheDir}.saving`;
  await rm(fresh, { recursive: true, force: true });
  await mkdir(fresh, { recursive: true });
  await cp(outputDir, path.join(fresh, 'output'), { recursive: true });
  await writeFile(path.join(fresh, 'key.json'), JSON.stringify({ key, pages }));
  await rm(cacheDir, { recursive: true, force: true });
  await rename(fresh, cacheDir);
  return { name: bundle.name, pages, reused: false, bytes: await sizeOf(outputDir) };
}

/** Indexes the pages of `folder` that carry data-pagefind-body (the theme marks what is searchable). */
async function indexPages(folder: string, outputDir: string, bundle: SearchBundle): Promise<number> {
  const { index, errors } = await pagefind.createIndex({ excludeSelectors: EXCLUDED, forceLanguage: 'en' });
  if (!index) throw new BuildStoppedError(`search index: ${errors.join('; ')}`);
  const files = (await listFiles(folder)).filter((file) => file.endsWith('.html') && (bundle.pages?.(file) ?? true));
  let pages = 0;
  for (const file of files) {
    const relative = path.relative(folder, file).split(path.sep).join('/');
    if (relative.startsWith(`${SEARCH_DIR}/`) || relative === '404.html') continue;
    const content = await readFile(file, 'utf8');
    // Only pages the theme marks: the account and console pages are no search results.
    if (!content.includes('data-pagefind-body')) continue;
    const url = `/${relative.replace(/(^|\/)index\.html$/, '$1').replace(/\.html$/, '')}`;
    const added = await index.addHTMLFile({ url, content: withFacts(content, bundle.facts(url)) });
    if (added.errors.length > 0) throw new BuildStoppedError(`search index: ${relative}: ${added.errors.join('; ')}`);
    pages++;
  }
  for (const record of bundle.records) {
    const added = await index.addCustomRecord(record);
    if (added.errors.length > 0) throw new BuildStoppedError(`search index: schema ${record.meta.title}: ${added.errors.join('; ')}`);
  }
  await rm(outputDir, { recursive: true, force: true });
  const written = await index.writeFiles({ outputPath: outputDir });
  if (written.errors.length > 0) throw new BuildStoppedError(`search index: ${written.errors.join('; ')}`);
  await index.deleteIndex();
  for (const file of await listFiles(outputDir)) {
    if (UNUSED_FILES.test(path.basename(file)) || (!bundle.main && CODE_FILES.test(path.basename(file)))) await rm(file);
  }
  return pages;
}

/** The page as Pagefind reads it (the file on disk is unchanged): facts as meta and filters, terms in its body. */
function withFacts(html: string, facts: PageFacts | undefined): string {
  if (!facts) return html;
  const { meta, terms } = factsMarkup(facts);
  return html.replace(/(<[^>]*\sdata-pagefind-body[^>]*>)/, `$1${terms}`).replace(/<\/body>/, `${meta}</body>`);
}

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const file of await listFiles(dir)) if (!/\.(gz|br)$/.test(file)) total += (await stat(file)).size;
  return total;
}
