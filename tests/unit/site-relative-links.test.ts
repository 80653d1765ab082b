import { describe, expect, it } from 'vitest';
import { resolveSiteRelativeLinks, rewriteSiteRelativeLinks } from '../../plugins/portico/build/pages/site-relative-links.ts';
import type { ParsedJson } from '../support/parsed-json.ts';

/** Issue 14: Google Compute's descriptions link to `/compute/docs/...`, meant for Google's own site. */
describe('site-relative links in spec text', () => {
  it('are resolved against the base URL, code left alone', () => {
    const text =
      'See [regions](/compute/docs/regions-zones "Regions") and [ok](https://x.example/a).\n\n`[not](/a/link)`\n\n```\n[code](/x)\n```\n\n[ref]: /compute/docs/ref';
    const { text: out, links } = rewriteSiteRelativeLinks(text, 'https://cloud.google.com/compute/');
    expect(out).toContain('[regions](https://cloud.google.com/compute/docs/regions-zones "Regions")');
    expect(out).toContain('[ok](https://x.example/a)');
    expect(out).toContain('`[not](/a/link)`');
    expect(out).toContain('[code](/x)');
    expect(out).toContain('[ref]: https://cloud.google.com/compute/docs/ref');
    expect(links).toEqual(['/compute/docs/regions-zones', '/compute/docs/ref']);
  });

  it('without a base URL the link becomes its text, and nothing else changes', () => {
    const { text, links } = rewriteSiteRelativeLinks('Read [the guide](/docs/guide) or [this](#anchor) or [that](mailto:a@b.example).', undefined);
    expect(text).toBe('Read the guide or [this](#anchor) or [that](mailto:a@b.example).');
    expect(links).toEqual(['/docs/guide']);
  });

  it('the document: externalDocs.url first, else the host of info.termsOfService or contact.url; warnings name the operation', () => {
    const doc = {
      openapi: '3.0.3',
      info: { title: 'C', version: '1', termsOfService: 'https://cloud.google.com/terms' },
      paths: {
        '/instances': {
          get: {
            operationId: 'listInstances',
            description: 'See [zones](/compute/docs/zones).',
            responses: { '200': { description: 'ok', content: { 'application/json': { example: { note: '[kept](/data)' } } } } },
          },
        },
      },
    };
    const resolved = resolveSiteRelativeLinks(doc);
    expect((resolved.document as ParsedJson).paths['/instances'].get.description).toBe('See [zones](https://cloud.google.com/compute/docs/zones).');
    expect((resolved.document as ParsedJson).paths['/instances'].get.responses['200'].content['application/json'].example.note).toBe('[kept](/data)');
    expect(resolved.warnings).toEqual([]);

    const unresolved = resolveSiteRelativeLinks({ ...doc, info: { title: 'C', version: '1' } });
    expect((unresolved.document as ParsedJson).paths['/instances'].get.description).toBe('See zones.');
    expect(unresolved.warnings).toEqual([
      'GET /instances (listInstances): the link "/compute/docs/zones" leads nowhere in the portal and the spec has no externalDocs.url or info URL to resolve it against; shown as text',
    ]);
  });
});
