import { gzipSync, brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ManifestApi } from '../../plugins/portico/contract.ts';
import { createApp } from '../../server/app.ts';
import type { LoadedSite } from '../../server/site/load-site.ts';
import type { StaticBundle, StaticFile } from '../../server/site/static-bundle.ts';

function file(text: string, contentType: string, immutable = false): StaticFile {
  const body = Buffer.from(text);
  return { body, gzip: gzipSync(body), brotli: brotliCompressSync(body), contentType, etag: `"${text.length}-${immutable}"`, immutable };
}

const vault: ManifestApi = {
  slug: 'vault',
  title: 'Vault <Ledger>',
  version: '1',
  visibility: 'private',
  owners: ['vault-owner@insurer.example'],
  audience: ['partners'],
  summary: 'Settled claims.',
  environments: [],
  contacts: {},
  operationCount: 2,
  specFile: 'openapi/vault.yaml',
  contentHash: 'x',
  overviewPath: '/catalog/vault',
  docsPath: '/private/vault/',
  buildDir: 'private/vault',
};

function site(): LoadedSite {
  const publicBundle: StaticBundle = new Map([
    ['/index.html', file('<h1>Catalog</h1>', 'text/html; charset=utf-8')],
    ['/catalog/vault/index.html', file('<h1>Vault overview</h1>', 'text/html; charset=utf-8')],
    ['/assets/js/main.0123abcd.js', file('console.log("main")', 'text/javascript; charset=utf-8', true)],
    ['/404.html', file('<h1>Page not found</h1>', 'text/html; charset=utf-8')],
  ]);
  const privateBundle: StaticBundle = new Map([
    ['/index.html', file('<h1>Vault secret docs</h1>', 'text/html; charset=utf-8')],
    ['/404.html', file('<h1>Vault 404</h1>', 'text/html; charset=utf-8')],
  ]);
  return {
    manifest: { formatVersion: 1, builtAt: '', publicDir: 'public', apis: [vault] },
    publicBundle,
    privateBuilds: new Map([['vault', { api: vault, bundle: privateBundle }]]),
    specs: new Map(),
  };
}

describe('serving the public build', () => {
  const app = createApp({ site: site() });

  it('serves Docusaurus routes (/x → /x/index.html) with revalidation, not long caching', async () => {
    const response = await app.request('/catalog/vault');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<h1>Vault overview</h1>');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('etag')).toBeTruthy();
  });

  it('caches hashed assets forever', async () => {
    const response = await app.request('/assets/js/main.0123abcd.js');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await app.request('/');
    const again = await app.request('/', { headers: { 'If-None-Match': first.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('sends the build-time brotli or gzip copy the client accepts', async () => {
    const br = await app.request('/', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const gz = await app.request('/', { headers: { 'Accept-Encoding': 'gzip, br;q=0' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const plain = await app.request('/', { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
  });

  it('answers HEAD without a body and unknown paths with the 404 page', async () => {
    const head = await app.request('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const missing = await app.request('/no/such/page');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Page not found');
  });

  it('refuses path tricks', async () => {
    for (const path of ['/%2e%2e/%2e%2e/etc/passwd', '/catalog/%00', '/%E0%A4%A']) {
      const response = await app.request(path);
      expect(response.status).toBe(404);
    }
  });
});

describe('the private gate', () => {
  it('refuses everyone by default with a page that explains, without a byte of the private build', async () => {
    const app = createApp({ site: site() });
    for (const path of ['/private/vault/', '/private/vault', '/private/vault/index.html', '/private/vault/404.html', '/private/vault/nope']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(403);
      const body = await response.text();
      expect(body).toContain('The documentation of Vault &lt;Ledger&gt; is private');
      expect(body).toContain('href="/catalog/vault"');
      expect(body).not.toContain('secret docs');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('answers 404 for an API that does not exist', async () => {
    const app = createApp({ site: site() });
    expect((await app.request('/private/nope/')).status).toBe(404);
    expect((await app.request('/private')).status).toBe(404);
  });

  it('serves the private build, privately cached, once the decision allows it', async () => {
    const app = createApp({ site: site(), canReadPrivateDocs: (_c, api) => api.slug === 'vault' });
    const response = await app.request('/private/vault/');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<h1>Vault secret docs</h1>');
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
    const redirect = await app.request('/private/vault');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/private/vault/');
    const missing = await app.request('/private/vault/nope');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Vault 404');
  });
});
