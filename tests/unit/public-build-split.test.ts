import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listFiles } from '../../plugins/portico/contract.ts';
import { PartsMergeError, mergeParts } from '../../plugins/portico/build/merge-parts.ts';
import { groupPublicApis } from '../../plugins/portico/build/public-groups.ts';

const api = (slug: string, operationCount: number) => ({ slug, operationCount });
const slugsOf = (groups: Array<Array<{ slug: string }>>) => groups.map((group) => group.map((entry) => entry.slug));

describe('groupPublicApis', () => {
  it('fills groups in slug order up to the limit of operations', () => {
    const apis = [api('d', 30), api('a', 30), api('c', 30), api('b', 30), api('e', 30)];
    expect(slugsOf(groupPublicApis(apis, 60))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(slugsOf(groupPublicApis(apis, 1000))).toEqual([['a', 'b', 'c', 'd', 'e']]);
  });

  it('gives an API larger than the limit a group of its own, and counts an API without operations as one', () => {
    expect(slugsOf(groupPublicApis([api('a', 10), api('b', 900), api('c', 0), api('d', 0)], 600))).toEqual([['a'], ['b'], ['c', 'd']]);
  });

  it('keeps every group within the limit and every API in exactly one group', () => {
    const apis = Array.from({ length: 70 }, (_, index) => api(`api-${String(index).padStart(3, '0')}`, 1 + ((index * 37) % 90)));
    const groups = groupPublicApis(apis, 600);
    for (const group of groups) expect(group.length === 1 || group.reduce((sum, entry) => sum + entry.operationCount, 0) <= 600).toBe(true);
    expect(
      groups
        .flat()
        .map((entry) => entry.slug)
        .sort(),
    ).toEqual(apis.map((entry) => entry.slug).sort());
  });

  it('has no groups without APIs and refuses a limit that is not a positive integer', () => {
    expect(groupPublicApis([], 600)).toEqual([]);
    expect(() => groupPublicApis([api('a', 1)], 0)).toThrow(/positive integer/);
    expect(() => groupPublicApis([api('a', 1)], 1.5)).toThrow(/positive integer/);
  });
});

describe('mergeParts', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'portico-merge-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function write(relative: string, text: string): Promise<void> {
    await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
    await writeFile(path.join(dir, relative), text);
  }
  const sitemap = (...locs: string[]) =>
    `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.map((loc) => `<url><loc>${loc}</loc></url>`).join('')}</urlset>`;

  it('moves pages and assets in, keeps the catalog 404 page, merges the sitemaps and removes the parts', async () => {
    await write('public/index.html', 'catalog');
    await write('public/404.html', 'catalog 404');
    await write('public/img/logo.svg', '<svg/>');
    // Large enough (over 1 KB) to be precompressed.
    const guides = Array.from({ length: 30 }, (_, index) => `https://portal.example/guides/page-${index}`);
    await write('public/sitemap.xml', sitemap(...guides));
    await write('parts/one/apis/a/index.html', 'API a');
    await write('parts/one/assets/js/main.1111.js', 'main one');
    await write('parts/one/img/logo.svg', '<svg/>');
    await write('parts/one/404.html', 'group 404');
    await write('parts/one/404.html.gz', 'group 404 gz');
    await write('parts/one/sitemap.xml', sitemap('https://portal.example/apis/a'));
    await write('parts/two/apis/b/index.html', 'API b');
    await write('parts/two/assets/js/main.2222.js', 'main two');
    await write('parts/two/sitemap.xml', sitemap('https://portal.example/apis/b'));

    await mergeParts(path.join(dir, 'public'), [path.join(dir, 'parts/one'), path.join(dir, 'parts/two')]);

    const files = (await listFiles(path.join(dir, 'public'))).map((file) => path.relative(path.join(dir, 'public'), file)).sort();
    expect(files).toEqual([
      '404.html',
      'apis/a/index.html',
      'apis/b/index.html',
      'assets/js/main.1111.js',
      'assets/js/main.2222.js',
      'img/logo.svg',
      'index.html',
      'sitemap.xml',
      'sitemap.xml.br',
      'sitemap.xml.gz',
    ]);
    expect(await readFile(path.join(dir, 'public/404.html'), 'utf8')).toBe('catalog 404');
    const merged = await readFile(path.join(dir, 'public/sitemap.xml'), 'utf8');
    expect(merged.match(/<loc>[^<]+<\/loc>/g)).toEqual(
      [...guides, 'https://portal.example/apis/a', 'https://portal.example/apis/b'].map((loc) => `<loc>${loc}</loc>`),
    );
    expect(brotliDecompressSync(await readFile(path.join(dir, 'public/sitemap.xml.br'))).toString()).toBe(merged);
    expect(await listFiles(path.join(dir, 'parts')).catch(() => [])).toEqual([]);
  });

  it('refuses two different files at one path instead of losing one', async () => {
    await write('public/apis/a/index.html', 'catalog says a');
    await write('parts/one/apis/a/index.html', 'group says a');
    await expect(mergeParts(path.join(dir, 'public'), [path.join(dir, 'parts/one')])).rejects.toBeInstanceOf(PartsMergeError);
    expect(await readFile(path.join(dir, 'public/apis/a/index.html'), 'utf8')).toBe('catalog says a');
  });
});
