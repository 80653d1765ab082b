import type { JsonObject } from '../../plugins/portico/contract.ts';
import type { SandboxCase } from './sandbox-cases.ts';
import { follow, type SpecConformance } from './spec-conformance.ts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An operation's request body as the valid case sends it. */
export interface Body {
  media: string;
  schemaPointer: string;
  value: unknown;
  encoding: Json;
  encoded: SandboxCase['body'];
  required: boolean;
}

/** The value as the media type carries it: JSON text, form fields, or multipart parts (binary fields as files). */
export function encode(media: string, value: unknown, encoding: Json = {}): SandboxCase['body'] {
  if (media === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams();
    for (const [name, field] of Object.entries(isObject(value) ? value : {})) {
      // explode: false (the encoding's choice) sends a list as one comma-separated field.
      const joined = Array.isArray(field) && isObject(encoding[name]) && encoding[name].explode === false ? [field.join(',')] : undefined;
      for (const part of joined ?? (Array.isArray(field) ? field : [field])) form.append(name, typeof part === 'object' ? JSON.stringify(part) : String(part));
    }
    return { contentType: media, data: form.toString() };
  }
  if (media === 'multipart/form-data') {
    const form = new FormData();
    for (const [name, field] of Object.entries(isObject(value) ? value : {})) {
      const allowed = isObject(encoding[name]) ? String(encoding[name].contentType ?? '') : '';
      if (allowed || name === 'file')
        form.append(name, new Blob([String(field)], { type: allowed.split(',')[0]?.trim() || 'application/octet-stream' }), `${name}.bin`);
      else for (const part of Array.isArray(field) ? field : [field]) form.append(name, typeof part === 'object' ? JSON.stringify(part) : String(part));
    }
    return { contentType: media, data: form };
  }
  return { contentType: media, data: JSON.stringify(value) };
}

type Site = { kind: string; path: string[]; value: unknown; remove?: boolean };

/** What can break at one place of the body: its schema's keywords, each with a value that breaks it. */
function breakers(schema: Json, value: unknown, json: boolean): Array<[string, unknown]> {
  const type = Array.isArray(schema.type) ? schema.type.find((candidate) => candidate !== 'null') : schema.type;
  const out: Array<[string, unknown]> = [];
  if (typeof schema.format === 'string' && ['date', 'date-time', 'email', 'uri', 'uuid'].includes(schema.format))
    out.push(['format', `not-a-${schema.format}`]);
  if (Array.isArray(schema.enum)) out.push(['enum', '__not_in_enum__']);
  if (typeof schema.pattern === 'string') out.push(['pattern', '!!']);
  if (typeof schema.maxLength === 'number') out.push(['maxLength', 'x'.repeat(schema.maxLength + 1)]);
  if (typeof schema.minLength === 'number' && schema.minLength > 0) out.push(['minLength', '']);
  if (typeof schema.maximum === 'number') out.push(['maximum', schema.maximum + 1]);
  if (typeof schema.minimum === 'number') out.push(['minimum', schema.minimum - 1]);
  if (typeof schema.maxItems === 'number') out.push(['maxItems', Array.from({ length: schema.maxItems + 1 }, () => (Array.isArray(value) ? value[0] : 'a'))]);
  // An empty list is no field at all in a form: only JSON can send one.
  if (typeof schema.minItems === 'number' && schema.minItems > 0 && json) out.push(['minItems', []]);
  if (typeof schema.minProperties === 'number' && json) out.push(['minProperties', {}]);
  if (schema.additionalProperties === false && isObject(value) && json) out.push(['additionalProperties', { ...value, unexpected: 1 }]);
  if (type === 'integer' || type === 'number') out.push(['type', 'abc']);
  else if (type === 'string' && json) out.push(['type', 12345]);
  else if ((type === 'object' || type === 'array' || type === 'boolean') && json) out.push(['type', 'text']);
  return out;
}

/** Walks the body with its schema ($ref, allOf, oneOf/anyOf, properties, items) and lists breakable sites. */
function sitesOf(document: JsonObject, schemaNode: unknown, value: unknown, path: string[], json: boolean, depth = 0): Site[] {
  if (depth > 6) return [];
  const schema = follow(document, schemaNode, '#').node;
  const sites: Site[] = breakers(schema, value, json).map(([kind, replacement]) => ({ kind, path, value: replacement }));
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) sites.push(...sitesOf(document, part, value, path, json, depth + 1));
  const choices = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (Array.isArray(choices) && json) sites.push({ kind: schema.oneOf ? 'oneOf' : 'anyOf', path, value: isObject(value) ? { unexpected: true } : 12345 });
  if (isObject(value)) {
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    const present = required.find((name) => name in value);
    if (present) sites.push({ kind: 'required', path: [...path, present], value: undefined, remove: true });
    const properties = isObject(schema.properties) ? schema.properties : {};
    for (const [name, child] of Object.entries(value))
      if (properties[name] !== undefined) sites.push(...sitesOf(document, properties[name], child, [...path, name], json, depth + 1));
  }
  if (Array.isArray(value) && value.length > 0) sites.push(...sitesOf(document, schema.items, value[0], [...path, '0'], json, depth + 1));
  return sites;
}

function applied(value: unknown, site: Site): unknown {
  if (site.path.length === 0) return site.value;
  const copy = structuredClone(value) as Json;
  let into: Json = copy;
  for (const key of site.path.slice(0, -1)) into = into[key] as Json;
  const last = site.path.at(-1) ?? '';
  if (site.remove) delete into[last];
  else into[last] = site.value;
  return copy;
}

/** One invalid body per constraint kind, each confirmed invalid by the harness; then the media-type cases. */
export function bodyMutations(document: JsonObject, body: Body, harness: SpecConformance): Array<[string, SandboxCase['body'] | null]> {
  const json = /json/.test(body.media);
  const found = new Map<string, SandboxCase['body'] | null>();
  if (body.required) found.set('missing body', null);
  if (json) {
    found.set('media type (JSON as text/plain)', { contentType: 'text/plain', data: JSON.stringify(body.value) });
    found.set('malformed JSON', { contentType: body.media, data: '{"not json' });
  }
  const schema = follow(document, undefined, body.schemaPointer).node;
  for (const site of sitesOf(document, schema, body.value, [], json)) {
    const kind = `body ${site.kind}`;
    if (found.has(kind)) continue;
    const broken = applied(body.value, site);
    if (harness.valid(body.schemaPointer, broken)) continue;
    found.set(kind, encode(body.media, broken, body.encoding));
  }
  const restricted = Object.entries(body.encoding).find(([, value]) => isObject(value) && typeof value.contentType === 'string');
  if (body.media === 'multipart/form-data' && restricted && isObject(body.value)) {
    const form = new FormData();
    for (const [name, field] of Object.entries(body.value)) {
      if (name === restricted[0]) form.append(name, new Blob(['MZ'], { type: 'application/x-msdownload' }), 'x.exe');
      else form.append(name, String(field));
    }
    found.set('multipart part media type', { contentType: body.media, data: form });
  }
  return [...found];
}
