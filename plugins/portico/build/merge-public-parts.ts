import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BuildStoppedError } from './build-stopped.ts';
import { precompressFile } from './compress.ts';
import { listFiles } from '../contract.ts';

/** Files every Docusaurus build writes for itself: the catalog build's are the site's. */
const OWN_FILES_OF_A_BUILD = new Set(['404.html', 'sitemap.xml']);
const SITEMAP = 'sitemap.xml';
const URL_ELEMENT = /<url>[\s\S]*?<\/url>/g;

export class PublicMergeError extends BuildStoppedError {
  constructor(readonly file: string) {
    super(`public builds disagree on ${file}: two builds wrote different files at the same path`);
    this.name = 'PublicMergeError';
  }
}

/**
 * Moves the files of the public API builds into the public folder. Their pages live under
 * /apis/ and their assets have content-hashed names, so they never overwrite the catalog's;
 * shared static files are identical. Anything else written twice with different bytes is a
 * bug, refused rather than silently lost. The parts' sitemaps are merged into the site's.
 */
export async function mergePublicParts(publicDir: string, partDirs: string[]): Promise<{ files: number }> {
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
      const destination = path.join(publicDir, relative);
      const existing = await readFile(destination).catch(() => undefined);
      if (existing) {
        if (!existing.equals(await readFile(file))) throw new PublicMergeError(relative);
        continue;
      }
      await mkdir(path.dirname(destination), { recursive: true });
      await rename(file, destination);
      files++;
    }
    await rm(partDir, { recursive: true, force: true });
  }
  if (sitemapUrls.length > 0) await appendToSitemap(path.join(publicDir, SITEMAP), sitemapUrls);
  return { files };
}

async function appendToSitemap(file: string, urls: string[]): Promise<void> {
  const sitemap = await readFile(file, 'utf8').catch(() => undefined);
  if (sitemap === undefined || !sitemap.includes('</urlset>')) return;
  await writeFile(file, sitemap.replace('</urlset>', `${urls.join('')}</urlset>`));
  await precompressFile(file);
}
