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
 * schema pages). Media types of one body or response that share a schema show it once; an
 * operation still over its size budget (a very wide schema) is shown shallower, down to names only.
 * The spec itself is never changed: the sandbox and the validator read it.
 */

interface BoundSchemaOptions {
  /** How many schema references deep an operation's schemas are shown inline; beyond, by name. */
  maxDepth?: number;
  /** Bytes of JSON one operation may take once bounded; over it, one level shallower at a time. */
  operationBudget?: number;
}

/**
 * Two levels show an object and its parts, each named part's own fields by name. Measured on
 * Stripe (bench/README.md): depth 2 gives 20 MB of MDX in all, the largest page 0.22 MB, in 12 s
 * and 0.7 GiB; depth 3 gives 83 MB, a 0.91 MB page (at the 1 MB limit), 24 s and 2.2 GiB.
 */
export const DEFAULT_SCHEMA_DEPTH = 2;

/**
 * The operation's JSON is embedded in its page about twice (the schema tabs and the explorer's
 * data): 128 KB keeps pages near 300 KB of MDX, which compiles in about a second. No real spec
 * of the corpus reaches it at depth 2 but YouTube's upload (bench/README.md).
 */
const DEFAULT_OPERATION_BUDGET = 128 * 1024;
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

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
  const budget = typeof options.operationBudget === 'number' && options.operationBudget > 0 ? options.operationBudget : DEFAULT_OPERATION_BUDGET;
  const copy: Json = {};
  for (const [key, value] of Object.entries(document)) {
    if (key === 'components') copy[key] = boundComponents(value as Json, schemas, maxDepth);
    else if ((key === 'paths' || key === 'webhooks') && isObject(value)) copy[key] = boundPathItems(value, schemas, maxDepth, budget);
    else copy[key] = walk(value, { schemas, maxDepth, path: [], depth: 0 });
  }
  return copy;
}

function boundPathItems(items: Json, schemas: Json, maxDepth: number, budget: number): Json {
  const copy: Json = {};
  for (const [route, item] of Object.entries(items)) {
    if (!isObject(item)) {
      copy[route] = walk(item, { schemas, maxDepth, path: [], depth: 0 });
      continue;
    }
    copy[route] = Object.fromEntries(
      Object.entries(item).map(([key, value]) => [
        key,
        METHODS.has(key) ? boundOperation(value, schemas, maxDepth, budget) : walk(value, { schemas, maxDepth, path: [], depth: 0 }),
      ]),
    );
  }
  return copy;
}

/** Depth `maxDepth`, or the deepest shallower one that fits the budget (0: every schema by name). */
function boundOperation(operation: unknown, schemas: Json, maxDepth: number, budget: number): unknown {
  for (let depth = maxDepth; ; depth--) {
    const bounded = walk(operation, { schemas, maxDepth: depth, path: [], depth: 0 });
    if (depth === 0 || JSON.stringify(bounded).length <= budget) return bounded;
  }
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
    else if (key === 'content' && isObject(value)) copy[key] = walkContent(value, state);
    else copy[key] = walk(value, state);
  }
  return copy;
}

/**
 * A body, response or parameter's media types: one schema shared by several of them (YouTube's
 * upload accepts 105 video types, one Video each) is expanded for the first and named for the rest.
 */
function walkContent(content: Json, state: Walk): Json {
  const firstWith = new Map<string, string>();
  const copy: Json = {};
  for (const [mediaType, media] of Object.entries(content)) {
    const key = isObject(media) && media.schema !== undefined ? JSON.stringify(media.schema) : undefined;
    const first = key === undefined ? undefined : firstWith.get(key);
    if (key !== undefined && first === undefined) firstWith.set(key, mediaType);
    if (first === undefined || !isObject(media)) {
      copy[mediaType] = walk(media, state);
      continue;
    }
    const title = isObject(media.schema) ? (schemaRefName(media.schema) ?? media.schema.title) : undefined;
    const shown = typeof title === 'string' ? { title: title.replace(/[^\w.-]/g, '_') } : {};
    copy[mediaType] = { ...(walk(media, state) as Json), schema: { ...shown, description: `The same schema as \`${first.replace(/`/g, '')}\`.` } };
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
  return { title: name, ...expanded, ...(walk(siblings, state) as Json) };
}

/** What the page shows instead of the schema: its name, its type when simple, and why. */
function schemaStub(name: string, target: unknown, reason: 'recursive' | 'deep', note?: unknown): Json {
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
