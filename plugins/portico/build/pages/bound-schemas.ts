/**
 * Pages of bounded size (issue 14 item 4). docusaurus-plugin-openapi-docs dereferences the whole
 * spec (json-schema-ref-parser), then serializes it with a cycle-cutting replacer that expands
 * every shared schema again at every use: one widely shared or recursive schema becomes megabytes
 * of MDX per page, and on Stripe the serialization alone never finished. It has no depth option.
 *
 * So the copy handed to the generator has no schema `$ref` left: each operation's schemas are
 * inlined here up to `maxDepth` references deep, and a reference that recurses (its schema is
 * already being expanded on this branch) or lies deeper becomes a small stub that names the
 * schema. Component schemas keep their own body with every nested reference stubbed (they get
 * no pages of their own; the generator only reads them for discriminator mappings and `x-tags`
 * schema pages). The spec itself is never changed: the sandbox and the validator read it.
 */

export interface BoundSchemaOptions {
  /** How many schema references deep an operation's schemas are shown inline; beyond, by name. */
  maxDepth?: number;
}

/**
 * Two levels show an object and its parts, each named part's own fields by name. Measured on
 * Stripe (bench/README.md): depth 2 gives 20 MB of MDX in all, the largest page 0.22 MB, in 12 s
 * and 0.7 GiB; depth 3 gives 83 MB, a 0.91 MB page (at the 1 MB limit), 24 s and 2.2 GiB.
 */
export const DEFAULT_SCHEMA_DEPTH = 2;

type Json = Record<string, unknown>;
const SCHEMA_PREFIX = '#/components/schemas/';
/** Values that are data, not schemas: a `$ref` inside an example is text to show. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const', 'x-portal', 'x-codeSamples', 'x-code-samples']);
const SIMPLE_TYPES = new Set(['string', 'number', 'integer', 'boolean']);

interface Walk {
  schemas: Json;
  maxDepth: number;
  /** Component schemas being expanded on the current branch (recursion). */
  path: string[];
  depth: number;
}

export function boundSchemas(document: Json, options: BoundSchemaOptions = {}): Json {
  const schemas = componentSchemas(document);
  if (!schemas) return document;
  const maxDepth = validDepth(options.maxDepth);
  const copy: Json = {};
  for (const [key, value] of Object.entries(document)) {
    copy[key] = key === 'components' ? boundComponents(value as Json, schemas, maxDepth) : walk(value, { schemas, maxDepth, path: [], depth: 0 });
  }
  return copy;
}

function validDepth(depth: number | undefined): number {
  return typeof depth === 'number' && Number.isInteger(depth) && depth >= 0 ? depth : DEFAULT_SCHEMA_DEPTH;
}

function componentSchemas(document: Json): Json | undefined {
  const components = document.components;
  if (!isObject(components) || !isObject(components.schemas)) return undefined;
  return components.schemas;
}

/** Other components (parameters, responses…) are bounded like operations; schemas keep one level. */
function boundComponents(components: Json, schemas: Json, maxDepth: number): Json {
  const copy: Json = {};
  for (const [kind, members] of Object.entries(components)) {
    if (kind !== 'schemas' || !isObject(members)) {
      copy[kind] = walk(members, { schemas, maxDepth, path: [], depth: 0 });
      continue;
    }
    copy[kind] = Object.fromEntries(Object.entries(members).map(([name, schema]) => [name, walk(schema, { schemas, maxDepth: 0, path: [name], depth: 0 })]));
  }
  return copy;
}

function walk(node: unknown, state: Walk): unknown {
  if (Array.isArray(node)) return node.map((item) => walk(item, state));
  if (!isObject(node)) return node;
  const name = schemaRefName(node);
  if (name !== undefined) return followRef(node, name, state);
  const copy: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isObject(value)) copy[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, walk(schema, state)]));
    else if (DATA_KEYS.has(key)) copy[key] = value;
    // Extensions are not rendered as schemas, yet the generator embeds them in the page: names only.
    else if (key.startsWith('x-')) copy[key] = walk(value, { ...state, depth: Math.max(state.depth, state.maxDepth) });
    else if (key === 'allOf' && Array.isArray(value) && value.length > 1) copy[key] = value.map((member) => walkMember(member, state));
    else copy[key] = walk(value, state);
  }
  return copy;
}

/**
 * A reference merged by an `allOf` of several members (inheritance) is expanded without counting a
 * level, so the merged object is never half a stub. A one-member `allOf` is the OpenAPI 3.0 way to
 * put a description beside a reference: it counts like any reference, or nesting would be unbounded.
 */
function walkMember(member: unknown, state: Walk): unknown {
  if (!isObject(member) || schemaRefName(member) === undefined) return walk(member, state);
  return walk(member, { ...state, depth: state.depth - 1 });
}

function followRef(node: Json, name: string, state: Walk): unknown {
  const target = state.schemas[name];
  // A reference to nothing is left for the generator, which reports it as it always did.
  if (target === undefined) return node;
  const siblings = Object.fromEntries(Object.entries(node).filter(([key]) => key !== '$ref'));
  if (state.path.includes(name)) return schemaStub(name, target, 'recursive', siblings.description);
  if (state.depth >= state.maxDepth) return schemaStub(name, target, 'deep', siblings.description);
  const expanded = walk(target, { ...state, path: [...state.path, name], depth: state.depth + 1 });
  if (!isObject(expanded)) return expanded;
  // The generator titles component schemas by their name before inlining them: keep that.
  return { title: name, ...expanded, ...walk(siblings, state) as Json };
}

/** What the page shows instead of the schema: its name, its type when simple, and why. */
export function schemaStub(name: string, target: unknown, reason: 'recursive' | 'deep', note?: unknown): Json {
  // Component names are `[A-Za-z0-9._-]+` in valid OpenAPI; anything else is not shown as written.
  const shown = name.replace(/[^\w.-]/g, '_');
  const type = isObject(target) && typeof target.type === 'string' && SIMPLE_TYPES.has(target.type) ? { type: target.type } : {};
  const why = reason === 'recursive' ? 'the same schema as its parent, not expanded again' : 'not expanded here';
  const description = `A ${shown}: see its schema, component \`${shown}\` (${why}).`;
  // OpenAPI 3.1 allows a description beside a reference: the reader keeps it.
  return { title: shown, ...type, description: typeof note === 'string' && note !== '' ? `${note}\n\n${description}` : description };
}

/** `#/components/schemas/Name` → `Name` (JSON-pointer unescaped); any other reference → undefined. */
export function schemaRefName(node: Json): string | undefined {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith(SCHEMA_PREFIX)) return undefined;
  const rest = ref.slice(SCHEMA_PREFIX.length);
  if (rest === '' || rest.includes('/')) return undefined;
  return safeDecode(rest).replace(/~1/g, '/').replace(/~0/g, '~');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
