import type { Context, MiddlewareHandler } from 'hono';
import { resolveStaticPath, type StaticBundle, type StaticFile } from '../../site/static-bundle.ts';

interface StaticFilesOptions {
  bundle: StaticBundle;
  /** URL prefix the bundle is served under ("" for the site root, "/private/claims"). */
  basePath?: string;
  /** Cache-Control for files that are not content-hashed (HTML, sitemap, images). */
  revalidateCacheControl?: string;
  /** Cache-Control for content-hashed assets. */
  immutableCacheControl?: string;
  /** Page served with status 404 when nothing matches; omit to fall through to next(). */
  notFoundPath?: string;
}

/** Public files: pages revalidate (a new build shows at once), hashed assets never change. */
export const REVALIDATE = 'no-cache';
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves a build from memory with build-time gzip/brotli, ETag/304 and cache headers.
 * Hashed assets are immutable; everything else must revalidate, so a new build shows at once.
 */
export function staticFiles(options: StaticFilesOptions): MiddlewareHandler {
  const basePath = (options.basePath ?? '').replace(/\/$/, '');
  if (basePath !== '' && !basePath.startsWith('/')) throw new Error(`staticFiles: basePath must start with "/" (got "${basePath}")`);
  const revalidate = options.revalidateCacheControl ?? REVALIDATE;
  const immutable = options.immutableCacheControl ?? IMMUTABLE;
  const notFound = options.notFoundPath ? options.bundle.get(options.notFoundPath) : undefined;
  if (options.notFoundPath && !notFound) throw new Error(`staticFiles: notFoundPath ${options.notFoundPath} is not in the bundle`);

  return async function staticFilesMiddleware(c, next) {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const urlPath = c.req.path;
    if (basePath && urlPath !== basePath && !urlPath.startsWith(`${basePath}/`)) return next();
    const found = resolveStaticPath(options.bundle, urlPath.slice(basePath.length) || '/');
    if (!found) {
      if (!notFound) return next();
      return sendFile(c, notFound, revalidate, 404);
    }
    return sendFile(c, found.file, found.file.immutable ? immutable : revalidate, 200);
  };
}

export function sendFile(c: Context, file: StaticFile, cacheControl: string, status: 200 | 403 | 404): Response {
  const headers = new Headers({
    'Content-Type': file.contentType,
    'Cache-Control': cacheControl,
    ETag: file.etag,
    'X-Content-Type-Options': 'nosniff',
  });
  if (file.contentSecurityPolicy) headers.set('Content-Security-Policy', file.contentSecurityPolicy);
  if (file.gzip || file.brotli) headers.set('Vary', 'Accept-Encoding');
  if (status === 200 && matchesEtag(c.req.header('If-None-Match'), file.etag)) {
    return new Response(null, { status: 304, headers });
  }
  const body = pickEncoding(c.req.header('Accept-Encoding') ?? '', file, headers);
  headers.set('Content-Length', String(body.length));
  return new Response(c.req.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status, headers });
}

/** An encoding named in Accept-Encoding and not refused with q=0 (built once: this runs on every file served). */
const ACCEPTS = {
  br: /(^|[\s,])br(?!;q=0(\.0*)?(\s|,|$))/,
  gzip: /(^|[\s,])gzip(?!;q=0(\.0*)?(\s|,|$))/,
};

type Encoding = 'br' | 'gzip' | 'identity';

/** Brotli, then gzip, when the client takes it and the build made it; else the file as it is. */
export function chooseEncoding(acceptEncoding: string, file: StaticFile): Encoding {
  if (file.brotli && ACCEPTS.br.test(acceptEncoding)) return 'br';
  if (file.gzip && ACCEPTS.gzip.test(acceptEncoding)) return 'gzip';
  return 'identity';
}

export function bodyOf(file: StaticFile, encoding: Encoding): Buffer {
  return (encoding === 'br' ? file.brotli : encoding === 'gzip' ? file.gzip : undefined) ?? file.body;
}

function pickEncoding(acceptEncoding: string, file: StaticFile, headers: Headers): Buffer {
  const encoding = chooseEncoding(acceptEncoding, file);
  if (encoding !== 'identity') headers.set('Content-Encoding', encoding);
  return bodyOf(file, encoding);
}

export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header === '*' || header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
