import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docIdsInOrder, pageHref, pagesElsewhere, readGeneratedPages, splitPages, type GeneratedPage } from '../../plugins/portico/build/api-parts.ts';
import { partsFor } from '../../plugins/portico/build/public-groups.ts';
import { sidebarPart } from '../../plugins/portico/build/pages/sidebar-part.ts';
import { serializeFrontMatter } from '../../plugins/portico/build/pages/front-matter.ts';

// What docusaurus-plugin-openapi-docs writes as an API's sidebar.ts (shape copied from a generated one).
const SIDEBAR = `import type { SidebarsConfig } from "@docusaurus/plugin-content-docs";

const sidebar: SidebarsConfig = {
  apisidebar: [
    {
      type: "doc",
      id: "big/big-api",
    },
    {
      type: "category",
      label: "Claims",
      link: {
        type: "doc",
        id: "big/claims",
      },
      items: [
        {
          type: "doc",
          id: "big/list-claims",
          label: "List \\"claims\\"",
          className: "api-method get",
        },
        {
          type: "doc",
          id: "big/create-claim",
          label: "Create a claim",
          className: "api-method post",
        },
      ],
    },
    {
      type: "category",
      label: "Quotes",
      link: {
        type: "doc",
        id: "big/quotes",
      },
      items: [
        {
          type: "doc",
          id: "big/get-quote",
          label: "Get a quote",
          className: "api-method get",
        },
      ],
    },
  ],
};

export default sidebar.apisidebar;
`;

const page = (docId: string, label = docId, slug?: string): GeneratedPage => ({ docId, file: `${docId}.api.mdx`, label, ...(slug ? { slug } : {}) });

describe('partsFor', () => {
  it('keeps an API within the bound in one build and cuts a larger one into parts of at most the bound', () => {
    expect(partsFor(0, 300)).toBe(1);
    expect(partsFor(300, 300)).toBe(1);
    expect(partsFor(301, 300)).toBe(2);
    expect(partsFor(845, 300)).toBe(3);
  });
});

describe('docIdsInOrder', () => {
  it('reads the doc ids of a generated sidebar in reading order, escaped labels and all', () => {
    expect(docIdsInOrder(SIDEBAR)).toEqual(['big/big-api', 'big/claims', 'big/list-claims', 'big/create-claim', 'big/quotes', 'big/get-quote']);
  });
});

describe('splitPages', () => {
  const order = docIdsInOrder(SIDEBAR);
  const pages = order.map((id) => page(id));

  it('cuts the sidebar into contiguous runs of near-equal size, every page in exactly one', () => {
    const parts = splitPages(pages, order, 2);
    expect(parts.map((run) => run.map((one) => one.docId))).toEqual([
      ['big/big-api', 'big/claims', 'big/list-claims'],
      ['big/create-claim', 'big/quotes', 'big/get-quote'],
    ]);
    const three = splitPages(pages, order, 4).flat();
    expect(three.map((one) => one.docId).sort()).toEqual([...order].sort());
  });

  it('puts a page the sidebar does not name in the first part, and one part holds everything', () => {
    const stray = page('big/orphan');
    const parts = splitPages([...pages, stray], order, 3);
    expect(parts[0]?.[0]).toEqual(stray);
    expect(parts.flat()).toHaveLength(pages.length + 1);
    expect(splitPages(pages, order, 1)).toEqual([pages]);
  });

  it('refuses a part count that is not a positive integer', () => {
    expect(() => splitPages(pages, order, 0)).toThrow(/positive integer/);
    expect(() => splitPages(pages, order, 1.5)).toThrow(/positive integer/);
  });
});

describe('pageHref', () => {
  it('routes pages as the docs plugin does: public under /apis/, private under the build base URL', () => {
    const publicPlace = { baseUrl: '/', routeBasePath: 'apis' };
    expect(pageHref(page('big/list-claims'), publicPlace)).toBe('/apis/big/list-claims');
    expect(pageHref(page('big/big-api', 'Big', '/big'), publicPlace)).toBe('/apis/big');
    const privatePlace = { baseUrl: '/private/big/', routeBasePath: '/' };
    expect(pageHref(page('api/list-claims'), privatePlace)).toBe('/private/big/api/list-claims');
    expect(pageHref(page('api/big-api', 'Big', '/'), privatePlace)).toBe('/private/big/');
  });
});

describe('sidebarPart', () => {
  it('turns the pages of other parts into full-page links, keeps this part as docs, and drops category links built elsewhere', () => {
    const whole = [
      { type: 'doc', id: 'big/big-api' },
      {
        type: 'category',
        label: 'Claims',
        link: { type: 'doc', id: 'big/claims' },
        items: [
          { type: 'doc', id: 'big/list-claims', label: 'List claims', className: 'api-method get' },
          { type: 'doc', id: 'big/create-claim', label: 'Create a claim', className: 'api-method post' },
        ],
      },
    ];
    const order = ['big/big-api', 'big/claims', 'big/list-claims', 'big/create-claim'];
    const parts = splitPages(
      [page('big/big-api', 'Introduction', '/big'), page('big/claims', 'Claims'), page('big/list-claims'), page('big/create-claim')],
      order,
      2,
    );
    const second = sidebarPart(whole, pagesElsewhere(parts, 1, { baseUrl: '/', routeBasePath: 'apis' }));
    expect(second).toEqual([
      { type: 'link', label: 'Introduction', href: 'pathname:///apis/big' },
      {
        type: 'category',
        label: 'Claims',
        items: [
          { type: 'doc', id: 'big/list-claims', label: 'List claims', className: 'api-method get' },
          { type: 'doc', id: 'big/create-claim', label: 'Create a claim', className: 'api-method post' },
        ],
      },
    ]);
    const first = sidebarPart(whole, pagesElsewhere(parts, 0, { baseUrl: '/', routeBasePath: 'apis' }));
    expect(first[1]).toMatchObject({ link: { type: 'doc', id: 'big/claims' } });
  });
});

describe('readGeneratedPages', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'portico-parts-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('reads each page’s id, slug and label from its front matter, however the text is quoted', async () => {
    await mkdir(path.join(dir, 'big'));
    await writeFile(
      path.join(dir, 'big', 'big-api.info.mdx'),
      `${serializeFrontMatter({ id: 'big-api', slug: '/big', title: 'Big: "the" API', sidebar_label: 'Introduction' })}\nbody`,
    );
    await writeFile(path.join(dir, 'big', 'list-claims.api.mdx'), `${serializeFrontMatter({ id: 'list-claims', title: 'List claims \\- all' })}\nbody`);
    await writeFile(path.join(dir, 'big', 'list-claims.api.data.json'), '{}');
    expect(await readGeneratedPages(dir, 'big')).toEqual([
      { docId: 'big/big-api', file: 'big/big-api.info.mdx', slug: '/big', label: 'Introduction' },
      { docId: 'big/list-claims', file: 'big/list-claims.api.mdx', label: 'List claims \\- all' },
    ]);
  });
});
