import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/fixture-paths.ts';

function portico(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'portico.mjs'), ...args], { encoding: 'utf8', cwd: projectRoot, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-cli-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('portico build with a broken spec', () => {
  it('stops before building, names file, line and JSON path, exits 1, no stack trace, previous build untouched', async () => {
    const openapi = path.join(dir, 'openapi');
    const out = path.join(dir, 'build');
    await mkdir(openapi, { recursive: true });
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'marker.txt'), 'previous build');
    await writeFile(
      path.join(openapi, 'claims.yaml'),
      'openapi: 3.1.0\ninfo: { title: Claims, version: "1" }\npaths: {}\nx-portal:\n  visibility: secret\n  audience: [partners]\n  environments: { sandbox: { url: https://s.example, auth: [mtls] } }\n',
    );
    const { code, stderr } = portico('build', '--openapi', openapi, '--out', out);
    expect(code).toBe(1);
    expect(stderr).toMatch(/claims\.yaml:5:\d+ at x-portal\.visibility: error: must be "public" or "private"/);
    expect(stderr).toContain('Nothing was published; the previous build is unchanged.');
    expect(stderr).not.toMatch(STACK_LINE);
    expect(await readFile(path.join(out, 'marker.txt'), 'utf8')).toBe('previous build');
  });

  it('portico validate reports every file and exits 1', async () => {
    const openapi = path.join(dir, 'validate');
    await mkdir(openapi, { recursive: true });
    await writeFile(path.join(openapi, 'a.yaml'), 'openapi: [\n');
    await writeFile(path.join(openapi, 'b.json'), '{"swagger": "2.0"}');
    const { code, stderr } = portico('validate', '--openapi', openapi);
    expect(code).toBe(1);
    expect(stderr).toMatch(/a\.yaml:\d+:\d+: error: invalid YAML/);
    // Swagger 2.0 is converted (decision 020), then refused like any incomplete spec.
    expect(stderr).toMatch(/b\.json.*: error: /);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('a missing folder is a clear error', () => {
    const { code, stderr } = portico('validate', '--openapi', path.join(dir, 'nope'));
    expect(code).toBe(1);
    expect(stderr).toContain('the folder does not exist or cannot be read');
  });
});

/**
 * A schema nested 70 levels deep, written inline: within what the validator accepts (200 levels of
 * JSON), beyond what the generator's parser takes (100). A chain of 300 `$ref`s used to fail the
 * same way; since pages are bounded (build/pages/bound-schemas.ts) it builds, so the failure needs
 * nesting no reference can shorten.
 */
function deepChainSpec(): string {
  let schema = '{ type: string }';
  for (let level = 0; level < 70; level += 1) schema = `{ type: object, properties: { next: ${schema} } }`;
  const schemas = [`    S0: ${schema}`];
  return [
    'openapi: 3.0.3',
    'info: { title: Deep, version: "1" }',
    'paths:',
    '  /chain:',
    '    get:',
    '      operationId: getChain',
    '      summary: Get the chain',
    "      responses: { '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/S0' } } } } }",
    'components:',
    '  schemas:',
    ...schemas,
    'x-portal:',
    '  visibility: public',
    '  owners: [deep@insurer.example]',
    '  audience: [partners]',
    '  environments: { sandbox: { url: https://s.example, auth: [client_secret] } }',
    '',
  ].join('\n');
}

describe('portico build when a page cannot be generated (issue 14)', () => {
  it('stops before any Docusaurus build with one line naming the spec file and the cause, no stack trace', async () => {
    const openapi = path.join(dir, 'deep');
    await mkdir(openapi, { recursive: true });
    await writeFile(path.join(openapi, 'deep.yaml'), deepChainSpec());
    const startedAt = Date.now();
    const result = spawnSync(
      process.execPath,
      [path.join(projectRoot, 'bin', 'portico.mjs'), 'build', '--openapi', openapi, '--out', path.join(dir, 'deep-build')],
      {
        encoding: 'utf8',
        cwd: projectRoot,
        timeout: 60_000,
        env: { ...process.env, PORTICO_WORK_DIR: path.join(dir, 'deep-work') },
      },
    );
    expect(result.status).toBe(1);
    const stopped = result.stderr.split('\n').filter((line) => line.includes('deep.yaml'));
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatch(/^The build stopped: .*deep\.yaml: cannot generate pages: .*nesting exceeded/);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stdout + result.stderr).not.toContain('building with Docusaurus');
    expect(Date.now() - startedAt).toBeLessThan(60_000);
  }, 90_000);
});

describe('portico usage', () => {
  it('unknown commands and options exit 2 with the usage', () => {
    expect(portico('launch').code).toBe(2);
    const bad = portico('build', '--colour', 'blue');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('usage: portico build');
    expect(bad.stderr).not.toMatch(STACK_LINE);
  });

  it('serve without a build says what to do', () => {
    const { code, stderr } = portico('serve', '--build', path.join(dir, 'no-build'), '--port', '0');
    expect(code).toBe(1);
    expect(stderr).toContain('run "npm run build" first');
  });
});
