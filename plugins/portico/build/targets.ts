import { readFileSync } from 'node:fs';

/**
 * A build target is one Docusaurus build: the public site, or one private API.
 * `portico build` writes one JSON file per target and hands its path to
 * `docusaurus build` in PORTICO_TARGET_FILE; docusaurus.config.ts reads nothing else,
 * so a target's config can only ever name what that build may contain.
 * (Loaded by Docusaurus's own module loader: keep this file dependency-free.)
 */

export const PUBLIC_TARGET = 'public';
export const TARGET_FILE_ENV = 'PORTICO_TARGET_FILE';

interface ApiDocs {
  /** Folder of generated MDX the docs plugin reads (absolute). */
  docsRoot: string;
  /** Generated sidebars file (absolute). */
  sidebarPath: string;
}

export type BuildTarget =
  | {
      kind: 'public';
      siteUrl: string;
      baseUrl: '/';
      /** Public API docs; absent when no API is public. */
      apiDocs?: ApiDocs;
      /** Public-safe catalog entries (see catalog.ts): absolute path of a JSON file. */
      catalogFile: string;
      /** Bearer-token security schemes of the public APIs, for the one-click sandbox token. */
      tokenSchemes: Record<string, string[]>;
      rspackCacheDir?: string;
    }
  | { kind: 'private'; siteUrl: string; slug: string; title: string; baseUrl: string; apiDocs: ApiDocs; tokenSchemes: Record<string, string[]>; rspackCacheDir?: string };

export function readTarget(file: string): BuildTarget {
  let target: Partial<BuildTarget> | undefined;
  try {
    target = JSON.parse(readFileSync(file, 'utf8')) as Partial<BuildTarget>;
  } catch {
    target = undefined;
  }
  if (!target || (target.kind !== 'public' && target.kind !== 'private') || typeof target.siteUrl !== 'string') {
    throw new Error(`Portico: cannot read build target ${file}. Build with "npm run build" (portico build), not "docusaurus build".`);
  }
  return target as BuildTarget;
}
