import fc from 'fast-check';

/**
 * Fuzz runs are deterministic (a fixed seed) so a failure reproduces; FUZZ_SEED picks another
 * seed and FUZZ_SCALE multiplies every numRuns for a longer hunt (e.g. FUZZ_SCALE=20).
 */
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_260_508);
const SCALE = Math.max(0.1, Number(process.env.FUZZ_SCALE ?? 1));

export function fuzzOptions(numRuns: number): { numRuns: number; seed: number; endOnFailure: false; verbose: 1 } {
  return { numRuns: Math.ceil(numRuns * SCALE), seed: FUZZ_SEED, endOnFailure: false, verbose: 1 };
}

/** Counts the inputs each property really tried (shrinking included) and prints them at the end. */
export class FuzzTally {
  private readonly counts = new Map<string, number>();

  constructor(readonly subject: string) {}

  count(property: string, by = 1): void {
    this.counts.set(property, (this.counts.get(property) ?? 0) + by);
  }

  total(): number {
    return [...this.counts.values()].reduce((sum, count) => sum + count, 0);
  }

  of(property: string): number {
    return this.counts.get(property) ?? 0;
  }

  print(extra = ''): void {
    const lines = [...this.counts].map(([property, count]) => `  ${String(count).padStart(6)}  ${property}`);
    process.stdout.write(`[fuzz] ${this.subject}: ${this.total()} inputs (seed ${FUZZ_SEED})${extra ? `, ${extra}` : ''}\n${lines.join('\n')}\n`);
  }
}

/** Hostile strings: NUL, RTL overrides, lone surrogates, long runs, format characters, markup. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\u202e\u202dRTL\u200f',
    '\ud800',
    '\udfff\ud800',
    '\ufeff',
    '%00',
    '%',
    '%ZZ',
    '%E0%A4%A',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile input on purpose (template injection), not a template
    '${7*7}',
    '{{7*7}}',
    '\r\nSet-Cookie: x=1',
    'NaN',
    '-0',
    '1e308',
    'Infinity',
    'null',
    'true',
    '[]',
    '{}',
    '__proto__',
    'constructor',
    'prototype',
  ),
  fc.integer({ min: 1_000, max: 70_000 }).map((length) => 'x'.repeat(length)),
);

/** Numbers at the edges of what JSON and JavaScript agree on. */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2, -(2 ** 63), 2 ** 64, 0.1 + 0.2),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Keys that attack prototypes or look like something else. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', '', ' ', '\u0000', '$ref', 'toString', 'hasOwnProperty'),
  fc.string({ maxLength: 12 }),
);

/** Any JSON value, with hostile keys, strings and numbers mixed in. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    edgeNumber,
    hostileString,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** JSON text in which `__proto__` is an own key (JSON.stringify cannot produce it from an object). */
export function withProtoKey(body: unknown): string {
  const text = JSON.stringify(body ?? null) ?? 'null';
  return text.startsWith('{') && text !== '{}'
    ? `{"__proto__":{"polluted":true,"role":"admin"},${text.slice(1)}`
    : `{"__proto__":{"polluted":true},"value":${text}}`;
}
