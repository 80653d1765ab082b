import { neutralizeCodeText, neutralizeMarkdown, neutralizeTitle, neutralizeUrl } from './neutralize-markdown.ts';

/**
 * The copy of a spec handed to the docs generator, with every string it renders made inert
 * (see neutralize-markdown.ts for why spec text is dangerous there). Prose is escaped, titles
 * kept to one line, URLs limited to http(s)/mailto; data that the theme shows as code or that
 * "Try it" sends (examples, defaults, enums, patterns) is left exactly as written. The spec
 * itself is not changed: the sandbox and the catalog read the original.
 */
export function sanitizeDocumentMarkup(document: Record<string, unknown>): Record<string, unknown> {
  return sanitizeObject(document, undefined);
}

type Json = unknown;

/** Values written exactly as the API team wrote them: data, references, the portal's own block. */
const DATA_KEYS = new Set(['example', 'default', 'const', 'required', 'security', '$ref', '$id', '$schema', 'x-portal', 'x-codeSamples', 'x-code-samples']);
/** Data the theme prints inside markdown code spans ("Possible values: `a`, `b`"): kept unless it could leave the span. */
const CODE_SPAN_KEYS = new Set([
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
]);
/** Mappings keyed by names the API team chose (properties, status codes, media types…): their keys are not keywords. */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'schemas',
  'responses',
  'parameters',
  'examples',
  'requestBodies',
  'headers',
  'securitySchemes',
  'links',
  'callbacks',
  'pathItems',
  'paths',
  'webhooks',
  'content',
  'encoding',
  'variables',
]);
/** Name maps whose keys and values the generator prints as prose (OAuth scopes, enum descriptions). */
const PROSE_MAPS = new Set(['scopes', 'x-enumDescriptions']);
const URL_KEYS = new Set(['url', 'termsOfService', 'tokenUrl', 'authorizationUrl', 'refreshUrl', 'openIdConnectUrl', 'externalValue']);
const OPERATIONS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
/** Objects whose `name` is a tag's: shown as a title and matched against operations' `tags`. */
const TAG_LISTS = new Set(['tags', 'x-tagGroups']);

/**
 * `holder` says where the object sits: its key in a regular object, the key of the array
 * that lists it, or `#<map>` for an entry of a name map (whose key is a name, not a keyword).
 */
function sanitizeObject(node: Record<string, Json>, holder: string | undefined): Record<string, Json> {
  // Entries, not assignments: a key named "__proto__" stays a key.
  const out: Array<[string, Json]> = [];
  for (const [key, value] of Object.entries(node)) {
    if (isData(key, value, holder)) out.push([key, value]);
    else if (CODE_SPAN_KEYS.has(key)) out.push([key, inCodeSpan(value)]);
    else if (key === 'mapping' && isObject(value))
      out.push([key, Object.fromEntries(Object.entries(value).map(([name, target]) => [neutralizeCodeText(name), target]))]);
    else if (isObject(value) && (PROSE_MAPS.has(key) || NAME_MAPS.has(key))) {
      const renameKey = PROSE_MAPS.has(key) ? neutralizeMarkdown : (name: string) => name;
      out.push([key, Object.fromEntries(Object.entries(value).map(([name, entry]) => [renameKey(name), sanitizeItem(entry, `#${key}`)]))]);
    } else {
      const sanitized = typeof value === 'string' ? sanitizeString(value, key, holder) : sanitizeItem(value, key);
      if (sanitized !== undefined) out.push([key, sanitized]);
    }
  }
  return Object.fromEntries(out);
}

function isData(key: string, value: Json, holder: string | undefined): boolean {
  if (DATA_KEYS.has(key)) return true;
  if (key === 'examples') return Array.isArray(value);
  if (key === 'value') return holder === '#examples';
  if (key === 'url') return holder === 'servers' || holder === 'server';
  return false;
}

/** Strings, also inside nested arrays (the theme prints an array as its items joined by commas). */
function inCodeSpan(value: Json): Json {
  if (typeof value === 'string') return neutralizeCodeText(value);
  return Array.isArray(value) ? value.map(inCodeSpan) : value;
}

/** A value listed under `holder` (an array's key or `#<map>`), or an object's non-string member. */
function sanitizeItem(value: Json, holder: string): Json {
  if (typeof value === 'string') return TAG_LISTS.has(holder) ? neutralizeTitle(value) : neutralizeMarkdown(value);
  if (Array.isArray(value)) return value.map((item) => sanitizeItem(item, holder));
  if (isObject(value)) return sanitizeObject(value, holder);
  return value;
}

function sanitizeString(text: string, key: string, holder: string | undefined): string | undefined {
  if (URL_KEYS.has(key)) return neutralizeUrl(text);
  if (isTitle(key, holder)) return neutralizeTitle(text);
  return neutralizeMarkdown(text);
}

/** Strings the generator prints as text (JSON props, front matter, sidebar labels), never as markdown. */
function isTitle(key: string, holder: string | undefined): boolean {
  if (key === 'title' || key === 'operationId' || key === 'version') return true;
  if (key === 'summary') return holder === 'info' || (holder !== undefined && OPERATIONS.has(holder));
  return (key === 'name' || key === 'x-displayName') && holder !== undefined && TAG_LISTS.has(holder);
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
