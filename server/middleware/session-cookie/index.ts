import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { validateSessionToken, type SessionPolicy } from '../../auth/session.ts';
import type { Database } from '../../db/client.ts';
import type { AppEnv } from '../../http/env.ts';

interface SessionCookieOptions {
  db: Database;
  policy: SessionPolicy;
  /** Secure cookies (HTTPS only): on in production. */
  secure: boolean;
  cookieName?: string;
  /** The services' clock (ServiceContext.now): a session's expiry follows the same time as everything else. */
  now: () => number;
}

const DEFAULT_SESSION_COOKIE = 'portico_session';

/**
 * Over HTTPS the cookie is `__Host-portico_session`: browsers then refuse it unless it is
 * Secure, Path=/ and without Domain, so neither a sibling subdomain nor a plain-HTTP page
 * can plant or overwrite it. Plain http://localhost cannot use the prefix.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? `__Host-${DEFAULT_SESSION_COOKIE}` : DEFAULT_SESSION_COOKIE;
}

/** Reads the session cookie into `c.var.auth` (or null) and slides its expiry. */
export function sessionCookie(options: SessionCookieOptions): MiddlewareHandler<AppEnv> {
  if (options.policy.ttlMs <= 0) throw new Error('sessionCookie: policy.ttlMs must be positive');
  const name = options.cookieName ?? sessionCookieName(options.secure);
  return async function sessionCookieMiddleware(c, next) {
    const token = getCookie(c, name);
    const auth = token ? await validateSessionToken(options.db, token, options.policy, options.now()) : null;
    if (token && !auth) clearSessionCookie(c, name, options.secure);
    if (auth?.refreshed && token) writeSessionCookie(c, name, token, auth.session.expiresAt, options.secure);
    c.set('auth', auth);
    await next();
  };
}

/**
 * HttpOnly (no script reads it), SameSite=Lax (sent on top-level links from emails, so an owner
 * lands signed in; never on cross-site POSTs, which the Origin check refuses anyway), Path=/,
 * no Domain (this host only), Secure over HTTPS.
 */
export function writeSessionCookie(c: Context, name: string, token: string, expiresAt: number, secure: boolean): void {
  setCookie(c, name, token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', expires: new Date(expiresAt) });
}

export function clearSessionCookie(c: Context, name: string, secure: boolean): void {
  deleteCookie(c, name, { httpOnly: true, sameSite: 'Lax', secure, path: '/' });
}
