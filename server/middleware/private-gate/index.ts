import type { Context, MiddlewareHandler } from 'hono';
import type { ManifestApi } from '../../../plugins/portico/contract.ts';
import type { StaticBundle } from '../../site/static-bundle.ts';
import { staticFiles } from '../static-files/index.ts';

interface PrivateGateOptions {
  /** Private APIs and their builds, by slug. */
  builds: Map<string, { api: ManifestApi; bundle: StaticBundle }>;
  /** Whether the request may read this API's private docs. Deny by default. */
  canRead: (c: Context, api: ManifestApi) => boolean | Promise<boolean>;
  /** The answer to a request that may not read it. */
  deny: (c: Context, api: ManifestApi) => Response | Promise<Response>;
  /** The answer for /private/<unknown>. */
  notFound: (c: Context) => Response | Promise<Response>;
}

const PRIVATE_PATH = /^\/private\/([^/]+)(\/.*)?$/;

/** Private builds are cached by the reader's browser only, never by a shared cache. */
export const PRIVATE_REVALIDATE = 'private, no-cache';
export const PRIVATE_IMMUTABLE = 'private, max-age=31536000, immutable';

/**
 * Everything under /private/<slug>/ is a separate build that only readers with a grant
 * may fetch: the decision is taken before any byte of it is looked up.
 */
export function privateGate(options: PrivateGateOptions): MiddlewareHandler {
  const servers = new Map(
    [...options.builds].map(([slug, build]) => [
      slug,
      staticFiles({
        bundle: build.bundle,
        basePath: `/private/${slug}`,
        revalidateCacheControl: PRIVATE_REVALIDATE,
        immutableCacheControl: PRIVATE_IMMUTABLE,
        notFoundPath: build.bundle.has('/404.html') ? '/404.html' : undefined,
      }),
    ]),
  );

  return async function privateGateMiddleware(c, next) {
    const match = PRIVATE_PATH.exec(c.req.path);
    if (!match) return c.req.path === '/private' ? options.notFound(c) : next();
    const slug = match[1] ?? '';
    const build = options.builds.get(slug);
    const serve = servers.get(slug);
    if (!build || !serve) return options.notFound(c);
    if (!(await options.canRead(c, build.api))) return options.deny(c, build.api);
    if (match[2] === undefined) return c.redirect(`/private/${slug}/`, 301);
    return serve(c, async () => {
      c.res = await options.notFound(c);
    });
  };
}
