import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listFiles } from '../../plugins/portico/contract.ts';
import { SEARCH_WORKER_POLICY, buildPolicy } from '../middleware/security-headers/content-security-policy.ts';

/** One file of a build, held in memory with its build-time compressed variants. */
export interface StaticFile {
  body: Buffer;
  gzip?: Buffer;
  brotli?: Buffer;
  contentType: string;
  etag: string;
  /** Content-hashed asset: safe to cache forever. */
  immutable: boolean;
  /** HTML only: its build's Content-Security-Policy (the hashes of the build's inline scripts). */
  contentSecurityPolicy?: string;
}

/** URL path (relative to the build's base, starting with "/") → file. */
export type StaticBundle = Map<string, StaticFile>;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Docusaurus names bundled assets `name.<hash>.js` / `name-<hash>.png` under /assets/; Pagefind
 * names its index chunks, fragments and filters by their content's hash (`en_58d1a16.pf_index`).
 */
const HASHED_ASSET =
  /^\/assets\/.*[.-][0-9a-f]{8,}\.[a-z0-9]+$|^\/pagefind(-apis)?\/(index|fragment|filter)\/[a-z-]+_[0-9a-f]{7,}\.pf_(index|fragment|filter)$|^\/pagefind(-apis)?\/pagefind\.[a-z-]+_[0-9a-f]{7,}\.pf_meta$/i;
/** Pagefind's worker runs under its own response's policy (decision 033). */
const SEARCH_WORKER = /^\/pagefind(-apis)?\/pagefind-worker\.js$/;

/** Reads a whole build folder into memory: serving then costs no stat and no stream. */
export async function loadStaticBundle(root: string): Promise<StaticBundle> {
  const bundle: StaticBundle = new Map();
  const files = (await listFiles(root)).filter((file) => !file.endsWith('.gz') && !file.endsWith('.br'));
  await Promise.all(
    files.map(async (file) => {
      const urlPath = `/${path.relative(root, file).split(path.sep).join('/')}`;
      const body = await readFile(file);
      bundle.set(urlPath, {
        body,
        gzip: await readFile(`${file}.gz`).catch(() => undefined),
        brotli: await readFile(`${file}.br`).catch(() => undefined),
        contentType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
        immutable: HASHED_ASSET.test(urlPath),
        ...(SEARCH_WORKER.test(urlPath) ? { contentSecurityPolicy: SEARCH_WORKER_POLICY } : {}),
      });
    }),
  );
  attachContentSecurityPolicy(bundle);
  return bundle;
}

/** Computes a build's policy once, at load, and hands it to each of its HTML files. */
export function attachContentSecurityPolicy(bundle: StaticBundle): string {
  const pages = [...bundle.values()].filter((file) => file.contentType.startsWith('text/html'));
  const policy = buildPolicy(pages.map((file) => file.body.toString('utf8')));
  for (const page of pages) page.contentSecurityPolicy = policy;
  return policy;
}

/** The file a URL path names: exact, then Docusaurus's `path/index.html`, then `path.html`. */
export function resolveStaticPath(bundle: StaticBundle, urlPath: string): { file: StaticFile; path: string } | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split('/').includes('..')) return undefined;
  const base = decoded.endsWith('/') ? decoded : `${decoded}/`;
  for (const candidate of [decoded, `${base}index.html`, `${decoded.replace(/\/$/, '')}.html`]) {
    const file = bundle.get(candidate);
    if (file) return { file, path: candidate };
  }
  return undefined;
}
