import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../plugins/portico/contract.ts';
import { planSearchBundles, writeSearchIndexes, type IndexedApi } from '../../plugins/portico/build/search-index.ts';
import type { TargetPlan } from '../../plugins/portico/build/target-builds.ts';

/**
 * The search indexes of an assembled build (decision 033), made by the real Pagefind binary over a
 * small staging folder: what each index holds, where it is written, and when it is reused.
 */

const page = (body: string) =>
  `<!doctype html><html lang="en"><body><nav>Navbar words</nav><div data-pagefind-body="">${body}</div><footer>Footer words</footer></body></html>`;

const quotes: IndexedApi = {
  slug: 'quotes',
  title: 'Quotes API',
  visibility: 'public',
  document: {
    openapi: '3.0.3',
    info: { title: 'Quotes API', version: '1' },
    paths: {
      '/quotes/{quoteId}': {
        get: {
          operationId: 'getQuote',
          summary: 'Get a quote',
          parameters: [{ name: 'quoteId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/QuoteOffer' } } } } },
        },
      },
    },
    components: { schemas: { QuoteOffer: { type: 'object', description: 'An offer.', properties: { premium: { type: 'number' } } } } },
  },
};
const vault: IndexedApi = {
  slug: 'vault',
  title: 'Vault Claims Ledger',
  visibility: 'private',
  document: {
    openapi: '3.0.3',
    info: { title: 'Vault Claims Ledger', version: '1' },
    paths: { '/xqjleakpath': { get: { operationId: 'xqjleakopid', summary: 'Fetch', responses: { 200: { description: 'ok' } } } } },
  },
};

const FILES: Record<string, string> = {
  'public/index.html': '<html lang="en"><body><h1>Catalog</h1><p>Quotes API Vault Claims Ledger</p></body></html>',
  'public/guides/getting-started/index.html': page('<h1>Getting started</h1><p>Ask for a sandbox token.</p>'),
  'public/catalog/vault/index.html': page('<h1>Vault Claims Ledger</h1><p>Ledger of settled claims for approved partners.</p>'),
  'public/apis/quotes/get-quote/index.html': page('<h1>Get a quote</h1><p>Returns one quote.</p>'),
  'public/apis/quotes/index.html': page('<h1>Quotes API</h1><p>Quotes for motor insurance.</p>'),
  'private/vault/index.html': page('<h1>Vault Claims Ledger</h1><p>xqjleakinfodescription</p>'),
  'private/vault/api/xqjleakopid/index.html': page('<h1>Fetch</h1><p>xqjleakopdescription</p>'),
};

let root: string;
const staging = () => path.join(root, 'staging');
const plan = (name: string, dir: string, inputs: unknown, mergesInto?: string): TargetPlan => ({
  name,
  dir,
  ...(mergesInto ? { mergesInto } : {}),
  operations: 1,
  inputs,
  generate: async () => {},
  build: async () => ({}),
});

async function index(catalogInputs: unknown) {
  const plans = [
    plan('public', 'public', catalogInputs),
    plan('public-apis-1', 'public-parts/public-apis-1', { v: 1 }, 'public'),
    plan('private-vault', 'private/vault', { v: 1 }),
  ];
  const catalogPages = new Set(
    ['index.html', 'guides/getting-started/index.html', 'catalog/vault/index.html'].map((file) => path.join(staging(), 'public', file)),
  );
  const bundles = planSearchBundles(plans, (target) => `${target.name}:${JSON.stringify(target.inputs)}`, staging(), catalogPages, [quotes, vault]);
  return writeSearchIndexes(staging(), bundles, path.join(root, 'cache'), path.join(root, 'compressed'));
}

async function fragments(dir: string): Promise<Array<{ url: string; content: string; meta: Record<string, string>; filters: Record<string, string[]> }>> {
  const files = (await listFiles(path.join(staging(), dir))).filter((file) => file.endsWith('.pf_fragment'));
  return Promise.all(
    files.map(async (file) =>
      JSON.parse(
        gunzipSync(await readFile(file))
          .subarray(12)
          .toString('utf8'),
      ),
    ),
  );
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'portico-search-'));
  for (const [file, html] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(staging(), file)), { recursive: true });
    await writeFile(path.join(staging(), file), html);
  }
}, 60_000);
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('the search indexes of a build', () => {
  it('writes the catalog pages, the public API docs and each private build into their own index, marked pages only', async () => {
    const indexed = await index({ catalog: 1 });
    expect(indexed.map(({ name, pages, reused }) => ({ name, pages, reused }))).toEqual([
      { name: 'public', pages: 2, reused: false },
      { name: 'public-apis', pages: 2, reused: false },
      { name: 'private-vault', pages: 2, reused: false },
    ]);
    const catalog = await fragments('public/pagefind');
    expect(catalog.map((fragment) => fragment.url).sort()).toEqual(['/catalog/vault/', '/guides/getting-started/']);
    expect(catalog.find((fragment) => fragment.url === '/guides/getting-started/')?.meta.kind).toBe('guide');
    expect(catalog.find((fragment) => fragment.url === '/catalog/vault/')?.meta).toMatchObject({
      kind: 'overview',
      api: 'vault',
      api_title: 'Vault Claims Ledger',
    });
    expect(JSON.stringify(catalog)).not.toMatch(/Navbar words|Footer words/);
  });

  it('gives an operation its method and path, and makes its path, operationId, parameters and schemas searchable', async () => {
    const docs = await fragments('public/pagefind-apis');
    const operation = docs.find((fragment) => fragment.url === '/apis/quotes/get-quote/' && fragment.meta.kind === 'operation');
    expect(operation?.meta).toMatchObject({ kind: 'operation', api: 'quotes', method: 'GET', path: '/quotes/{quoteId}', title: 'Get a quote' });
    expect(operation?.filters).toMatchObject({ api: ['quotes'], kind: ['operation'] });
    for (const term of ['/quotes/{quoteId}', 'getQuote', 'quoteId', 'QuoteOffer']) expect(operation?.content).toContain(term);
    const schema = docs.find((fragment) => fragment.meta.kind === 'schema');
    expect(schema).toMatchObject({ url: '/apis/quotes/get-quote/#responses', meta: { title: 'QuoteOffer', api: 'quotes' } });
    expect(schema?.content).toContain('premium');
  });

  it('keeps a private API inside its own build: the public indexes hold none of it', async () => {
    const publicText = JSON.stringify([...(await fragments('public/pagefind')), ...(await fragments('public/pagefind-apis'))]);
    expect(publicText).not.toContain('xqjleak');
    const privateDocs = await fragments('private/vault/pagefind');
    expect(privateDocs.find((fragment) => fragment.url === '/api/xqjleakopid/')?.meta).toMatchObject({ kind: 'operation', path: '/xqjleakpath' });
  });

  it('reuses every index whose targets are unchanged; a catalog edit re-indexes the catalog pages only', async () => {
    expect((await index({ catalog: 1 })).map((bundle) => bundle.reused)).toEqual([true, true, true]);
    expect(await fragments('private/vault/pagefind')).toHaveLength(2);
    expect((await index({ catalog: 2 })).map((bundle) => `${bundle.name}:${bundle.reused ? 'reused' : 'made'}`)).toEqual([
      'public:made',
      'public-apis:reused',
      'private-vault:reused',
    ]);
  });
});
