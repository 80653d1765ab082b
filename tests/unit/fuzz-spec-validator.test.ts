import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadSpecs, MAX_SPEC_BYTES, type LoadResult } from '../../plugins/portico/spec/load-specs.ts';
import { formatJsonPath } from '../../plugins/portico/spec/problems.ts';
import { FuzzTally, fuzzOptions, hostileJson, hostileKey } from '../support/fuzz.ts';
import { contractViolations } from '../support/spec-contract.ts';
import type { ParsedJson } from '../support/parsed-json.ts';

/**
 * Hostile spec files against loadSpecs: whatever a file holds, the answer is a list of problems
 * naming the file with a message — never a throw, never a hang, never an invalid spec loaded.
 * Every property writes its own file in its own temporary folder.
 */
const tally = new FuzzTally('spec validator');
const SAMPLES = ['claims', 'quotes'].map((slug) => ({ slug, text: readFileSync(path.join('openapi', `${slug}.yaml`), 'utf8') }));
const SAMPLE_DOCS = SAMPLES.map(({ text }) => parse(text) as Record<string, unknown>);
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).length;
/** Generous: the machine is shared; a real hang (an alias bomb, a cycle) takes far longer or never ends. */
const SLOW_MS = 10_000;

afterAll(() => tally.print());

/** Loads one file alone in a fresh folder and checks what every answer must satisfy. */
async function load(property: string, text: string | Uint8Array, name = 'api.yaml'): Promise<LoadResult> {
  tally.count(property);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portico-fuzz-spec-'));
  try {
    await writeFile(path.join(dir, name), text);
    const started = performance.now();
    const result = await loadSpecs(dir, dir);
    expect(performance.now() - started, 'loadSpecs took too long').toBeLessThan(SLOW_MS);
    expect(result.problems.length + result.apis.length).toBeGreaterThan(0);
    for (const problem of result.problems) {
      expect(problem.file).toBe(name);
      expect(problem.message).toEqual(expect.any(String));
      expect(problem.message.trim().length).toBeGreaterThan(5);
      expect(problem.message).not.toMatch(/\n\s+at /); // no stack trace
      expect(['error', 'warning']).toContain(problem.severity);
      if (problem.line !== undefined) expect(problem.line).toBeGreaterThan(0);
    }
    const errors = result.problems.filter((problem) => problem.severity === 'error');
    if (result.apis.length === 0) expect(errors.length).toBeGreaterThan(0);
    for (const api of result.apis) {
      expect(errors).toEqual([]);
      expect(contractViolations(api.document, api.portal)).toEqual([]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).length).toBe(PROTOTYPE_KEYS);
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every path (object keys and array indexes) inside a JSON value. */
function pathsOf(value: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(at);
  if (Array.isArray(value))
    value.forEach((item, index) => {
      pathsOf(item, [...at, index], out);
    });
  else if (value && typeof value === 'object') for (const [key, child] of Object.entries(value)) pathsOf(child, [...at, key], out);
  return out;
}

const SAMPLE_PATHS = SAMPLE_DOCS.map((doc) => pathsOf(doc).filter((at) => at.length > 0));
const DEEP = '"@@deep@@"';

type Edit =
  | { kind: 'drop' }
  | { kind: 'replace'; value: unknown }
  | { kind: 'add'; key: string; value: unknown }
  | { kind: 'deep'; depth: number; open: '[' | '{"a":' }
  | { kind: 'huge'; length: number };

/** Applies one edit at `at` and returns the file text (JSON or YAML). */
function edited(doc: Record<string, unknown>, at: Array<string | number>, edit: Edit, asJson: boolean): string {
  const copy = structuredClone(doc);
  const parent = at.slice(0, -1).reduce<ParsedJson>((node, key) => node[key], copy);
  const key = at[at.length - 1] as string | number;
  if (edit.kind === 'drop') Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key];
  if (edit.kind === 'replace') parent[key] = edit.value;
  if (edit.kind === 'add' && parent[key] && typeof parent[key] === 'object' && !Array.isArray(parent[key]))
    Object.defineProperty(parent[key], edit.key, { value: edit.value, enumerable: true, configurable: true, writable: true });
  if (edit.kind === 'huge') parent[key] = 'h'.repeat(edit.length);
  if (edit.kind !== 'deep') return asJson ? JSON.stringify(copy) : stringify(copy, { aliasDuplicateObjects: false });
  parent[key] = '@@deep@@';
  const close = edit.open === '[' ? ']' : '}';
  return JSON.stringify(copy).replace(DEEP, `${edit.open.repeat(edit.depth)}1${close.repeat(edit.depth)}`);
}

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'drop' as const }), weight: 3 },
  { arbitrary: hostileJson.map((value) => ({ kind: 'replace' as const, value })), weight: 5 },
  { arbitrary: fc.tuple(hostileKey, hostileJson).map(([key, value]) => ({ kind: 'add' as const, key, value })), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('deep' as const),
      depth: fc.integer({ min: 1, max: 5_000 }),
      open: fc.constantFrom('[' as const, '{"a":' as const),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('huge' as const), length: fc.integer({ min: 10_000, max: 2_000_000 }) }), weight: 1 },
);

