import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSpecs } from '../../plugins/portico/spec/load-specs.ts';
import { formatProblem } from '../../plugins/portico/spec/problems.ts';

const VALID = `openapi: 3.0.3
info:
  title: Quotes
  version: "1.0"
paths:
  /quotes:
    get:
      operationId: listQuotes
      summary: List quotes
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Quote' } } } }
        '400': { description: invalid request }
components:
  schemas:
    Quote: { type: object }
x-portal:
  visibility: private
  owners: [quotes-api@insurer.example]
  audience: [partners]
  summary: Quotes for partners.
  environments:
    sandbox: { url: https://sandbox.insurer.example/quotes, auth: [client_secret] }
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-specs-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function problemsFor(name: string, text: string): Promise<string[]> {
  await writeFile(path.join(dir, name), text);
  const { problems } = await loadSpecs(dir, dir);
  return problems.filter((problem) => problem.severity === 'error').map(formatProblem);
}

describe('loadSpecs: happy path', () => {
  it('loads a valid private spec with its x-portal block', async () => {
    await writeFile(path.join(dir, 'quotes.yaml'), VALID);
    const { apis, problems } = await loadSpecs(dir, dir);
    expect(problems).toEqual([]);
    expect(apis).toHaveLength(1);
    expect(apis[0]).toMatchObject({ slug: 'quotes', title: 'Quotes', version: '1.0', operationCount: 1 });
    expect(apis[0]?.portal).toMatchObject({ visibility: 'private', owners: ['quotes-api@insurer.example'], tags: [] });
    expect(apis[0]?.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads JSON as well as YAML', async () => {
    const { parse } = await import('yaml');
    await writeFile(path.join(dir, 'quotes.json'), JSON.stringify(parse(VALID)));
    const { apis, problems } = await loadSpecs(dir, dir);
    expect(problems).toEqual([]);
    expect(apis[0]?.slug).toBe('quotes');
  });
});

describe('loadSpecs: errors name the file, the place and what is allowed', () => {
  it('invalid YAML: file, line and column', async () => {
    const [message] = await problemsFor('quotes.yaml', 'openapi: 3.0.3\ninfo: [unclosed\n');
    expect(message).toMatch(/^quotes\.yaml:\d+:\d+: error: invalid YAML\/JSON/);
  });

  it('a file that is not OpenAPI', async () => {
    expect(await problemsFor('notes.yaml', 'hello: world\n')).toEqual([
      expect.stringMatching(/notes\.yaml.* at openapi: error: this is not an OpenAPI document: the "openapi" field is missing/),
    ]);
  });

  it('Swagger 2.0 is converted, then checked like any spec (decision 020; tests/unit/swagger2.test.ts)', async () => {
    const [message] = await problemsFor('old.yaml', 'swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\n');
    expect(message).toContain('the x-portal block is missing');
  });

  it('a broken $ref: its JSON path and line', async () => {
    const [message] = await problemsFor('quotes.yaml', VALID.replace("'#/components/schemas/Quote'", "'#/components/schemas/Missing'"));
    expect(message).toMatch(
      /^quotes\.yaml:11:\d+ at paths\["\/quotes"\]\.get\.responses\["200"\]\.content\["application\/json"\]\.schema\.\$ref: error: broken \$ref: "#\/components\/schemas\/Missing"/,
    );
  });

  it('an external $ref is refused, not followed', async () => {
    const [message] = await problemsFor('quotes.yaml', VALID.replace("'#/components/schemas/Quote'", "'../../etc/passwd'"));
    expect(message).toContain('external $ref "../../etc/passwd" is not supported');
  });

  it('an unknown visibility says what is allowed', async () => {
    const [message] = await problemsFor('quotes.yaml', VALID.replace('visibility: private', 'visibility: secret'));
    expect(message).toMatch(/^quotes\.yaml:\d+:\d+ at x-portal\.visibility: error: must be "public" or "private"/);
  });

  it('a private API without owners', async () => {
    const [message] = await problemsFor('quotes.yaml', VALID.replace('owners: [quotes-api@insurer.example]', 'owners: []'));
    expect(message).toContain('at x-portal.owners: error: a private API needs at least one owner');
  });

  it('a missing x-portal block', async () => {
    const [message] = await problemsFor('quotes.yaml', VALID.slice(0, VALID.indexOf('x-portal:')));
    expect(message).toContain('at x-portal: error: the x-portal block is missing');
  });

  it('production must be mTLS only, owners must be emails, unknown keys are named', async () => {
    const text = VALID.replace('owners: [quotes-api@insurer.example]', 'owners: [not-an-email]')
      .replace('  summary: Quotes for partners.', '  summary: Quotes for partners.\n  colour: blue')
      .replace(
        '    sandbox: { url: https://sandbox.insurer.example/quotes, auth: [client_secret] }',
        '    sandbox: { url: https://sandbox.insurer.example/quotes, auth: [client_secret] }\n    production: { url: https://api.insurer.example/quotes, auth: [client_secret] }',
      );
    const messages = (await problemsFor('quotes.yaml', text)).join('\n');
    expect(messages).toContain('x-portal.owners[0]: error: must be an email address');
    expect(messages).toContain('at x-portal: error: unknown key "colour": allowed keys are visibility, owners');
    expect(messages).toContain('x-portal.environments.production.auth: error: production accepts mtls only');
  });

  it('an unknown auth method and a bad audience', async () => {
    const text = VALID.replace('auth: [client_secret]', 'auth: [api_key]').replace('audience: [partners]', 'audience: [everyone]');
    const messages = (await problemsFor('quotes.yaml', text)).join('\n');
    expect(messages).toContain('x-portal.environments.sandbox.auth[0]: error: must be one of: client_secret, mtls');
    expect(messages).toContain('x-portal.audience[0]: error: must be one of: customers, prospects, partners');
  });

  it('a file name that cannot be a URL slug', async () => {
    const [message] = await problemsFor('My API.yaml', VALID);
    expect(message).toContain('is not a valid API slug');
  });

  it('duplicate operationIds and operations without responses', async () => {
    const text = VALID.replace('  /quotes:\n', '  /other:\n    get:\n      operationId: listQuotes\n      responses: {}\n  /quotes:\n');
    const messages = (await problemsFor('quotes.yaml', text)).join('\n');
    expect(messages).toContain('every operation needs at least one response');
    expect(messages).toContain('operationId "listQuotes" is already used by GET /other');
  });

  it('YAML bombs are refused instead of expanding', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 10; level++)
      bomb.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(',')}]`,
      );
    const messages = await problemsFor('bomb.yaml', `${bomb.join('\n')}\n`);
    expect(messages.join('\n')).toMatch(/bomb\.yaml.*(alias|cannot be read)/i);
  });
});
