import { mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Files kept under a name made of their input's hash (compressed and minified results, shared
 * by every build target). Reading one marks it used; `pruneUnusedSince` drops those no build
 * has used for a while, so the cache follows the specs instead of growing with every edit.
 */
export const UNUSED_DAYS_BEFORE_PRUNING = 30;

/** The shared caches of a work folder: build-time .gz/.br, and minified chunks. */
export function sharedCacheDirs(workDir: string): { compressed: string; minified: string } {
  return { compressed: path.join(workDir, 'cache', 'compressed'), minified: path.join(workDir, 'cache', 'minified') };
}

export async function readCachedFile(file: string): Promise<Buffer | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  const now = new Date();
  await utimes(file, now, now).catch(() => undefined); // pruned meanwhile: the bytes are still good
  return bytes;
}

/** Written aside and renamed: a concurrent build never reads half a file. */
export async function writeCachedFile(file: string, bytes: Buffer | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, file);
}

/** Removes files not read or written since `cutoff`; returns how many. A missing folder is empty. */
export async function pruneUnusedSince(directory: string, cutoff: Date): Promise<number> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true }).catch(() => []);
  let removed = 0;
  for (const entry of entries.filter((candidate) => candidate.isFile())) {
    const file = path.join(entry.parentPath, entry.name);
    const { mtime } = await stat(file).catch(() => ({ mtime: new Date() }));
    if (mtime < cutoff) {
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}
