import { readFileSync } from 'node:fs';

/**
 * A build target is one Docusaurus build: the public catalog site, a group of public APIs'
 * docs (merged into the public folder), or one private API.
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
  /** The pages of docsRoot this build holds (one part of an API built in parts); absent: all. */
  include?: string[];
}

/** What every build has: where the site lives and its build caches (absent: none). */
interface TargetBase {
  siteUrl: string;
  rspackCacheDir?: string;
  minifyCacheDir?: string;
}

export type BuildTarget = TargetBase &
  (
    | {
        /** The public catalog site: catalog, Overview pages, guides and the portal's own pages. */
        kind: 'public';
        baseUrl: '/';
        /** Public-safe catalog entries (see catalog.ts): absolute path of a JSON file. */
        catalogFile: string;
      }
    | {
        /** A group of public APIs' docs under /apis/, merged into the public folder after the build. */
        kind: 'public-apis';
        baseUrl: '/';
        apiDocs: ApiDocs;
        /** Bearer-token security schemes of these APIs, for the one-click sandbox token. */
        tokenSchemes: Record<string, string[]>;
      }
    | { kind: 'private'; slug: string; title: string; baseUrl: string; apiDocs: ApiDocs; tokenSchemes: Record<string, string[]> }
  );

const KINDS = new Set(['public', 'public-apis', 'private']);

export function readTarget(file: string): BuildTarget {
  let target: Partial<BuildTarget> | undefined;
  try {
    target = JSON.parse(readFileSync(file, 'utf8')) as Partial<BuildTarget>;
  } catch {
    target = undefined;
  }
  if (!target || !KINDS.has(String(target.kind)) || typeof target.siteUrl !== 'string') {
    throw new Error(`Portico: cannot read build target ${file}. Build with "npm run build" (portico build), not "docusaurus build".`);
  }
  return target as BuildTarget;
}