describe('the spec validator under hostile files', () => {
  it('random bytes, random text and random JSON/YAML values: problems with file and message, never a throw', async () => {
    const yamlish = fc.array(
      fc.oneof(
        fc.constantFrom(
          ':',
          ': ',
          '- ',
          '&a ',
          '*a',
          '<<: *a',
          '{',
          '}',
          '[',
          ']',
          '"',
          "'",
          '\n',
          '  ',
          '!!binary ',
          '!!set ',
          '!foo ',
          '? ',
          '|',
          '>',
          '#',
          '---\n',
          '...\n',
          '%YAML 1.1\n',
          'openapi: 3.0.3\n',
          'x-portal:',
          '\t',
          '\u0000',
          '\ufeff',
        ),
        fc.string({ maxLength: 8 }),
      ),
      { maxLength: 60 },
    );
    const file = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      fc.string({ unit: 'binary', maxLength: 500 }),
      yamlish.map((parts) => parts.join('')),
      hostileJson.map((value) => JSON.stringify(value) ?? 'null'),
      hostileJson.map((value) => stringify(value) ?? ''),
    );
    await fc.assert(
      fc.asyncProperty(file, fc.constantFrom('api.yaml', 'api.json', 'api.yml'), async (text, name) => {
        const result = await load('random bytes / text / JSON values', text, name);
        expect(result.apis).toEqual([]);
      }),
      fuzzOptions(400),
    );
  }, 60_000);

  it('mutations of a valid sample spec (drop, replace, hostile keys, deep nesting, huge strings): never an invalid spec loaded', async () => {
    const base = await load('mutations of a sample spec', SAMPLES[0]?.text ?? '', 'claims.yaml');
    expect(base.apis).toHaveLength(1);
    let loaded = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(SAMPLE_DOCS.length - 1), fc.nat(), edit, fc.boolean(), async (sample, target, change, asJson) => {
        const paths = SAMPLE_PATHS[sample] ?? [];
        const at = paths[target % paths.length] ?? ['info'];
        const result = await load(
          'mutations of a sample spec',
          edited(SAMPLE_DOCS[sample] ?? {}, at, change, asJson),
          `${SAMPLES[sample]?.slug}.${asJson ? 'json' : 'yaml'}`,
        );
        loaded += result.apis.length;
      }),
      fuzzOptions(200),
    );
    // Many mutations (descriptions, examples) keep the spec valid: the oracle was exercised on loaded specs too.
    expect(loaded).toBeGreaterThan(20);
  }, 60_000);

  it('breaking a required field (missing, wrong type, invalid value) is always refused at that field', async () => {
    const required: Array<Array<string | number>> = [
      ['openapi'],
      ['info'],
      ['info', 'title'],
      ['info', 'version'],
      ['paths'],
      ['x-portal'],
      ['x-portal', 'visibility'],
      ['x-portal', 'audience'],
      ['x-portal', 'environments'],
      ['x-portal', 'environments', 'sandbox', 'url'],
      ['x-portal', 'environments', 'sandbox', 'auth'],
      ['x-portal', 'summary'],
      ['x-portal', 'owners'],
      ['paths', '/claims', 'post', 'responses'],
    ];
    const invalid = fc.oneof(
      fc.constantFrom(
        null,
        0,
        -0,
        1e308,
        true,
        [],
        {},
        [[]],
        '',
        ' ',
        '2.0',
        '3.2.0',
        'Public',
        'ftp://x.example',
        'javascript:alert(1)',
        'x'.repeat(400),
        ['client_secret', 'nope'],
        { __proto__: null },
      ),
      fc.integer(),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    const breaking = fc.oneof(
      fc.constant({ kind: 'drop' as const }),
      invalid.map((value) => ({ kind: 'replace' as const, value })),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...required), breaking, fc.boolean(), async (at, change, asJson) => {
        if (change.kind === 'replace' ? isStillValid(at, change.value) : isOptionalIn31(at)) return;
        const result = await load('broken required field', edited(SAMPLE_DOCS[0] ?? {}, at, change, asJson), `claims.${asJson ? 'json' : 'yaml'}`);
        expect(result.apis).toEqual([]);
        const target = formatJsonPath(at);
        const paths = result.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.path);
        expect(
          paths.some((where) => where.startsWith(target) || target.startsWith(where)),
          `${target} not named in ${paths.join(', ')}`,
        ).toBe(true);
      }),
      fuzzOptions(120),
    );
  }, 60_000);

  it('YAML bombs, aliases, merge keys, duplicate keys, tags and several documents: refused or loaded clean, quickly', async () => {
    const sample = SAMPLES[0]?.text ?? '';
    const bomb = fc.record({ fanOut: fc.integer({ min: 2, max: 12 }), levels: fc.integer({ min: 2, max: 12 }) }).map(({ fanOut, levels }) => {
      const lines = [`x-l0: &l0 [${Array(fanOut).fill('"lol"').join(', ')}]`];
      for (let level = 1; level < levels; level++)
        lines.push(
          `x-l${level}: &l${level} [${Array(fanOut)
            .fill(`*l${level - 1}`)
            .join(', ')}]`,
        );
      return `${sample}${lines.join('\n')}\n`;
    });
    const specials = fc.oneof(
      bomb,
      fc
        .constantFrom(
          'x-a: &a { b: *a }\n',
          'x-anchor: &p { visibility: public }\nx-alias: *p\n',
          'x-m: &m { a: 1 }\nx-n: { <<: *m, <<: *m }\n',
          'paths: {}\n',
          'x-portal: {}\n',
          'info: { title: Again, version: "2" }\n',
          '---\nopenapi: 3.1.0\n',
          'x-b: !!binary AAAA\n',
          'x-s: !!set { a, b }\n',
          'x-t: !!timestamp 2001-12-14\n',
          'x-o: !!omap [ a: 1 ]\n',
          'x-f: !!js/function "function(){}"\n',
          'x-u: *undefined\n',
          '__proto__: { polluted: true }\n',
          'constructor: { prototype: { polluted: true } }\n',
        )
        .map((tail) => sample + tail),
      fc
        .constantFrom(
          ['visibility: private', 'visibility: !!binary AAAA'],
          ['tags: [Claims, FNOL]', 'tags: !!set { Claims, FNOL }'],
          ['owners: [claims-api@insurer.example]', 'owners: &o [claims-api@insurer.example]\n  __proto__: *o'],
          ['  audience: [partners]', '  audience: [partners]\n  audience: [customers]'],
        )
        .map(([from, to]) => sample.replace(from as string, to as string)),
    );
    await fc.assert(
      fc.asyncProperty(specials, async (text) => {
        await load('YAML bombs, aliases, tags, duplicates', text, 'claims.yaml');
      }),
      fuzzOptions(100),
    );
  }, 60_000);

  it('regressions: a self-containing alias threw (stack overflow in the checks); YAML 1.1 tags loaded a Date/Set into the spec', async () => {
    const sample = SAMPLES[0]?.text ?? '';
    const cycle = await load('regressions', `${sample}x-a: &a { b: *a }\n`, 'claims.yaml');
    expect(cycle.problems.map((problem) => problem.message)).toEqual([expect.stringContaining('refers to a mapping or list that contains it')]);
    const listCycle = await load('regressions', `${sample}x-a: &a [1, *a]\n`, 'claims.yaml');
    expect(listCycle.apis).toEqual([]);
    const tagged = await load(
      'regressions',
      sample
        .replace('tags: [Claims, FNOL]', 'tags: [Claims, FNOL]\n  summary: !!timestamp 2001-12-14')
        .replace(/\n {2}summary: Declare claims the moment a loss happens \(first[^\n]*/, ''),
      'claims.yaml',
    );
    expect(tagged.apis[0]?.portal.summary).toBe('2001-12-14');
    const deep = await load('regressions', `${sample}x-deep: ${'['.repeat(250)}${']'.repeat(250)}\n`, 'claims.yaml');
    expect(deep.problems.map((problem) => problem.message)).toEqual([expect.stringContaining('nested more than 200 levels')]);
  });

  it('deep nesting and huge files: refused with a message (the size limit named), never a stack overflow', async () => {
    for (const depth of [1_000, 10_000, 100_000]) {
      for (const [open, close] of [
        ['[', ']'],
        ['{a: ', '}'],
        ['- ', ''],
      ] as const) {
        const nested =
          open === '- '
            ? `${Array.from({ length: Math.min(depth, 1_500) }, (_, level) => `${'  '.repeat(level)}- `).join('\n')}x`
            : `${open.repeat(depth)}1${close.repeat(depth)}`;
        const result = await load('deep nesting and huge files', `${SAMPLES[1]?.text}x-deep: ${open === '- ' ? '\n' : ''}${nested}\n`, 'quotes.yaml');
        expect(result.apis).toEqual([]);
        expect(result.problems[0]?.message).toContain('nested more than 200 levels deep');
      }
    }
    const oversize = Buffer.alloc(MAX_SPEC_BYTES + 1, 0x61);
    const refused = await load('deep nesting and huge files', oversize, 'quotes.yaml');
    expect(refused.problems[0]?.message).toContain(`limit is ${MAX_SPEC_BYTES} bytes`);
    const hugeButAllowed = `${SAMPLES[1]?.text}x-huge: ${'y'.repeat(MAX_SPEC_BYTES - 100_000)}\n`;
    expect((await load('deep nesting and huge files', hugeButAllowed, 'quotes.yaml')).apis).toHaveLength(1);
  }, 60_000);
});

/** Some "invalid" constants are valid at some fields: "Public" is a fine title, never a visibility. */
function isStillValid(at: Array<string | number>, value: unknown): boolean {
  const field = at.join('.');
  const textLimits: Record<string, number> = { 'info.title': Number.POSITIVE_INFINITY, 'info.version': Number.POSITIVE_INFINITY, 'x-portal.summary': 300 };
  const limit = textLimits[field];
  if (limit !== undefined && typeof value === 'string') return value.trim() !== '' && (field === 'x-portal.summary' ? value.trim() : value).length <= limit;
  if (field === 'paths') return value !== null && typeof value === 'object' && !Array.isArray(value);
  return false;
}

/** The sample broken here (claims.yaml) is OpenAPI 3.1, where paths and an operation's responses are optional. */
function isOptionalIn31(at: Array<string | number>): boolean {
  return ['paths', 'paths./claims.post.responses'].includes(at.join('.'));
}
