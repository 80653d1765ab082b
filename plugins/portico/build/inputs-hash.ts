import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listFiles } from './compress.ts';

/** What a build is made from, beside the specs: site sources, theme, config, dependencies. */
const SITE_INPUTS = ['docs/guides', 'src', 'static', 'plugins', 'docusaurus.config.ts', 'sidebars.ts', 'package-lock.json'];

/**
 * One SHA-256 over every input file's path and bytes: equal hashes mean a rebuild would
 * produce the same site, so `portico build --if-changed` can skip it.
 */
export async function hashBuildInputs(siteDir: string, openapiDir: string, siteUrl: string): Promise<string> {
  const hash = createHash('sha256').update(`site-url:${siteUrl}\n`);
  const roots = [...SITE_INPUTS.map((input) => path.join(siteDir, input)), openapiDir];
  for (const root of roots) {
    const files = await listFiles(root).catch(() => [root]);
    for (const file of files.sort()) {
      const bytes = await readFile(file).catch(() => Buffer.from('<missing>'));
      hash.update(`${path.relative(siteDir, file)}\n`).update(bytes).update('\n');
    }
  }
  return hash.digest('hex');
}
