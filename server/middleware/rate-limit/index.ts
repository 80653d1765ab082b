import type { Context, MiddlewareHandler } from 'hono';
import type { Database } from '../../db/client.ts';
import { countHit } from '../../db/counters.ts';
import type { AppEnv } from '../../http/env.ts';
import { errorJson } from '../../http/errors.ts';

interface RateLimitOptions {
  db: Database;
  /** Names the counter: "sign-in", "register"… */
  name: string;
  limit: number;
  windowMs: number;
  /** What is counted: by default the client address. */
  key?: (c: Context) => string | Promise<string>;
  now?: () => number;
}

/**
 * Fixed-window limits kept in the database, so every instance shares them. One upsert per
 * request: the counter restarts when its window is over.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  if (options.limit < 1 || options.windowMs < 1000) throw new Error(`rateLimit(${options.name}): limit >= 1 and windowMs >= 1000 required`);
  const keyOf = options.key ?? clientAddress;
  const now = options.now ?? Date.now;
  return async function rateLimitMiddleware(c, next) {
    const hit = await countHit(options.db, `${options.name}:${await keyOf(c)}`, options.windowMs, now());
    if (hit.count > options.limit) {
      c.header('Retry-After', String(hit.retryAfterSeconds));
      return errorJson(c, 'rate_limited', `Too many attempts. Try again in ${Math.ceil(hit.retryAfterSeconds / 60)} minute(s).`);
    }
    return next();
  };
}

/**
 * The client's address behind `hops` reverse proxies (load balancer, CDN) that each append the
 * address they received the request from to X-Forwarded-For: the hops-th entry from the right.
 * Entries further left are whatever the client wrote, never trusted. With 0 hops, or a header
 * with fewer entries than hops, the socket's peer.
 */
export function clientAddressBehind(hops: number): (c: Context) => string {
  if (!Number.isInteger(hops) || hops < 0) throw new Error(`clientAddressBehind: hops must be a whole number >= 0 (got ${hops})`);
  if (hops === 0) return clientAddress;
  return (c) => {
    const forwarded = (c.req.header('X-Forwarded-For') ?? '').split(',').map((entry) => entry.trim());
    const address = forwarded.length >= hops ? forwarded[forwarded.length - hops] : undefined;
    return address ? address.slice(0, 64) : clientAddress(c);
  };
}

/**
 * The signed-in user, for limits that follow an account whatever address it comes from. Mount
 * it behind a sign-in check: a request without a session is refused before it is counted.
 */
export function signedInUser(c: Context): string {
  const auth = (c as Context<AppEnv>).get('auth');
  if (!auth) throw new Error('rateLimit: signedInUser keys a route that requires a session (check the sign-in first)');
  return `user:${auth.user.id}`;
}

export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
