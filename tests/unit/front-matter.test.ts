import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_PARSE_FRONT_MATTER } from '@docusaurus/utils';
import fc from 'fast-check';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiDocs } from '../../plugins/portico/build/generate-api-docs.ts';
import { checkGeneratedPages } from '../../plugins/portico/build/pages/check-pages.ts';
import { serializeFrontMatter } from '../../plugins/portico/build/pages/front-matter.ts';
import { sanitizeDocumentMarkup } from '../../plugins/portico/spec/sanitize-markup.ts';

/** Issue 14: a Jira description with `\-` in a double-quoted front-matter string stopped a 30-minute build. */
const HOSTILE = [
  '`value` \\- the JQL fragment',
  'say "hello" and \'bye\'',
  'line one\nline two\r\nline three',
  '---\ntitle: injected\n---',
  'a: b # not a comment',
  '\\u0041 \\x41 \\ \\\\ \\"',
  '2024-01-01',
  'yes',
  'null',
  '~',
  '@at & *star !tag %percent',
  '{ flow: map } [flow, seq]',
  'emoji 🚀 and 中文 and \u2028 and \u0085 and \ufeff and \u007f',
  '',
  ' leading and trailing space ',
];

describe('front matter is serialized, never concatenated', () => {
  it('hostile strings round-trip through the YAML parser and the front-matter parser Docusaurus uses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), async (text) => {
        const fields = { id: 'page', title: text, description: text, sidebar_label: text, hide_title: true, custom_edit_url: null };
        const block = serializeFrontMatter(fields);
        expect(block.startsWith('---\n') && block.endsWith('\n---\n')).toBe(true);
        expect(parse(block.slice(4, -4))).toEqual(fields);
        expect((await DEFAULT_PARSE_FRONT_MATTER({ filePath: 'page.mdx', fileContent: `${block}\nbody\n` })).frontMatter).toEqual(fields);
      }),
      { numRuns: 400 },
    );
  });
});

describe('generated pages from hostile and real descriptions', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'portico-pages-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const REAL = [
    'Returns the issue. `value` \\- the JQL fragment; see [JQL](https://support.atlassian.com/jql).',
    'Lists instances. For more, read [Regions](https://cloud.google.com/compute/docs/regions-zones).',
    '**Deprecated.** Use `GET /v2/things` instead.\n\n| a | b |\n|---|---|\n| 1 | 2 |',
  ];

  it('every page has valid front matter and compiles as MDX, whatever the spec text', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constantFrom(...HOSTILE, ...REAL), fc.string({ unit: 'grapheme' })), { minLength: 3, maxLength: 3 }),
        async ([summary, description, tag]) => {
          const document = sanitizeDocumentMarkup({
            openapi: '3.0.3',
            info: { title: `Hostile ${summary}`, version: '1', description },
            tags: [{ name: `t ${tag}`, description: tag }],
            paths: {
              '/things': {
                get: { operationId: 'listThings', summary: `List ${summary}`, description, tags: [`t ${tag}`], responses: { '200': { description } } },
              },
            },
          });
          const docsRoot = path.join(dir, `run-${run++}`);
          const generated = await generateApiDocs({ docsRoot, apiDir: 'api', specFile: 'openapi/hostile.yaml', document, routeBasePath: '/', infoSlug: '/' });
          expect(await checkGeneratedPages(generated)).toEqual([]);
          for (const name of (await readdir(generated.outputDir)).filter((file) => file.endsWith('.mdx'))) {
            const { frontMatter } = await DEFAULT_PARSE_FRONT_MATTER({
              filePath: name,
              fileContent: await readFile(path.join(generated.outputDir, name), 'utf8'),
            });
            expect(typeof frontMatter.title).toBe('string');
            expect(typeof frontMatter.description).toBe('string');
          }
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});
