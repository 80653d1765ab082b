import { createHash, type Hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listFiles } from '../contract.ts';

/** What a build is made from, beside the specs: site sources, theme, config, dependencies. */
const SITE_INPUTS = ['docs/guides', 'src', 'static', 'plugins', 'docusaurus.config.ts', 'sidebars.ts', 'package-lock.json'];

/**
 * One SHA-256 over every input file's path and bytes: equal hashes mean a rebuild would
 * produce the same site, so `portico build --if-changed` can skip it.
 */
export async function hashBuildInputs(siteDir: string, openapiDir: string, siteUrl: string): Promise<string> {
  const hash = createHash('sha256').update(`site-url:${siteUrl}\n`);
  await hashFiles(hash, siteDir, [...SITE_INPUTS.map((input) => path.join(siteDir, input)), openapiDir]);
  return hash.digest('hex');
}

/**
 * The same over the site alone (no spec): a target whose own specs and this hash are
 * unchanged builds to the same files, so its previous output can be reused.
 */
export async function hashSiteInputs(siteDir: string, siteUrl: string): Promise<string> {
  const hash = createHash('sha256').update(`site-url:${siteUrl}\n`);
  await hashFiles(
    hash,
    siteDir,
    SITE_INPUTS.map((input) => path.join(siteDir, input)),
  );
  return hash.digest('hex');
}

async function hashFiles(hash: Hash, siteDir: string, roots: string[]): Promise<void> {
  for (const root of roots) {
    const files = await listFiles(root).catch(() => [root]);
    for (const file of files.sort()) {
      const bytes = await readFile(file).catch(() => Buffer.from('<missing>'));
      hash
        .update(`${path.relative(siteDir, file)}\n`)
        .update(bytes)
        .update('\n');
    }
  }
}
