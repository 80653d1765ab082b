import { isObject, type JsonObject } from '../../plugins/portico/contract.ts';
import { locate } from './request-parameters.ts';

/**
 * A value built to fit a schema, for answers whose spec gives no (valid) example: the schema's
 * own example, default or first enum value, else one made from its type and keywords (sizes,
 * formats, the usual ID patterns, the first `oneOf`/`anyOf` branch, every `allOf` part). The
 * caller checks the result with Ajv; recursion is bounded.
 */
const MAX_DEPTH = 8;

export function sampleOf(document: JsonObject, schema: unknown, depth = 0): unknown {
  const resolved = locate(document, schema, '#').node;
  if (resolved.const !== undefined) return resolved.const;
  if (resolved.example !== undefined) return resolved.example;
  if (Array.isArray(resolved.examples) && resolved.examples.length > 0) return resolved.examples[0];
  if (resolved.default !== undefined) return resolved.default;
  if (Array.isArray(resolved.enum) && resolved.enum.length > 0) return resolved.enum[0];
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(resolved.allOf)) return mergedSample(document, resolved, depth);
  const choices = (resolved.oneOf ?? resolved.anyOf) as unknown[] | undefined;
  if (Array.isArray(choices) && choices.length > 0) return sampleOf(document, choices[0], depth + 1);
  const type = Array.isArray(resolved.type) ? resolved.type.find((candidate) => candidate !== 'null') : resolved.type;
  switch (type) {
    case 'array': {
      // Deep in a recursive schema an optional list stays empty, so the sample ends.
      const count = typeof resolved.minItems === 'number' ? resolved.minItems : depth < 3 ? 1 : 0;
      const limit = typeof resolved.maxItems === 'number' ? resolved.maxItems : count;
      return Array.from({ length: Math.min(count, limit, 20) }, () => sampleOf(document, resolved.items, depth + 1));
    }
    case 'integer':
    case 'number':
      return numberOf(resolved, type);
    case 'boolean':
      return true;
    case 'string':
      return stringOf(resolved);
    case 'null':
      return null;
    default:
      return objectOf(document, resolved, depth);
  }
}

function mergedSample(document: JsonObject, schema: JsonObject, depth: number): unknown {
  const parts = [{ ...schema, allOf: undefined }, ...(schema.allOf as unknown[])].map((part) => sampleOf(document, part, depth + 1));
  const objects = parts.filter(isObject);
  if (objects.length > 0) return Object.assign({}, ...objects);
  return parts.find((part) => part !== null) ?? null;
}

function objectOf(document: JsonObject, schema: JsonObject, depth: number): unknown {
  if (!isObject(schema.properties) && schema.type !== 'object') return null;
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const sample: JsonObject = {};
  for (const name of Object.keys(properties)) {
    const property = locate(document, properties[name], '#').node;
    // A request-only field (writeOnly) has no place in an answer.
    if (property.writeOnly === true && !required.has(name)) continue;
    sample[name] = sampleOf(document, properties[name], depth + 1);
  }
  return sample;
}

function numberOf(schema: JsonObject, type: string): number {
  const low = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : 0;
  const high = typeof schema.maximum === 'number' ? schema.maximum : Number.POSITIVE_INFINITY;
  let value = Math.min(Math.max(low, 1), high);
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0) value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  return type === 'integer' ? Math.ceil(value) : value;
}

const FORMATS: Record<string, string> = {
  date: '2027-01-01',
  'date-time': '2027-01-01T09:00:00Z',
  time: '09:00:00Z',
  email: 'jane.doe@example.com',
  uri: 'https://example.com/',
  'uri-reference': '/example',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  byte: 'c2FuZGJveA==',
};

function stringOf(schema: JsonObject): string {
  const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
  const base = format ?? (typeof schema.pattern === 'string' ? patternSample(schema.pattern) : undefined) ?? 'string';
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  return base.padEnd(min, 'x').slice(0, max);
}

/**
 * A string for the patterns IDs use (`^QTE-\d{4}-\d{6}$`, `^[A-Z]{2}$`…): literals, `\d`, `\w`,
 * character classes and quantifiers, each class by its first character. Anything else
 * (groups, alternation, lookarounds) gives up.
 */
function patternSample(pattern: string): string | undefined {
  let out = '';
  let rest = pattern.replace(/^\^/, '').replace(/\$$/, '');
  while (rest.length > 0) {
    const atom = /^(\\d|\\w|\\s|\\.|\\[-+.\\/()[\]{}^$*?|]|\[[^\]]+\]|[^\\()[\]{}|*+?.])/.exec(rest);
    if (!atom?.[0]) return undefined;
    rest = rest.slice(atom[0].length);
    const quantifier = /^(\{(\d+)(,(\d*))?\}|\+|\*|\?)/.exec(rest);
    if (quantifier?.[0]) rest = rest.slice(quantifier[0].length);
    const count = quantifier?.[2] ? Number(quantifier[2]) : quantifier?.[0] === '+' ? 1 : quantifier?.[0] === '*' || quantifier?.[0] === '?' ? 0 : 1;
    out += charOf(atom[0]).repeat(count);
  }
  return out;
}

function charOf(atom: string): string {
  if (atom === '\\d') return '1';
  if (atom === '\\w') return 'a';
  if (atom === '\\s') return ' ';
  if (atom.startsWith('\\')) return atom.slice(1);
  if (atom.startsWith('[')) {
    const inside = atom.slice(1, -1);
    if (inside.startsWith('^')) return 'x';
    if (inside.startsWith('\\d')) return '1';
    return inside[0] === '\\' ? (inside[1] ?? 'a') : (inside[0] ?? 'a');
  }
  return atom;
}
