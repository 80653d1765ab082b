import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { StaticBundle } from '../../site/static-bundle.ts';
import { replayedFiles } from '../static-files/public-files.ts';
import { PRIVATE_IMMUTABLE, PRIVATE_REVALIDATE } from './index.ts';

/**
 * The gate's "yes" for a session token and an API, remembered for a moment (decision 017).
 *
 * A private documentation page is a file in memory; checking the session and the grant costs
 * two database queries, ten times the file. A reader opening the docs fetches a page and its
 * assets, then moves on: the answer given a second ago is reused instead. Only admissions are
 * remembered (a refusal is always checked afresh), only for `ttlMs`, only until the session
 * expires, and all of them are dropped whenever this instance handles a request that may change
 * something (sign out, a revoked grant, a role change all arrive as such requests). A change made
 * through another instance is seen at the latest `ttlMs` later.
 */
export interface RecentReaders {
  /** Whether `token` was admitted to `slug` a moment ago and its session is still valid at `now`. */
  allows(token: string, slug: string, now: number): boolean;
  /** Counts forgets: an admission checked before a forget is not remembered after it. */
  generation(): number;
  remember(token: string, slug: string, sessionExpiresAt: number, checkedInGeneration: number): void;
  forget(): void;
}

interface Admission {
  slugs: Set<string>;
  /** performance.now(): the age is real time, whatever clock the services run on. */
  checkedAt: number;
  sessionExpiresAt: number;
}

export function createRecentReaders(options: { ttlMs: number; maxEntries?: number }): RecentReaders {
  if (options.ttlMs <= 0) throw new Error('createRecentReaders: ttlMs must be positive');
  const maxEntries = options.maxEntries ?? 10_000;
  // Keyed by the whole cookie value (id and secret): a session id alone never matches.
  const admissions = new Map<string, Admission>();
  let generation = 0;
  const young = (admission: Admission | undefined): admission is Admission =>
    admission !== undefined && performance.now() - admission.checkedAt < options.ttlMs;

  return {
    allows(token, slug, now) {
      const admission = admissions.get(token);
      return young(admission) && now < admission.sessionExpiresAt && admission.slugs.has(slug);
    },
    generation: () => generation,
    remember(token, slug, sessionExpiresAt, checkedInGeneration) {
      if (checkedInGeneration !== generation) return;
      const admission = admissions.get(token);
      if (young(admission)) {
        admission.slugs.add(slug);
        return;
      }
      // A bounded memory: past the bound, start over (everyone is checked again once).
      if (admissions.size >= maxEntries) admissions.clear();
      admissions.set(token, { slugs: new Set([slug]), checkedAt: performance.now(), sessionExpiresAt });
    },
    forget() {
      generation++;
      admissions.clear();
    },
  };
}

const PRIVATE_PAGE = /^\/private\/([^/]+)\//;

/** The API a GET or HEAD of a private page is for, if any. */
function privatePageSlug(c: Context): string | undefined {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return undefined;
  return PRIVATE_PAGE.exec(c.req.path)?.[1];
}

/** A private page asked with a session token admitted to its API a moment ago. */
function recentlyAdmitted(readers: RecentReaders, c: Context, cookieName: string, now: number): boolean {
  const slug = privatePageSlug(c);
  if (!slug) return false;
  const token = getCookie(c, cookieName);
  return token !== undefined && readers.allows(token, slug, now);
}

/**
 * The private pages of readers admitted a moment ago, answered before the session lookup and
 * the gate (like the public files); anything else goes on to the gate.
 */
export function admittedPrivateFiles(options: {
  builds: Map<string, { bundle: StaticBundle }>;
  readers: RecentReaders;
  cookieName: string;
  now: () => number;
  decorate: MiddlewareHandler;
}): MiddlewareHandler {
  return replayedFiles({
    decorate: options.decorate,
    locate: (c) => {
      const slug = privatePageSlug(c);
      const build = slug ? options.builds.get(slug) : undefined;
      if (!slug || !build || !recentlyAdmitted(options.readers, c, options.cookieName, options.now())) return undefined;
      return { bundle: build.bundle, path: c.req.path.slice(`/private/${slug}`.length), revalidate: PRIVATE_REVALIDATE, immutable: PRIVATE_IMMUTABLE };
    },
  });
}
