import type { CatalogEntry } from '../../catalog';

export interface CatalogFilter {
  text: string;
  tag: string;
  visibility: '' | 'public' | 'private';
}

/** Case- and accent-insensitive match on title, summary, slug and tags; every word must match. */
export function filterCatalog(entries: readonly CatalogEntry[], filter: CatalogFilter): CatalogEntry[] {
  const words = normalize(filter.text).split(/\s+/).filter(Boolean);
  return entries.filter((entry) => {
    if (filter.visibility && entry.visibility !== filter.visibility) return false;
    if (filter.tag && !entry.tags.includes(filter.tag)) return false;
    if (words.length === 0) return true;
    const haystack = normalize([entry.title, entry.summary, entry.slug, ...entry.tags].join(' '));
    return words.every((word) => haystack.includes(word));
  });
}

function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function readFilterFromSearch(search: string): CatalogFilter {
  const params = new URLSearchParams(search);
  const visibility = params.get('visibility');
  return {
    text: params.get('q') ?? '',
    tag: params.get('tag') ?? '',
    visibility: visibility === 'public' || visibility === 'private' ? visibility : '',
  };
}

export function writeFilterToSearch(filter: CatalogFilter): string {
  const params = new URLSearchParams();
  if (filter.text) params.set('q', filter.text);
  if (filter.tag) params.set('tag', filter.tag);
  if (filter.visibility) params.set('visibility', filter.visibility);
  const search = params.toString();
  return search ? `?${search}` : '';
}
