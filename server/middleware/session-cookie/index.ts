import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { validateSessionToken, type SessionPolicy } from '../../auth/session.ts';
import type { Database } from '../../db/client.ts';
import type { AppEnv } from '../../http/env.ts';

export interface SessionCookieOptions {
  db: Database;
  policy: SessionPolicy;
  /** Secure cookies (HTTPS only): on in production. */
  secure: boolean;
  cookieName?: string;
}

export const DEFAULT_SESSION_COOKIE = 'portico_session';

/** Reads the session cookie into `c.var.auth` (or null) and slides its expiry. */
export function sessionCookie(options: SessionCookieOptions): MiddlewareHandler<AppEnv> {
  if (options.policy.ttlMs <= 0) throw new Error('sessionCookie: policy.ttlMs must be positive');
  const name = options.cookieName ?? DEFAULT_SESSION_COOKIE;
  return async function sessionCookieMiddleware(c, next) {
    const token = getCookie(c, name);
    const auth = token ? await validateSessionToken(options.db, token, options.policy) : null;
    if (token && !auth) deleteCookie(c, name, { path: '/' });
    if (auth?.refreshed && token) writeSessionCookie(c, name, token, auth.session.expiresAt, options.secure);
    c.set('auth', auth);
    await next();
  };
}

export function writeSessionCookie(c: Context, name: string, token: string, expiresAt: number, secure: boolean): void {
  setCookie(c, name, token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', expires: new Date(expiresAt) });
}

export function clearSessionCookie(c: Context, name = DEFAULT_SESSION_COOKIE): void {
  deleteCookie(c, name, { path: '/' });
}
