import type { MiddlewareHandler } from 'hono';
import { errorJson } from '../../http/errors.ts';

interface OriginCheckOptions {
  /** Origins allowed to send unsafe requests, e.g. "https://developer.example.com". */
  allowedOrigins: string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for every unsafe method, JSON included (hono/csrf lets JSON through): the
 * Origin header — or, failing it, the Referer — must be one of ours. Browsers always send
 * Origin on cross-site POSTs; a request that names no origin at all is refused too.
 */
export function originCheck(options: OriginCheckOptions): MiddlewareHandler {
  if (options.allowedOrigins.length === 0) throw new Error('originCheck: allowedOrigins must not be empty');
  const allowed = new Set(options.allowedOrigins.map((origin) => new URL(origin).origin));
  return async function originCheckMiddleware(c, next) {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const requestOrigin = new URL(c.req.url).origin;
    const claimed = c.req.header('Origin') ?? originOf(c.req.header('Referer'));
    if (!claimed || (claimed !== requestOrigin && !allowed.has(claimed))) {
      return errorJson(c, 'bad_origin', 'This request did not come from the portal (missing or foreign Origin header).');
    }
    return next();
  };
}

function originOf(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  return new URL(url).origin;
}
