import type { Context, MiddlewareHandler } from 'hono';
import { resolveStaticPath, type StaticBundle, type StaticFile } from '../../site/static-bundle.ts';
import { IMMUTABLE, REVALIDATE, bodyOf, chooseEncoding, matchesEtag, sendFile } from './index.ts';

/** Where a request's file is, if this shortcut may answer it. */
interface FileLocation {
  bundle: StaticBundle;
  /** The path inside the bundle ("/" for its root). */
  path: string;
  revalidate: string;
  immutable: string;
}

interface ReplayedFilesOptions {
  /** The bundle and path a GET or HEAD asks for; undefined lets the rest of the application answer. */
  locate: (c: Context) => FileLocation | undefined;
  /** The middleware that adds the security headers: run on a file's first response, then replayed. */
  decorate: MiddlewareHandler;
}

/**
 * Files answered before sessions, routing and the gate. A file's response depends on nothing
 * but the file, its cache policy, the encoding and whether the client already has it, so its
 * headers — the security headers included, as `decorate` set them on the first such response —
 * are kept as a plain object and replayed: no Headers object, no middleware chain per request
 * (decision 017; measured in bench/README.md, "Serving").
 */
export function replayedFiles(options: ReplayedFilesOptions): MiddlewareHandler {
  const replay = new WeakMap<StaticFile, Map<string, Record<string, string>>>();

  return async function replayedFilesMiddleware(c, next) {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') return next();
    const location = options.locate(c);
    const file = location && resolveStaticPath(location.bundle, location.path)?.file;
    if (!location || !file) return next();
    const cacheControl = file.immutable ? location.immutable : location.revalidate;
    const notModified = matchesEtag(c.req.header('If-None-Match'), file.etag);
    const encoding = notModified ? 'identity' : chooseEncoding(c.req.header('Accept-Encoding') ?? '', file);
    const variant = `${notModified ? 304 : 200} ${encoding} ${cacheControl}`;
    let variants = replay.get(file);
    if (!variants) {
      variants = new Map();
      replay.set(file, variants);
    }
    const headers = variants.get(variant);
    if (!headers) {
      await options.decorate(c, async () => {
        c.res = sendFile(c, file, cacheControl, 200);
      });
      // Nothing per-user runs before this middleware, so there is no cookie to keep; refuse one anyway.
      if (!c.res.headers.has('Set-Cookie')) variants.set(variant, Object.fromEntries(c.res.headers));
      return c.res;
    }
    const body = notModified || method === 'HEAD' ? null : (bodyOf(file, encoding) as Uint8Array<ArrayBuffer>);
    return new Response(body, { status: notModified ? 304 : 200, headers });
  };
}

/** The public build, except the paths the application answers itself. */
export function publicFiles(options: { bundle: StaticBundle; isApplicationPath: (path: string) => boolean; decorate: MiddlewareHandler }): MiddlewareHandler {
  return replayedFiles({
    decorate: options.decorate,
    locate: (c) =>
      options.isApplicationPath(c.req.path) ? undefined : { bundle: options.bundle, path: c.req.path, revalidate: REVALIDATE, immutable: IMMUTABLE },
  });
}
