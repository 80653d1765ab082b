/**
 * A Docusaurus build's memory grows with the pages it holds: ~9 MB per page of a synthetic API,
 * ~11–13 MB per page of GitHub's or Stripe's (500 synthetic operations peaked at 5.2 GiB,
 * GitHub's 845 at 8.6 GiB; at 300 per build GitHub's parts still reached 5.0 GiB). No build
 * holds more than this many operations, so that each stays under 4 GiB (bench/README.md): public API docs are built
 * in groups of bounded size, each merged into the public folder, and an API larger than the
 * bound is built in parts (api-part-builds.ts, decision 027).
 */
const OPERATIONS_PER_BUILD = 200;

interface Sized {
  slug: string;
  operationCount: number;
}

/**
 * Splits APIs into groups of at most `limit` operations (an API larger than the limit is a
 * group of its own, built in parts: `partsFor`), filled in slug order so that a group's members, and so its cache key,
 * change only when an API of that group (or before it) gains or loses operations.
 */
export function groupPublicApis<T extends Sized>(apis: readonly T[], limit = OPERATIONS_PER_BUILD): T[][] {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`operations per build must be a positive integer, got ${limit}`);
  const groups: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const api of [...apis].sort((a, b) => a.slug.localeCompare(b.slug))) {
    const operations = Math.max(1, api.operationCount);
    if (current.length > 0 && size + operations > limit) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(api);
    size += operations;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Builds an API of `operationCount` operations needs: one, or parts of at most `limit` operations each. */
export function partsFor(operationCount: number, limit = OPERATIONS_PER_BUILD): number {
  return Math.max(1, Math.ceil(operationCount / limit));
}
