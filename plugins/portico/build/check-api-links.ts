import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

// The HTML is minified: attribute values may be quoted either way or not at all.
const HREF = /\shref=(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/g;
const API_PATH = /^\/apis(?:\/[^#?]*)?(?=$|[#?])/;

/**
 * Links from the catalog build's pages (guides, Overview pages) into the public API docs cross
 * builds, so Docusaurus cannot check them (remark-api-links.ts): checked here against the
 * merged public folder. Returns one line per page and link that leads nowhere.
 */
export async function findBrokenApiLinks(publicDir: string, catalogPages: string[]): Promise<string[]> {
  const broken: string[] = [];
  for (const page of catalogPages) {
    const html = await readFile(page, 'utf8');
    for (const match of html.matchAll(HREF)) {
      const target = API_PATH.exec(match[1] ?? match[2] ?? match[3] ?? '')?.[0];
      if (target && !(await isPage(publicDir, target)))
        broken.push(`${path.relative(publicDir, page)} links to ${target}, which is not a page of the public API docs`);
    }
  }
  return [...new Set(broken)];
}

async function isPage(publicDir: string, urlPath: string): Promise<boolean> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath).replace(/\/+$/, '');
  } catch {
    return false; // malformed %-escape
  }
  const candidates = [path.join(publicDir, relative, 'index.html'), path.join(publicDir, `${relative}.html`)];
  for (const candidate of candidates) {
    if (!candidate.startsWith(path.join(publicDir, 'apis') + path.sep)) continue; // "/apis/../x" is not the API docs
    if (
      await stat(candidate).then(
        (info) => info.isFile(),
        () => false,
      )
    )
      return true;
  }
  return false;
}
