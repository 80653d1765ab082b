import { isObject, type JsonObject } from '../contract.ts';
import { pageNames } from '../spec/page-names.ts';

/**
 * What the search index knows of a page beyond its text (decision 033): the API, the kind of page
 * and, for an operation, its method, path and the words a developer types to find it (the path as
 * written in the spec, the operationId, parameter and schema names), taken from the spec rather than
 * from the rendered page, whose parameters and schemas the OpenAPI theme only draws in the browser.
 * Schemas have no page of their own: each is a record that leads to the first operation using it.
 */

type SearchKind = 'guide' | 'overview' | 'operation' | 'schema';

export interface SearchApi {
  slug: string;
  title: string;
  /** The spec as loaded (original operationIds): page names are derived from it (spec/page-names.ts). */
  document: JsonObject;
}

export interface PageFacts {
  kind: SearchKind;
  api?: { slug: string; title: string };
  method?: string;
  path?: string;
  /** Searchable words the page's HTML does not hold. */
  terms?: string[];
}

export interface SchemaRecord {
  url: string;
  content: string;
  language: 'en';
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

const SCHEMA_REF = /^#\/components\/schemas\/(.+)$/;

/** Where an API's pages live: `/apis/<slug>/` in the public folder, `/` in its private build. */
function docsRootOf(api: SearchApi, isPublic: boolean): string {
  return isPublic ? `/apis/${api.slug}/` : '/';
}

/** Facts of every page of one API's docs, by URL (relative to its folder). */
export function apiPageFacts(api: SearchApi, isPublic: boolean): Map<string, PageFacts> {
  const root = docsRootOf(api, isPublic);
  const pageRoot = isPublic ? root : `${root}api/`;
  const about = { slug: api.slug, title: api.title };
  const facts = new Map<string, PageFacts>([[root, { kind: 'overview', api: about }]]);
  for (const page of pageNames(api.document)) {
    if (page.group !== 'paths') continue;
    const operation = operationAt(api.document, page.path, page.method);
    facts.set(`${pageRoot}${page.name}/`, {
      kind: 'operation',
      api: about,
      method: page.method.toUpperCase(),
      path: page.path,
      terms: operationTerms(api.document, page.path, operation),
    });
  }
  return facts;
}

/** One record per schema of the spec that an operation uses, leading to that operation's page. */
export function schemaRecords(api: SearchApi, isPublic: boolean): SchemaRecord[] {
  const root = docsRootOf(api, isPublic);
  const pageRoot = isPublic ? root : `${root}api/`;
  const schemas = isObject(api.document.components) && isObject(api.document.components.schemas) ? api.document.components.schemas : {};
  const firstUse = new Map<string, string>();
  for (const page of pageNames(api.document)) {
    if (page.group !== 'paths') continue;
    const operation = operationAt(api.document, page.path, page.method);
    const inRequest = schemasUsed(api.document, isObject(operation.requestBody) ? operation.requestBody : {});
    for (const name of schemasUsed(api.document, operation)) {
      // The operation page's own headings: where the schema is drawn.
      if (!firstUse.has(name)) firstUse.set(name, `${pageRoot}${page.name}/#${inRequest.has(name) ? 'request' : 'responses'}`);
    }
  }
  return [...firstUse].map(([name, url]) => {
    const schema = isObject(schemas[name]) ? schemas[name] : {};
    const properties = isObject(schema.properties) ? Object.keys(schema.properties) : [];
    const description = typeof schema.description === 'string' ? schema.description : '';
    return {
      url,
      content: [name, splitWords(name), description, properties.length > 0 ? `Properties: ${properties.join(' ')}` : ''].filter(Boolean).join('. '),
      language: 'en',
      meta: { title: name, kind: 'schema', api: api.slug, api_title: api.title },
      filters: { api: [api.slug], kind: ['schema'] },
    };
  });
}

/** The facts as elements Pagefind reads: meta and filters anywhere, terms inside the page's body. */
export function factsMarkup(facts: PageFacts): { meta: string; terms: string } {
  const fields: Array<[string, string, string | undefined]> = [
    ['filter', 'kind', facts.kind],
    ['meta', 'kind', facts.kind],
    ['filter', 'api', facts.api?.slug],
    ['meta', 'api', facts.api?.slug],
    ['meta', 'api_title', facts.api?.title],
    ['meta', 'method', facts.method],
    ['meta', 'path', facts.path],
  ];
  const meta = fields
    .filter((field): field is [string, string, string] => field[2] !== undefined && field[2] !== '')
    .map(([type, name, value]) => `<span data-pagefind-${type}="${name}">${escapeHtml(value)}</span>`)
    .join('');
  const terms = facts.terms && facts.terms.length > 0 ? `<p hidden>${escapeHtml(facts.terms.join(' '))}</p>` : '';
  return { meta: `<div hidden>${meta}</div>`, terms };
}

function operationAt(document: JsonObject, path: string, method: string): JsonObject {
  const item = isObject(document.paths) ? document.paths[path] : undefined;
  const operation = isObject(item) ? item[method] : undefined;
  return isObject(operation) ? operation : {};
}

/** The path as written (`/claims/{claimId}`) and word by word, the operationId, parameters, schemas used. */
function operationTerms(document: JsonObject, path: string, operation: JsonObject): string[] {
  const item = isObject(document.paths) && isObject(document.paths[path]) ? document.paths[path] : {};
  const parameters = [...asArray(item.parameters), ...asArray(operation.parameters)]
    .map((parameter) => resolve(document, parameter))
    .flatMap((parameter) => (typeof parameter.name === 'string' ? [parameter.name] : []));
  const operationId = typeof operation.operationId === 'string' ? [operation.operationId, splitWords(operation.operationId)] : [];
  const schemas = [...schemasUsed(document, operation)];
  return [path, path.replace(/[^A-Za-z0-9_-]+/g, ' ').trim(), ...operationId, ...parameters, ...schemas];
}

/** The component schemas an operation reaches through $refs (its parameters, bodies, responses), transitively. */
function schemasUsed(document: JsonObject, operation: JsonObject): Set<string> {
  const found = new Set<string>();
  const seen = new Set<unknown>();
  const queue: unknown[] = [operation];
  while (queue.length > 0 && seen.size < 10_000) {
    const node = queue.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      queue.push(...node);
      continue;
    }
    const ref = (node as JsonObject).$ref;
    if (typeof ref === 'string') {
      const schema = SCHEMA_REF.exec(ref)?.[1];
      if (schema) found.add(decodePointer(schema));
      queue.push(resolve(document, node));
    }
    queue.push(...Object.values(node as JsonObject));
  }
  return found;
}

function resolve(document: JsonObject, node: unknown): JsonObject {
  if (!isObject(node)) return {};
  if (typeof node.$ref !== 'string' || !node.$ref.startsWith('#/')) return node;
  let current: unknown = document;
  for (const part of node.$ref.slice(2).split('/').map(decodePointer)) current = isObject(current) ? current[part] : undefined;
  return isObject(current) ? current : {};
}

function decodePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `getClaim` → `get Claim`, `claim_id` → `claim id`: each word findable alone. */
function splitWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim();
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
