import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSpecs, MAX_SPEC_BYTES } from '../../plugins/portico/spec/load-specs.ts';
import { formatProblem } from '../../plugins/portico/spec/problems.ts';

/**
 * Issue 14: valid OpenAPI documents Portico used to refuse. Each synthetic document carries just
 * one trait and must load with zero errors; invalid OpenAPI and what Portico cannot publish are
 * still refused, naming the file, line and JSON path.
 */
const BASE = `openapi: 3.0.3
info:
  title: Quotes
  version: "1.0"
paths:
  /quotes:
    get:
      operationId: listQuotes
      summary: List quotes
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { $ref: '#/components/schemas/Quote' } } }
components:
  schemas:
    Quote:
      type: object
      properties:
        id: { type: string }
x-portal:
  visibility: public
  owners: [quotes-api@insurer.example]
  audience: [partners]
  environments:
    sandbox: { url: https://sandbox.insurer.example/quotes, auth: [client_secret] }
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-traits-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function errorsFor(text: string, name = 'quotes.yaml'): Promise<string[]> {
  await writeFile(path.join(dir, name), text);
  const { problems } = await loadSpecs(dir, dir);
  return problems.filter((problem) => problem.severity === 'error').map(formatProblem);
}

describe('valid OpenAPI that Portico used to refuse is accepted', () => {
  it('operationIds with slashes, spaces and other characters (OpenAPI allows any string)', async () => {
    const text = BASE.replace('operationId: listQuotes', 'operationId: "repos/get"').replace(
      '  /quotes:\n',
      '  /a:\n    get:\n      operationId: "List all the things"\n      responses: { "200": { description: ok } }\n  /b:\n    get:\n      operationId: "créer:devis#1"\n      responses: { "200": { description: ok } }\n  /quotes:\n',
    );
    expect(await errorsFor(text)).toEqual([]);
  });

  it('an operation with neither operationId nor summary', async () => {
    const text = BASE.replace('      operationId: listQuotes\n      summary: List quotes\n', '');
    expect(await errorsFor(text)).toEqual([]);
  });

  it('x- extensions in the Paths object', async () => {
    const text = BASE.replace('paths:\n', 'paths:\n  x-internal-note: { owner: quotes team }\n');
    expect(await errorsFor(text)).toEqual([]);
  });

  it('a schema property named $ref is a property, not a reference (Kubernetes, Google discovery)', async () => {
    const text = BASE.replace(
      '        id: { type: string }\n',
      '        id: { type: string }\n        $ref: { type: string, description: a JSON reference }\n',
    );
    expect(await errorsFor(text)).toEqual([]);
  });

  it('an info.title over 120 characters', async () => {
    expect(await errorsFor(BASE.replace('title: Quotes', `title: ${'Quotes and '.repeat(20)}more`))).toEqual([]);
  });

  it('a file over 10 MB (Microsoft Graph is 20 MB) loads, quickly when it is JSON', async () => {
    const doc = parse(BASE) as Record<string, unknown>;
    const filler = 'x'.repeat(1_000);
    const schemas = Object.fromEntries(Array.from({ length: 13_000 }, (_, index) => [`S${index}`, { type: 'string', description: filler }]));
    doc.components = { schemas: { ...(doc.components as { schemas: object }).schemas, ...schemas } };
    const text = JSON.stringify(doc);
    expect(text.length).toBeGreaterThan(12 * 1024 * 1024);
    expect(MAX_SPEC_BYTES).toBeGreaterThanOrEqual(32 * 1024 * 1024);
    const started = performance.now();
    expect(await errorsFor(text, 'quotes.json')).toEqual([]);
    expect(performance.now() - started).toBeLessThan(8_000);
  }, 30_000);

  it('OpenAPI 3.1: webhooks, type arrays and $ref siblings', async () => {
    const text = BASE.replace('openapi: 3.0.3', 'openapi: 3.1.0')
      .replace(
        '        id: { type: string }\n',
        '        id: { type: [string, "null"] }\n        link: { $ref: "#/components/schemas/Quote", description: another quote }\n',
      )
      .replace(
        'components:\n',
        'webhooks:\n  quoteIssued:\n    post:\n      requestBody: { content: { application/json: { schema: { $ref: "#/components/schemas/Quote" } } } }\n      responses: { "200": { description: ok } }\ncomponents:\n',
      );
    expect(await errorsFor(text)).toEqual([]);
  });
});

describe('invalid OpenAPI and what Portico cannot publish are still refused, with file, line and JSON path', () => {
  it('duplicate operationIds (OpenAPI requires them unique)', async () => {
    const text = BASE.replace(
      '  /quotes:\n',
      '  /other:\n    get:\n      operationId: listQuotes\n      responses: { "200": { description: ok } }\n  /quotes:\n',
    );
    expect(await errorsFor(text)).toEqual([
      expect.stringMatching(/^quotes\.yaml:\d+:\d+ at paths\["\/quotes"\]\.get\.operationId: error: operationId "listQuotes" is already used by GET \/other/),
    ]);
  });

  it('a path that does not start with "/" (and is not an x- extension)', async () => {
    const [message] = await errorsFor(BASE.replace('  /quotes:\n', '  quotes:\n'));
    expect(message).toMatch(/^quotes\.yaml:\d+:\d+ at paths\.quotes: error: .*must start with "\/"/);
  });

  it('what the official schema refuses: a response without description names the rule and the place', async () => {
    const [message] = await errorsFor(BASE.replace("        '200':\n          description: ok\n", "        '200':\n"));
    expect(message).toMatch(
      /^quotes\.yaml:\d+:\d+ at paths\["\/quotes"\]\.get\.responses\["200"\]\.description: error: "description" is required here \(OpenAPI 3\.0\)/,
    );
  });

  it('an unknown field in an operation (OpenAPI 3.0 allows only its fields and x- extensions)', async () => {
    const [message] = await errorsFor(BASE.replace('      summary: List quotes\n', '      summary: List quotes\n      colour: blue\n'));
    expect(message).toMatch(/^quotes\.yaml:\d+:\d+ at paths\["\/quotes"\]\.get(\.colour)?: error: .*"colour"/);
  });

  it('a value outside what the schema allows lists every allowed value, not one alternative', async () => {
    const text = BASE.replace(
      '      summary: List quotes\n',
      '      summary: List quotes\n      parameters: [{ name: q, in: body, required: true, schema: { type: string } }]\n',
    );
    expect(await errorsFor(text)).toEqual([
      expect.stringMatching(/at paths\["\/quotes"\]\.get\.parameters\[0\]\.in: error: must be one of: "path", "query", "header", "cookie" \(OpenAPI 3\.0\)$/),
    ]);
  });

  it('a broken $ref and an external one (the generator would fetch it)', async () => {
    const broken = await errorsFor(BASE.replace("'#/components/schemas/Quote'", "'#/components/schemas/Missing'"));
    expect(broken).toEqual([expect.stringContaining('broken $ref: "#/components/schemas/Missing"')]);
    const external = await errorsFor(BASE.replace("'#/components/schemas/Quote'", "'https://evil.example/schema.json'"));
    expect(external).toEqual([expect.stringContaining('external $ref "https://evil.example/schema.json" is not supported')]);
  });

  it('a termsOfService that is no URI (an MDX breakout attempt once rendered in the docs) names the field', async () => {
    const text = BASE.replace('  version: "1.0"\n', `  version: "1.0"\n  termsOfService: "x'}{(typeof window==='object')&&(window.__xss='terms')}{'"\n`);
    const errors = await errorsFor(text);
    expect(errors.some((line) => line.includes('info.termsOfService'))).toBe(true);
  });

  it('a blank title (the catalog names the API after it)', async () => {
    expect(await errorsFor(BASE.replace('title: Quotes', 'title: "  "'))).toEqual([expect.stringMatching(/at info\.title: error: info\.title is required/)]);
  });
});
