import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listFiles } from '../contract.ts';
import type { Progress } from './progress.ts';

/**
 * The guides (docs/) are public pages of the catalog build; a private API's environment URLs
 * are shown only to its approved readers (the public Overview leaves them out). A guide that
 * names one undoes that: `portico build` warns, naming the file, the line and the API. A
 * warning rather than an error, like a broken link: the author may be about to publish the API.
 */

interface PrivateEnvironment {
  slug: string;
  environment: string;
  url: string;
}

/** What the check needs of an API: its visibility and its environments' URLs. */
interface ApiEnvironments {
  slug: string;
  visibility: string;
  environments: Array<{ name: string; url: string }>;
}

export function privateEnvironmentsOf(apis: ApiEnvironments[]): PrivateEnvironment[] {
  return apis
    .filter((api) => api.visibility === 'private')
    .flatMap((api) => api.environments.map((environment) => ({ slug: api.slug, environment: environment.name, url: environment.url })));
}

/**
 * One line per guide line that names a private environment URL, with or without its scheme, in
 * any case of host name, or a path under it (`…/claims/v1/claims`). `…/claims/v10` is another URL.
 */
export function findPrivateUrlsInGuides(guides: Array<{ file: string; text: string }>, environments: PrivateEnvironment[]): string[] {
  const patterns = environments.flatMap((environment) => {
    const pattern = urlPattern(environment.url);
    return pattern ? [{ environment, pattern }] : [];
  });
  const warnings: string[] = [];
  for (const guide of guides) {
    guide.text.split(/\r?\n/).forEach((line, index) => {
      for (const { environment, pattern } of patterns) {
        if (!pattern.test(line)) continue;
        warnings.push(
          `${guide.file}:${index + 1} names the ${environment.environment} URL of the private API ${environment.slug} (${environment.url}): a guide is public, use the Overview page or the portal's sandbox URL`,
        );
      }
    });
  }
  return warnings;
}

/** The URL without its scheme and trailing slash, matched case-insensitively, ending at a path boundary. */
function urlPattern(url: string): RegExp | undefined {
  const bare = url
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/\/+$/, '');
  if (!bare.includes('.')) return undefined; // not a URL a reader could use: nothing to hide
  const escaped = bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.-])${escaped}(?![\\w.~%-])`, 'i');
}

/** Reads every .md and .mdx under `<siteDir>/docs` and warns of each private URL through the build's progress. */
export async function warnOfPrivateUrlsInGuides(siteDir: string, apis: ApiEnvironments[], progress: Pick<Progress, 'warn'>): Promise<void> {
  const environments = privateEnvironmentsOf(apis);
  if (environments.length === 0) return;
  const docsDir = path.join(siteDir, 'docs');
  const files = await listFiles(docsDir).catch(() => [] as string[]);
  const guides = await Promise.all(
    files
      .filter((file) => /\.mdx?$/i.test(file))
      .sort()
      .map(async (file) => ({ file: path.relative(siteDir, file).split(path.sep).join('/'), text: await readFile(file, 'utf8') })),
  );
  for (const warning of findPrivateUrlsInGuides(guides, environments)) progress.warn(`private URL in a guide: ${warning}`);
}
