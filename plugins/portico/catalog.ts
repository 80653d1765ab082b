import { isObject, type AuthMethod, type EnvironmentName, type Visibility } from './contract.ts';
import type { LoadedApi } from './spec/load-specs.ts';

/**
 * What anonymous readers may know about an API: the one place that decides it.
 * For a private API that is `info.title`, `info.version` and the `x-portal` block minus
 * environment URLs (servers are part of the private documentation); nothing else of
 * the spec — no tags, paths, descriptions or schemas — crosses into public output.
 */
export interface CatalogEntry {
  slug: string;
  title: string;
  version: string;
  visibility: Visibility;
  summary: string;
  tags: string[];
  audience: string[];
  owners: string[];
  environments: Array<{ name: EnvironmentName; auth: AuthMethod[]; url?: string; description?: string }>;
  contacts: { support?: string; team?: string; url?: string };
  /** Public APIs only: how many operations the docs describe. */
  operationCount?: number;
  /** Where the overview page lives (every API has one). */
  overviewPath: string;
  /** Where the full docs live: a public docs route, or the gated private build. */
  docsPath: string;
}

function overviewPathOf(slug: string): string {
  return `/catalog/${slug}`;
}

function publicDocsPathOf(slug: string): string {
  return `/apis/${slug}`;
}

function privateDocsPathOf(slug: string): string {
  return `/private/${slug}/`;
}

export function toCatalogEntry(api: LoadedApi): CatalogEntry {
  const isPublic = api.portal.visibility === 'public';
  return {
    slug: api.slug,
    title: api.title,
    version: api.version,
    visibility: api.portal.visibility,
    summary: api.portal.summary ?? (isPublic ? summarizePublicInfo(api.document.info) : ''),
    tags: api.portal.tags.length > 0 || !isPublic ? api.portal.tags : tagNamesOf(api.document.tags),
    audience: [...api.portal.audience],
    owners: [...api.portal.owners],
    environments: (['sandbox', 'production'] as const).flatMap((name) => {
      const environment = api.portal.environments[name];
      if (!environment) return [];
      return [
        {
          name,
          auth: [...environment.auth],
          ...(isPublic ? { url: environment.url, description: environment.description } : {}),
        },
      ];
    }),
    contacts: { ...api.portal.contacts },
    ...(isPublic ? { operationCount: api.operationCount } : {}),
    overviewPath: overviewPathOf(api.slug),
    docsPath: isPublic ? publicDocsPathOf(api.slug) : privateDocsPathOf(api.slug),
  };
}

/** First sentence-ish of a public API's own description, for its card. */
function summarizePublicInfo(info: unknown): string {
  if (!isObject(info)) return '';
  const text = typeof info.summary === 'string' ? info.summary : typeof info.description === 'string' ? info.description : '';
  const firstParagraph = text.trim().split(/\n\s*\n/)[0] ?? '';
  const plain = firstParagraph
    .replace(/[#*_`>[\]]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > 300 ? `${plain.slice(0, 297)}...` : plain;
}

function tagNamesOf(tags: unknown): string[] {
  if (!Array.isArray(tags)) return [];
  return tags
    .map((tag) => (isObject(tag) && typeof tag.name === 'string' ? tag.name : ''))
    .filter((name) => name !== '')
    .slice(0, 12);
}
