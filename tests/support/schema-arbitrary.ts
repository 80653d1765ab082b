import fc from 'fast-check';
import { edgeNumber, hostileJson, hostileKey, hostileString, withProtoKey } from './fuzz.ts';

/**
 * fast-check bodies shaped by an operation's JSON Schema (from /api/openapi.json): the right keys
 * with values that are sometimes right (real ids, enum members, in-range numbers), often wrong
 * (another type, out of range, hostile text), keys dropped or added — so a fuzzed request gets
 * past the first check as often as it is stopped by it.
 */
export type Schema = {
  $ref?: string;
  type?: string | string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
};

function resolveSchema(schema: Schema | undefined, components: Record<string, Schema>): Schema | undefined {
  if (schema?.$ref) return resolveSchema(components[schema.$ref.replace('#/components/schemas/', '')], components);
  return schema;
}

/** `strict` stays inside the schema (to reach the services); otherwise anything goes now and then. */
interface Context {
  components: Record<string, Schema>;
  pool: string[];
  strict: boolean;
  /** Values worth trying for a field of that name (e.g. real certificates for `certificate`). */
  byName?: (key: string) => fc.Arbitrary<unknown> | undefined;
}

/** A value for one field: usually of the declared kind, sometimes anything at all. */
function field(schema: Schema, context: Context, depth: number): fc.Arbitrary<unknown> {
  if (context.strict) return fitting(schema, context, depth);
  return fc.oneof({ arbitrary: fitting(schema, context, depth), weight: 3 }, { arbitrary: hostileJson, weight: 1 });
}

function fitting(raw: Schema, context: Context, depth: number): fc.Arbitrary<unknown> {
  const schema = resolveSchema(raw, context.components) ?? {};
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((branch) => fitting(branch, context, depth)));
  if (schema.enum) return context.strict ? fc.constantFrom(...schema.enum) : fc.oneof(fc.constantFrom(...schema.enum), hostileString);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return depth > 3 ? hostileJson : shapedObject(schema, context, depth + 1);
    case 'array':
      return fc.array(field(schema.items ?? {}, context, depth + 1), { maxLength: 4 });
    case 'boolean':
      return context.strict ? fc.boolean() : fc.oneof(fc.boolean(), fc.constantFrom('true', 0, 1, null));
    case 'integer':
    case 'number': {
      const inRange = fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1_000 });
      return context.strict ? inRange : fc.oneof(inRange, edgeNumber, fc.constantFrom('1', '1e308', 'NaN', '-0', 'Infinity'));
    }
    case 'string':
      return stringFor(schema, context);
    default:
      return hostileJson;
  }
}

function stringFor(schema: Schema, context: Context): fc.Arbitrary<string> {
  const matching = schema.pattern ? context.pool.filter((value) => new RegExp(schema.pattern as string, 'u').test(value)) : context.pool;
  const minLength = Math.min(schema.minLength ?? 0, 60);
  const sized = fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 60, 60)) });
  const dates = fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2100-01-01') });
  const formatted =
    schema.format === 'date-time'
      ? dates.map((date) => date.toISOString())
      : schema.format === 'date'
        ? dates.map((date) => date.toISOString().slice(0, 10))
        : undefined;
  const real = matching.length > 0 ? fc.constantFrom(...matching) : undefined;
  if (context.strict) return formatted ?? (schema.pattern ? (real ?? sized) : real ? fc.oneof(sized, real) : sized);
  const options: Array<fc.Arbitrary<string>> = [sized, hostileString];
  if (real) options.push(real, real);
  if (formatted) options.push(formatted);
  if (schema.maxLength) options.push(fc.constant('m'.repeat(schema.maxLength)), fc.constant('m'.repeat(schema.maxLength + 1)));
  return fc.oneof(...options);
}

function shapedObject(schema: Schema, context: Context, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const entries = properties.map(([key, child]) => {
    const hinted = context.byName?.(key);
    const value = hinted ? fc.oneof({ arbitrary: hinted, weight: 3 }, { arbitrary: field(child, context, depth), weight: 1 }) : field(child, context, depth);
    const present = value.map((item) => [key, item] as const);
    if (context.strict && required.has(key)) return present;
    return fc.oneof({ arbitrary: present, weight: required.has(key) ? 8 : 3 }, { arbitrary: fc.constant(undefined), weight: context.strict ? 3 : 1 });
  });
  const none = fc.constant([] as Array<readonly [string, unknown]>);
  const extra = context.strict
    ? none
    : fc.oneof({ arbitrary: none, weight: 4 }, { arbitrary: fc.array(fc.tuple(hostileKey, hostileJson), { maxLength: 2 }), weight: 1 });
  return fc.tuple(fc.tuple(...entries), extra).map(([chosen, added]) => {
    const body: Record<string, unknown> = {};
    for (const entry of [...chosen, ...added])
      if (entry) Object.defineProperty(body, entry[0], { value: entry[1], enumerable: true, configurable: true, writable: true });
    return body;
  });
}

export interface FuzzBody {
  body: string | undefined;
  contentType: string | undefined;
  label: string;
}

/** Every kind of body an endpoint may meet: shaped JSON, any JSON, broken JSON, other media types, none. */
export function bodyFor(schema: Schema | undefined, components: Record<string, Schema>, pool: string[], byName?: Context['byName']): fc.Arbitrary<FuzzBody> {
  const shaped = schema ? fitting(schema, { components, pool, strict: false, byName }, 0) : hostileJson;
  const valid = schema ? fitting(schema, { components, pool, strict: true, byName }, 0) : fc.constant({});
  const json =
    (label: string) =>
    (body: unknown): FuzzBody => ({ body: JSON.stringify(body) ?? 'null', contentType: 'application/json', label });
  return fc.oneof(
    { arbitrary: valid.map(json('within the schema')), weight: 5 },
    { arbitrary: shaped.map(json('schema-shaped, hostile values')), weight: 8 },
    { arbitrary: hostileJson.map(json('any JSON value')), weight: 3 },
    { arbitrary: shaped.map((body) => ({ body: withProtoKey(body), contentType: 'application/json', label: '__proto__ key' })), weight: 1 },
    {
      arbitrary: fc
        .tuple(
          shaped,
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/json; charset=utf-16',
            'application/merge-patch+json',
            '',
            'application/json, text/plain',
          ),
        )
        .map(([body, contentType]) => ({ body: JSON.stringify(body) ?? 'null', contentType, label: 'wrong content type' })),
      weight: 2,
    },
    {
      arbitrary: fc
        .oneof(
          fc.constantFrom(
            '',
            '{',
            '{"a":',
            '[1,2',
            'nul',
            '\ufeff{}',
            '{"a":1,"a":2}',
            "{'a':1}",
            '{"a":1}garbage',
            'a=1&b=2',
            '<xml/>',
            '\u0000',
            '{"a":"\\ud800"}',
            '1e400',
            '[]'.repeat(2000),
            '['.repeat(10_000) + ']'.repeat(10_000),
          ),
          fc.string({ unit: 'binary', maxLength: 300 }),
          shaped.map((body) => (JSON.stringify(body) ?? '').slice(0, -1)),
        )
        .map((body) => ({ body, contentType: 'application/json', label: 'not JSON' })),
      weight: 3,
    },
    { arbitrary: fc.constant({ body: undefined, contentType: undefined, label: 'no body' }), weight: 1 },
    {
      arbitrary: fc
        .integer({ min: 60_000, max: 66_000 })
        .map((size) => ({ body: JSON.stringify({ pad: 'p'.repeat(size) }), contentType: 'application/json', label: 'near the 64 KB limit' })),
      weight: 1,
    },
  );
}
