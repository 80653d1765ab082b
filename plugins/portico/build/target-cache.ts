import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Finished target outputs (HTML, assets and their .gz/.br), kept in the work folder under a
 * key made of everything the target is built from. A target whose key is unchanged is
 * copied, not rebuilt: editing one private spec rebuilds that API alone (and the public
 * site only if its catalog card changed).
 */
export interface TargetCache {
  /** The key of a target: the site's sources, the target's name and its own inputs. */
  keyOf(name: string, inputs: unknown): string;
  /** Copies the cached output of `name` into `outDir` when it was built from `key`; its facts, or undefined. */
  restore(name: string, key: string, outDir: string): Promise<TargetFacts | undefined>;
  save(name: string, key: string, outDir: string, facts: TargetFacts): Promise<void>;
  /** Rspack's own persistent cache folder for `name`, valid for this site's sources only. */
  rspackDir(name: string): Promise<string>;
}

/** What the summary reports about a target without rebuilding it. */
interface TargetFacts {
  pages: Record<string, number>;
}

const KEY_FILE = 'key.json';

export function createTargetCache(root: string, siteHash: string): TargetCache {
  const outputsDir = path.join(root, 'targets');
  return {
    keyOf(name, inputs) {
      return createHash('sha256').update(`${siteHash}\n${name}\n`).update(JSON.stringify(inputs)).digest('hex');
    },
    async restore(name, key, outDir) {
      const dir = path.join(outputsDir, name);
      const stored = await readFile(path.join(dir, KEY_FILE), 'utf8')
        .then((text) => JSON.parse(text) as { key: string; facts: TargetFacts })
        .catch(() => undefined);
      if (stored?.key !== key) return undefined;
      await rm(outDir, { recursive: true, force: true });
      await cp(path.join(dir, 'output'), outDir, { recursive: true });
      return stored.facts;
    },
    async save(name, key, outDir, facts) {
      // Written aside and renamed: an interrupted save leaves no half output under a valid key.
      const dir = path.join(outputsDir, name);
      const fresh = `${dir}.saving`;
      await rm(fresh, { recursive: true, force: true });
      await mkdir(fresh, { recursive: true });
      await cp(outDir, path.join(fresh, 'output'), { recursive: true });
      await writeFile(path.join(fresh, KEY_FILE), JSON.stringify({ key, facts }));
      await rm(dir, { recursive: true, force: true });
      await rename(fresh, dir);
    },
    async rspackDir(name) {
      // Rspack keys its cache on neither the target nor our plugin code (decision 016): one
      // folder per target, dropped whenever the site's sources change.
      const targetDir = path.join(root, 'rspack', name);
      const current = siteHash.slice(0, 16);
      const stale = await readdir(targetDir).catch(() => [] as string[]);
      for (const entry of stale.filter((entry) => entry !== current)) await rm(path.join(targetDir, entry), { recursive: true, force: true });
      return path.join(targetDir, current);
    },
  };
}
