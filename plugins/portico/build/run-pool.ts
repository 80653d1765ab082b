import os from 'node:os';

/** Each Docusaurus build of a mid-size API peaks around 1–3 GiB; leave room for the largest. */
const MEMORY_PER_BUILD = 3 * 1024 ** 3;

/** Parallel Docusaurus builds this machine can hold: one per core, within its memory. */
export function defaultBuildJobs(): number {
  return Math.max(1, Math.min(os.availableParallelism(), Math.floor(os.totalmem() / MEMORY_PER_BUILD)));
}

/** Runs `task` over `items`, at most `jobs` at a time; the first failure is rethrown once all settle. */
export async function runPool<T, R>(items: T[], jobs: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length && failures.length === 0) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  if (failures.length > 0) throw failures[0];
  return results;
}
