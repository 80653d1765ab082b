import { describe, expect, it } from 'vitest';
import { excerptRuns, groupHits, toHit, type SearchHit } from '../../src/theme/SearchBar/group-results.ts';

/** How the search box groups and shows Pagefind's results (src/theme/SearchBar, decision 033). */

const hit = (fields: Partial<SearchHit> & Pick<SearchHit, 'url' | 'kind'>): SearchHit => ({ title: fields.url, excerpt: '', ...fields });

describe('search results', () => {
  it('groups by API, then by kind (overview, operations, schemas), APIs in the order of their best hit; guides apart', () => {
    const groups = groupHits([
      hit({ url: '/apis/quotes/get-quote/', kind: 'operation', api: 'quotes', apiTitle: 'Quotes API' }),
      hit({ url: '/guides/getting-started/', kind: 'guide' }),
      hit({ url: '/private/vault/api/fetch/', kind: 'operation', api: 'vault', apiTitle: 'Vault Claims Ledger' }),
      hit({ url: '/apis/quotes/get-quote/#responses', kind: 'schema', api: 'quotes', apiTitle: 'Quotes API' }),
      hit({ url: '/apis/quotes/', kind: 'overview', api: 'quotes', apiTitle: 'Quotes API' }),
    ]);
    expect(groups.map((group) => [group.heading, group.hits.map((one) => one.url)])).toEqual([
      ['Quotes API · Overview', ['/apis/quotes/']],
      ['Quotes API · Operations', ['/apis/quotes/get-quote/']],
      ['Quotes API · Schemas', ['/apis/quotes/get-quote/#responses']],
      ['Guides', ['/guides/getting-started/']],
      ['Vault Claims Ledger · Operations', ['/private/vault/api/fetch/']],
    ]);
  });

  it("reads Pagefind's meta: kind, API, method and path; an unknown kind is a guide", () => {
    expect(
      toHit({ url: '/a/', excerpt: 'x', meta: { title: 'Get', kind: 'operation', api: 'quotes', api_title: 'Quotes API', method: 'GET', path: '/q/{id}' } }),
    ).toEqual({
      url: '/a/',
      title: 'Get',
      excerpt: 'x',
      kind: 'operation',
      api: 'quotes',
      apiTitle: 'Quotes API',
      method: 'GET',
      path: '/q/{id}',
    });
    expect(toHit({ url: '/b/', excerpt: '', meta: { kind: 'whatever' } })).toMatchObject({ kind: 'guide', title: '/b/' });
  });

  it('splits an excerpt into marked and plain text; markup in page text stays text', () => {
    expect(excerptRuns('Get a <mark>claim</mark> by <mark>claimId</mark>.')).toEqual([
      { text: 'Get a ', marked: false },
      { text: 'claim', marked: true },
      { text: ' by ', marked: false },
      { text: 'claimId', marked: true },
      { text: '.', marked: false },
    ]);
    expect(excerptRuns('<img src=x onerror=alert(1)> <mark>quote</mark>')).toEqual([
      { text: '<img src=x onerror=alert(1)> ', marked: false },
      { text: 'quote', marked: true },
    ]);
  });
});
