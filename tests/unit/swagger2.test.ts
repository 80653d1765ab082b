import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSpecs } from '../../plugins/portico/spec/load-specs.ts';
import { formatProblem } from '../../plugins/portico/spec/problems.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import type { ParsedJson } from '../support/parsed-json.ts';

/** Swagger 2.0 is converted at build time (decision 020). */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-swagger-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('Swagger 2.0', () => {
  it('a real Swagger 2.0 document is converted to OpenAPI 3.0 with a build note saying how to convert it for good', async () => {
    await copyFile(path.join(projectRoot, 'tests', 'fixtures', 'swagger2', 'petstore.yaml'), path.join(dir, 'petstore.yaml'));
    const { apis, problems } = await loadSpecs(dir, dir);
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    const api = apis[0];
    expect(api?.openapiVersion).toMatch(/^3\.0\./);
    expect(api?.operationCount).toBe(1);
    const document = api?.document as {
      paths: Record<string, ParsedJson>;
      components: { schemas: Record<string, unknown> };
      servers: Array<{ url: string }>;
      'x-portal': unknown;
    };
    expect(document.paths['/pets'].get.responses['200'].content['application/json'].schema).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/Pet' },
    });
    expect(Object.keys(document.components.schemas)).toEqual(['Pet']);
    expect(document.servers[0]?.url).toBe('http://petstore.swagger.io/api');
    expect(document['x-portal']).toMatchObject({ visibility: 'public' });
    const notes = problems.filter((problem) => problem.severity === 'warning').map(formatProblem);
    expect(notes).toContainEqual(
      expect.stringMatching(
        /petstore\.yaml: warning: Swagger 2\.0, converted to OpenAPI 3\.0 for this build \(swagger2openapi\).*npx swagger2openapi --yaml --outfile petstore\.yaml petstore\.yaml$/,
      ),
    );
  });

  it('an x-portal problem in a Swagger 2.0 file still has its line', async () => {
    await writeFile(
      path.join(dir, 'petstore.yaml'),
      (await import('node:fs'))
        .readFileSync(path.join(projectRoot, 'tests', 'fixtures', 'swagger2', 'petstore.yaml'), 'utf8')
        .replace('visibility: public', 'visibility: secret'),
    );
    const { problems } = await loadSpecs(dir, dir);
    expect(problems.map(formatProblem)).toContainEqual(
      expect.stringMatching(/petstore\.yaml:51:\d+ at x-portal\.visibility: error: must be "public" or "private"/),
    );
  });

  it('a Swagger 2.0 document the converter cannot read is refused with its reason, no stack trace', async () => {
    await writeFile(path.join(dir, 'broken.json'), '{"swagger": "2.0"}');
    const { apis, problems } = await loadSpecs(dir, dir);
    expect(apis).toEqual([]);
    const text = problems.map(formatProblem).join('\n');
    expect(text).toMatch(/^broken\.json.*: error: /);
    expect(text).not.toMatch(/\n\s+at /);
  });
});
