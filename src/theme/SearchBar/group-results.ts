/**
 * Search results as the search box shows them: grouped by API, then by kind of page, in the
 * order the best hit of each group was ranked. Pure: the search box and its unit test share it.
 */

type HitKind = 'overview' | 'operation' | 'schema' | 'guide';

export interface SearchHit {
  url: string;
  title: string;
  /** Pagefind's excerpt: page text with the matched words between <mark> and </mark>. */
  excerpt: string;
  kind: HitKind;
  /** The API's slug and title; absent for guides. */
  api?: string;
  apiTitle?: string;
  method?: string;
  path?: string;
}

interface HitGroup {
  key: string;
  heading: string;
  hits: SearchHit[];
}

const KIND_ORDER: HitKind[] = ['overview', 'operation', 'schema', 'guide'];
const KIND_HEADINGS: Record<HitKind, string> = { overview: 'Overview', operation: 'Operations', schema: 'Schemas', guide: 'Guides' };

/** What Pagefind returns for a result (`result.data()`), as far as the search box reads it. */
export interface PagefindData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
}

export function toHit(data: PagefindData): SearchHit {
  const kind = KIND_ORDER.find((candidate) => candidate === data.meta.kind) ?? 'guide';
  return {
    url: data.url,
    title: data.meta.title ?? data.url,
    excerpt: data.excerpt,
    kind,
    ...(data.meta.api ? { api: data.meta.api, apiTitle: data.meta.api_title ?? data.meta.api } : {}),
    ...(data.meta.method ? { method: data.meta.method } : {}),
    ...(data.meta.path ? { path: data.meta.path } : {}),
  };
}

export function groupHits(hits: SearchHit[]): HitGroup[] {
  const apiOrder: string[] = [];
  const groups = new Map<string, HitGroup>();
  for (const hit of hits) {
    const apiKey = hit.api ?? '';
    if (!apiOrder.includes(apiKey)) apiOrder.push(apiKey);
    const key = `${apiKey}:${hit.kind}`;
    const group = groups.get(key) ?? { key, heading: hit.api ? `${hit.apiTitle} · ${KIND_HEADINGS[hit.kind]}` : KIND_HEADINGS[hit.kind], hits: [] };
    group.hits.push(hit);
    groups.set(key, group);
  }
  return apiOrder.flatMap((apiKey) => KIND_ORDER.flatMap((kind) => groups.get(`${apiKey}:${kind}`) ?? []));
}

/** The excerpt as runs of text, each marked or not: rendered as text, never as markup (page text is not escaped). */
export function excerptRuns(excerpt: string): Array<{ text: string; marked: boolean }> {
  const runs: Array<{ text: string; marked: boolean }> = [];
  const pattern = /<mark>([\s\S]*?)<\/mark>/g;
  let last = 0;
  for (const match of excerpt.matchAll(pattern)) {
    if (match.index > last) runs.push({ text: excerpt.slice(last, match.index), marked: false });
    runs.push({ text: match[1] ?? '', marked: true });
    last = match.index + match[0].length;
  }
  if (last < excerpt.length) runs.push({ text: excerpt.slice(last), marked: false });
  return runs;
}
