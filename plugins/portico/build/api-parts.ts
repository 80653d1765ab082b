import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import type { PageElsewhere } from './pages/sidebar-part.ts';

/**
 * An API too large for one Docusaurus build is built in parts (decision 027): a build's memory
 * grows with its pages (~9 MB per operation page: GitHub's 845 operations peaked at 8.6 GiB in
 * one build), so each part holds a contiguous run of the API's sidebar, and the parts' folders
 * are merged like public groups. This module decides which page goes in which part and where
 * each page is served, from the pages the generator wrote.
 */

/** One generated page: its doc id (relative to the docs folder), file and sidebar label. */
export interface GeneratedPage {
  docId: string;
  /** Path relative to the docs folder, as the docs plugin's `include` takes it. */
  file: string;
  /** The front matter's slug, when the page has one (the API's info page). */
  slug?: string;
  label: string;
}

/** Where the pages of one API's docs are served: the build's base URL and the docs' route. */
export interface PagePlace {
  baseUrl: string;
  routeBasePath: string;
}

export async function readGeneratedPages(docsRoot: string, apiDir: string): Promise<GeneratedPage[]> {
  const names = (await readdir(path.join(docsRoot, apiDir))).filter((name) => name.endsWith('.mdx')).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(path.join(docsRoot, apiDir, name), 'utf8');
      const block = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '';
      const fields = (parse(block) ?? {}) as { id?: unknown; slug?: unknown; title?: unknown; sidebar_label?: unknown };
      const id = typeof fields.id === 'string' ? fields.id : name.replace(/(\.(api|info|tag|schema))?\.mdx$/, '');
      const label = [fields.sidebar_label, fields.title].find((value): value is string => typeof value === 'string') ?? id;
      return { docId: `${apiDir}/${id}`, file: `${apiDir}/${name}`, ...(typeof fields.slug === 'string' ? { slug: fields.slug } : {}), label };
    }),
  );
}

/** The doc ids a generated sidebar.ts names, in reading order (doc items and category pages). */
export function docIdsInOrder(sidebarSource: string): string[] {
  const ids: string[] = [];
  for (const match of sidebarSource.matchAll(/^\s*id:\s*("(?:[^"\\]|\\.)*")/gm)) {
    const id = JSON.parse(match[1] as string) as string;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * Cuts the pages into `parts` contiguous runs of the sidebar's order, of near-equal size; a
 * page the sidebar does not name goes with the first part. Deterministic: the same pages and
 * sidebar always give the same parts (a part's cache key relies on it).
 */
export function splitPages(pages: readonly GeneratedPage[], order: readonly string[], parts: number): GeneratedPage[][] {
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(`parts must be a positive integer, got ${parts}`);
  const byId = new Map(pages.map((page) => [page.docId, page]));
  const ordered = order.flatMap((id) => byId.get(id) ?? []);
  const unnamed = pages.filter((page) => !order.includes(page.docId));
  const runs: GeneratedPage[][] = [];
  for (let part = 0; part < parts; part++) {
    const from = Math.round((part * ordered.length) / parts);
    const to = Math.round(((part + 1) * ordered.length) / parts);
    runs.push(ordered.slice(from, to));
  }
  runs[0]?.unshift(...unnamed);
  return runs;
}

/** The URL path a page is served at, as the docs plugin routes it. */
export function pageHref(page: GeneratedPage, place: PagePlace): string {
  const route = place.routeBasePath.replace(/^\/+|\/+$/g, '');
  const within = page.slug !== undefined ? page.slug.replace(/^\/+/, '') : page.docId;
  return `${place.baseUrl}${[route, within].filter(Boolean).join('/')}`;
}

/** For one part: every page built by another part, by doc id, with its URL and label. */
export function pagesElsewhere(parts: readonly GeneratedPage[][], part: number, place: PagePlace): Record<string, PageElsewhere> {
  return Object.fromEntries(
    parts.flatMap((pages, index) => (index === part ? [] : pages.map((page) => [page.docId, { href: pageHref(page, place), label: page.label }]))),
  );
}
