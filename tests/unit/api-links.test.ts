import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBrokenApiLinks } from '../../plugins/portico/build/check-api-links.ts';
import { rewriteApiLinks } from '../../plugins/portico/remark-api-links.ts';

describe('rewriteApiLinks (guides → API docs, another build)', () => {
  it('makes links and definitions into /apis/ full page loads in the same tab, and leaves the others', () => {
    const tree = {
      type: 'root',
      children: [
        { type: 'paragraph', children: [{ type: 'link', url: '/apis/quotes/create-quote', children: [{ type: 'text' }] }] },
        { type: 'definition', url: '/apis/quotes#errors' },
        { type: 'link', url: '/apis' },
        { type: 'link', url: '/apisx/not-the-docs' },
        { type: 'link', url: '/guides/certificates' },
        { type: 'link', url: 'https://example.com/apis/quotes' },
        { type: 'link', url: 'pathname:///apis/quotes' },
      ],
    };
    rewriteApiLinks(tree);
    const nodes = [tree.children[0]!.children![0]!, ...tree.children.slice(1)] as Array<{ url: string; data?: { hProperties?: { target?: string } } }>;
    expect(nodes.map((node) => node.url)).toEqual([
      'pathname:///apis/quotes/create-quote',
      'pathname:///apis/quotes#errors',
      'pathname:///apis',
      '/apisx/not-the-docs',
      '/guides/certificates',
      'https://example.com/apis/quotes',
      'pathname:///apis/quotes',
    ]);
    expect(nodes.map((node) => node.data?.hProperties?.target)).toEqual(['_self', '_self', '_self', undefined, undefined, undefined, undefined]);
  });
});

describe('findBrokenApiLinks', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'portico-api-links-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function page(relative: string, html = '<p>page</p>'): Promise<string> {
    const file = path.join(dir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, html);
    return file;
  }

  it('accepts links to pages (directory index or .html, with a fragment or query) and names each one that leads nowhere', async () => {
    await page('apis/quotes/index.html');
    await page('apis/quotes/create-quote/index.html');
    await page('apis/policies.html');
    await page('secret.html');
    const guide = await page(
      'guides/start/index.html',
      [
        '<a href="/apis/quotes">',
        '<a href="/apis/quotes/create-quote/" target="_self">',
        '<a href="/apis/quotes/create-quote#request">',
        '<a href="/apis/policies?tab=1">',
        '<a href="/apis/quotes/delete-everything">',
        '<a href="/apis/quotes/delete-everything">',
        '<a href="/apis/../secret">',
        '<a href="/apis/%E0%A4%A">',
        '<a href="/apis">',
        '<a href="/guides/other">',
        '<a href=/apis/quotes/create-quote target=_self>',
        "<a class=x href='/apis/unquoted-single'>",
        '<a href=/apis/minified-missing>',
        '<a data-href="/apis/not-a-link">',
      ].join('\n'),
    );
    expect(await findBrokenApiLinks(dir, [guide])).toEqual([
      'guides/start/index.html links to /apis/quotes/delete-everything, which is not a page of the public API docs',
      'guides/start/index.html links to /apis/../secret, which is not a page of the public API docs',
      'guides/start/index.html links to /apis/%E0%A4%A, which is not a page of the public API docs',
      'guides/start/index.html links to /apis, which is not a page of the public API docs',
      'guides/start/index.html links to /apis/unquoted-single, which is not a page of the public API docs',
      'guides/start/index.html links to /apis/minified-missing, which is not a page of the public API docs',
    ]);
  });
});
