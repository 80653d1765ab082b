import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BuildStoppedError } from './build-stopped.ts';
import { precompressFile } from './compress.ts';
import { listFiles } from '../contract.ts';

/** Files every Docusaurus build writes for itself: the destination's are kept. */
const OWN_FILES_OF_A_BUILD = new Set(['404.html', 'sitemap.xml']);
const SITEMAP = 'sitemap.xml';
const URL_ELEMENT = /<url>[\s\S]*?<\/url>/g;

export class PartsMergeError extends BuildStoppedError {
  constructor(readonly file: string) {
    super(`builds merged into one folder disagree on ${file}: two builds wrote different files at the same path`);
    this.name = 'PartsMergeError';
  }
}

/**
 * Moves the files of builds into the folder of the build they belong to: the public API builds
 * into the public folder, the later parts of an API built in parts into its first part's. Their
 * pages have paths of their own and their assets content-hashed names, so they never overwrite
 * the destination's; shared static files are identical. Anything else written twice with
 * different bytes is a bug, refused rather than silently lost. The parts' sitemaps are merged
 * into the destination's; its own 404 page stays.
 */
export async function mergeParts(destination: string, partDirs: string[]): Promise<{ files: number }> {
  const sitemapUrls: string[] = [];
  let files = 0;
  for (const partDir of partDirs) {
    for (const file of await listFiles(partDir)) {
      const relative = path.relative(partDir, file);
      const original = relative.replace(/\.(gz|br)$/, '');
      if (OWN_FILES_OF_A_BUILD.has(original)) {
        if (relative === SITEMAP) sitemapUrls.push(...((await readFile(file, 'utf8')).match(URL_ELEMENT) ?? []));
        continue;
      }
      const target = path.join(destination, relative);
      const existing = await readFile(target).catch(() => undefined);
      if (existing) {
        if (!existing.equals(await readFile(file))) throw new PartsMergeError(relative);
        continue;
      }
      await mkdir(path.dirname(target), { recursive: true });
      await rename(file, target);
      files++;
    }
    await rm(partDir, { recursive: true, force: true });
  }
  if (sitemapUrls.length > 0) await appendToSitemap(path.join(destination, SITEMAP), sitemapUrls);
  return { files };
}

async function appendToSitemap(file: string, urls: string[]): Promise<void> {
  const sitemap = await readFile(file, 'utf8').catch(() => undefined);
  if (sitemap === undefined || !sitemap.includes('</urlset>')) return;
  await writeFile(file, sitemap.replace('</urlset>', `${urls.join('')}</urlset>`));
  await precompressFile(file);
}
