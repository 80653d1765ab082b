import { type PagefindData, type SearchHit, toHit } from './group-results';

/**
 * Pagefind's browser API, loaded from the public site's own index (decision 033), with the public
 * API docs' index merged in and, for a signed-in reader, the index of each private API /api/me says
 * they may read. A private index is asked for only then: nobody else's browser learns its path holds one.
 */
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  mergeIndex(basePath: string, options?: Record<string, unknown>): Promise<void>;
  search(term: string): Promise<{ results: Array<{ data(): Promise<PagefindData> }> } | null>;
}

const MAIN_INDEX = '/pagefind/';
const API_DOCS_INDEX = '/pagefind-apis/';
/** Results whose text is fetched and shown: Pagefind fetches a fragment per result read. */
const SHOWN = 12;

let loading: Promise<Pagefind> | undefined;
/** Private indexes merged into the one Pagefind instance of this page (an index is never merged twice). */
const merged = new Map<string, Promise<void>>();

async function load(privateApis: string[]): Promise<Pagefind> {
  loading ??= (async () => {
    const url = `${MAIN_INDEX}pagefind.js`;
    const module = (await import(/* webpackIgnore: true */ url)) as Pagefind;
    await module.options({ excerptLength: 24 });
    await module.mergeIndex(API_DOCS_INDEX);
    return module;
  })();
  const pagefind = await loading;
  for (const slug of privateApis) {
    if (!merged.has(slug)) merged.set(slug, pagefind.mergeIndex(`/private/${encodeURIComponent(slug)}/pagefind/`));
    await merged.get(slug);
  }
  return pagefind;
}

/** Starts loading the indexes (on focus), so the first query does not wait for them. */
export function preload(privateApis: string[]): void {
  void load(privateApis).catch(() => undefined);
}

export async function searchHits(term: string, privateApis: string[]): Promise<SearchHit[]> {
  const pagefind = await load(privateApis);
  const found = await pagefind.search(term);
  if (!found) return [];
  const data = await Promise.all(found.results.slice(0, SHOWN).map((result) => result.data()));
  return data.map(toHit);
}
