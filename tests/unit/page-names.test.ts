import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { pageNames, withPageNames } from '../../plugins/portico/spec/page-names.ts';

/**
 * Issue 14: an operation's page is named from its operationId when that makes a usable slug,
 * else from method + path; collisions get -2, -3… in document order. The generator derives page
 * ids with lodash's kebabCase from the operationId it is given, so every name must come back
 * unchanged from kebabCase (else the page's URL would not be the name we chose).
 */
const generatorRequire = createRequire(createRequire(import.meta.url).resolve('docusaurus-plugin-openapi-docs'));
const kebabCase = generatorRequire('lodash/kebabCase') as (text: string) => string;

const ok = { responses: { '200': { description: 'ok' } } };
function doc(paths: Record<string, Record<string, unknown>>, extra: Record<string, unknown> = {}) {
  return { openapi: '3.0.3', info: { title: 'Quotes', version: '1' }, paths, ...extra };
}

describe('page names', () => {
  it('usable operationIds give the same names as before (kebab-case), slashes and spaces included', () => {
    const names = pageNames(
      doc({
        '/quotes': { get: { operationId: 'listQuotes', ...ok }, post: { operationId: 'create_quote', ...ok } },
        '/repos/{owner}/{repo}': { get: { operationId: 'repos/get', ...ok }, delete: { operationId: 'Delete the repo', ...ok } },
      }),
    );
    expect(names.map((page) => page.name)).toEqual(['list-quotes', 'create-quote', 'repos-get', 'delete-the-repo']);
  });

  it('no operationId, or one that makes no usable slug: method + path', () => {
    const names = pageNames(
      doc({
        '/repos/{owner}/{repo}': { get: { summary: 'Get a repository', ...ok }, put: { operationId: '日本語', ...ok }, patch: { operationId: '  ', ...ok } },
        '/': { get: { operationId: 'x'.repeat(101), ...ok } },
        '/quotes': { post: { operationId: 42, ...ok } },
      }),
    );
    expect(names.map((page) => page.name)).toEqual(['get-repos-owner-repo', 'put-repos-owner-repo', 'patch-repos-owner-repo', 'get', 'post-quotes']);
  });

  it('collisions get -2, -3 in document order, never taking a name used later in the document', () => {
    const names = pageNames(
      doc({
        '/a': { get: { operationId: 'listQuotes', ...ok }, post: { operationId: 'list_quotes', ...ok }, put: { operationId: 'list-quotes', ...ok } },
        '/b': { get: { operationId: 'list-quotes-2', ...ok } },
        '/c': { get: { ...ok } },
        '/c/': { get: { ...ok } },
      }),
    );
    expect(names.map((page) => page.name)).toEqual(['list-quotes', 'list-quotes-3', 'list-quotes-4', 'list-quotes-2', 'get-c', 'get-c-2']);
  });

  it('names do not take the info page or a tag page name (the generator would overwrite one with the other)', () => {
    const names = pageNames(
      doc({ '/q': { get: { operationId: 'quotes', tags: ['Pricing'], ...ok }, post: { operationId: 'pricing', ...ok } } }, { tags: [{ name: 'Pricing' }] }),
    );
    expect(names.map((page) => page.name)).toEqual(['quotes-2', 'pricing-2']);
  });

  it('webhooks are named too (3.1), after the paths', () => {
    const names = pageNames({
      ...doc({ '/q': { get: { operationId: 'getQ', ...ok } } }),
      webhooks: { quoteIssued: { post: { ...ok } }, other: { post: { operationId: 'getQ', ...ok } } },
    });
    expect(names.map((page) => page.name)).toEqual(['get-q', 'post-quote-issued', 'get-q-2']);
  });

  it('is deterministic and every name survives the generator kebab-casing', () => {
    const weird = ['repos/get', 'v2List', 'HTTPServer', 'get1stItem', "don't", 'a--b', 'café au lait', 'x_y.z', 'ÄÖÜ', '---', 'A1b2C3'];
    const document = doc(Object.fromEntries(weird.map((id, index) => [`/w${index}/{id}`, { get: { operationId: id, ...ok }, post: { ...ok } }])));
    const first = pageNames(document).map((page) => page.name);
    expect(pageNames(structuredClone(document)).map((page) => page.name)).toEqual(first);
    for (const name of first) {
      expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(kebabCase(name)).toBe(name);
    }
    expect(new Set(first).size).toBe(first.length);
  });
});

describe('the copy handed to the generator', () => {
  it('carries the page name as operationId and keeps the title readers see; the spec itself is unchanged', () => {
    const original = doc({
      '/repos/{owner}/{repo}': {
        get: { operationId: 'repos/get', summary: 'Get a repository', ...ok },
        put: { operationId: 'repos/update', ...ok },
        delete: { ...ok },
      },
      'x-note': { a: 1 },
    });
    const before = structuredClone(original);
    const copy = withPageNames(original) as typeof original;
    expect(original).toEqual(before);
    const item = copy.paths['/repos/{owner}/{repo}'] as Record<string, Record<string, unknown>>;
    expect(item.get).toMatchObject({ operationId: 'repos-get', summary: 'Get a repository' });
    expect(item.put).toMatchObject({ operationId: 'repos-update', summary: 'repos/update' });
    expect(item.delete).toMatchObject({ operationId: 'delete-repos-owner-repo', summary: 'DELETE /repos/{owner}/{repo}' });
    expect(copy.paths['x-note']).toEqual({ a: 1 });
  });

  it('a 3.1 document without paths gets an empty paths mapping (the generator iterates it)', () => {
    const copy = withPageNames({ openapi: '3.1.0', info: { title: 'Events', version: '1' }, webhooks: { issued: { post: { ...ok } } } });
    expect(copy.paths).toEqual({});
    expect((copy.webhooks as Record<string, Record<string, Record<string, unknown>>>).issued?.post?.operationId).toBe('post-issued');
  });
});
