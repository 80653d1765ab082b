import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { ManifestApi, JsonObject } from '../../plugins/portico/contract.ts';
import type { LoadedSite } from '../../server/site/load-site.ts';
import type { StaticBundle, StaticFile } from '../../server/site/static-bundle.ts';

/** A tiny built portal in memory: enough for server tests without running Docusaurus. */
export function staticFile(text: string, contentType: string, immutable = false): StaticFile {
  const body = Buffer.from(text);
  return { body, gzip: gzipSync(body), brotli: brotliCompressSync(body), contentType, etag: `"${text.length}-${immutable}"`, immutable };
}

export function manifestApi(slug: string, visibility: 'public' | 'private', owners: string[], title = slug): ManifestApi {
  return {
    slug,
    title,
    version: '1',
    visibility,
    owners,
    audience: ['partners'],
    summary: `${title} summary.`,
    environments: [
      { name: 'sandbox', url: `https://sandbox.insurer.example/${slug}`, auth: ['client_secret', 'mtls'] },
      { name: 'production', url: `https://api.insurer.example/${slug}`, auth: ['mtls'] },
    ],
    contacts: {},
    operationCount: 2,
    specFile: `openapi/${slug}.yaml`,
    contentHash: 'x',
    overviewPath: `/catalog/${slug}`,
    docsPath: visibility === 'private' ? `/private/${slug}/` : `/apis/${slug}`,
    buildDir: visibility === 'private' ? `private/${slug}` : 'public',
  };
}

export function syntheticSite(apis: ManifestApi[], specs: Record<string, JsonObject> = {}): LoadedSite {
  const html = 'text/html; charset=utf-8';
  const publicBundle: StaticBundle = new Map([
    ['/index.html', staticFile('<h1>Catalog</h1>', html)],
    ['/assets/js/main.0123abcd.js', staticFile('console.log("main")', 'text/javascript; charset=utf-8', true)],
    ['/404.html', staticFile('<h1>Page not found</h1>', html)],
  ]);
  for (const api of apis) publicBundle.set(`/catalog/${api.slug}/index.html`, staticFile(`<h1>${api.title} overview</h1>`, html));
  const privateBuilds = new Map(
    apis
      .filter((api) => api.visibility === 'private')
      .map((api) => [
        api.slug,
        {
          api,
          bundle: new Map([
            ['/index.html', staticFile(`<h1>${api.title} secret docs</h1>`, html)],
            ['/404.html', staticFile(`<h1>${api.title} 404</h1>`, html)],
          ]) as StaticBundle,
        },
      ]),
  );
  return { manifest: { formatVersion: 1, builtAt: '', publicDir: 'public', apis }, publicBundle, privateBuilds, specs: new Map(Object.entries(specs)) };
}
