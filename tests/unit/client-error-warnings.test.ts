import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadSpecs } from '../../plugins/portico/spec/load-specs.ts';
import { formatProblem } from '../../plugins/portico/spec/problems.ts';

/**
 * Issue 18 item 2: the build warns, naming the file and the operation, when an operation
 * documents no client-error response (4XX, 400-499 or default). The spec is still published.
 */

const ok = { '200': { description: 'ok' } };
const specWith = (paths: Record<string, unknown>, components: Record<string, unknown> = {}) =>
  stringify({
    openapi: '3.1.0',
    info: { title: 'Quotes', version: '1.0' },
    paths,
    components,
    'x-portal': {
      visibility: 'private',
      owners: ['quotes-api@insurer.example'],
      audience: ['partners'],
      summary: 'Quotes for partners.',
      environments: { sandbox: { url: 'https://sandbox.insurer.example/quotes', auth: ['client_secret'] } },
    },
  });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-client-errors-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function load(text: string) {
  await writeFile(path.join(dir, 'quotes.yaml'), text);
  const { apis, problems } = await loadSpecs(dir, dir);
  return {
    apis,
    warnings: problems.filter((problem) => problem.severity === 'warning').map(formatProblem),
    errors: problems.filter((p) => p.severity === 'error'),
  };
}

describe('operations without a documented client-error response', () => {
  it('are each named in a warning with the file, line and operation, and the spec is still published', async () => {
    const { apis, warnings, errors } = await load(
      specWith({
        '/quotes': { get: { operationId: 'listQuotes', responses: ok }, post: { responses: { ...ok, '422': { description: 'invalid' } } } },
        '/quotes/{id}': { delete: { responses: { '204': { description: 'gone' } } } },
      }),
    );
    expect(errors).toEqual([]);
    expect(apis).toHaveLength(1);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^quotes\.yaml:\d+:\d+ at paths\["\/quotes"\]\.get\.responses: warning: GET \/quotes \(operationId listQuotes\) documents no client-error response \(4XX, 400-499 or default\)/,
      ),
      expect.stringMatching(
        /^quotes\.yaml:\d+:\d+ at paths\["\/quotes\/\{id\}"\]\.delete\.responses: warning: DELETE \/quotes\/\{id\} documents no client-error response/,
      ),
    ]);
  });

  it('are not warned about when a 4XX range, a 400-499 status or default is documented, in a path item reached by $ref too', async () => {
    const { warnings } = await load(
      specWith(
        {
          '/a': { get: { responses: { ...ok, '4XX': { description: 'client error' } } } },
          '/b': { get: { responses: { ...ok, '404': { description: 'not found' } } } },
          '/c': { get: { responses: { ...ok, default: { description: 'problem' } } } },
          '/d': { $ref: '#/components/pathItems/D' },
        },
        { pathItems: { D: { get: { responses: { ...ok, '400': { description: 'bad' } } } } } },
      ),
    );
    expect(warnings).toEqual([]);
  });

  it('sees through a path item $ref to an operation that documents none', async () => {
    const { warnings } = await load(specWith({ '/d': { $ref: '#/components/pathItems/D' } }, { pathItems: { D: { put: { responses: ok } } } }));
    expect(warnings).toEqual([expect.stringContaining('warning: PUT /d documents no client-error response')]);
  });

  it('names the first 20 and counts the rest, so a large spec does not drown the build log', async () => {
    const paths = Object.fromEntries(Array.from({ length: 25 }, (_, index) => [`/r${index}`, { get: { responses: ok } }]));
    const { warnings } = await load(specWith(paths));
    expect(warnings).toHaveLength(21);
    expect(warnings.at(-1)).toMatch(/warning: 5 more operations document no client-error response$/);
  });
});
