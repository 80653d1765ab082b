/**
 * A Docusaurus build's memory grows with the pages it holds (~6 MB per operation page here:
 * 2,100 operations peaked at 13.7 GiB). Public API docs are therefore built in groups of
 * bounded size, each its own build merged into the public folder.
 */
const PUBLIC_OPERATIONS_PER_BUILD = 600;

interface Sized {
  slug: string;
  operationCount: number;
}

/**
 * Splits APIs into groups of at most `limit` operations (an API larger than the limit is a
 * group of its own), filled in slug order so that a group's members, and so its cache key,
 * change only when an API of that group (or before it) gains or loses operations.
 */
export function groupPublicApis<T extends Sized>(apis: readonly T[], limit = PUBLIC_OPERATIONS_PER_BUILD): T[][] {
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
