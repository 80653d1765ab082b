import { createRequire } from 'node:module';
import { isObject, type JsonObject } from '../contract.ts';

/**
 * The name of each operation's page (its URL's last segment). OpenAPI lets an operationId be any
 * string, or be absent; a page needs a short, unique, URL-safe name. Rule: the operationId
 * kebab-cased when that gives a usable slug, else method + path (`get-repos-owner-repo`);
 * a name already taken gets -2, -3… in document order. The generator derives page ids from the
 * operationId with lodash's kebabCase, so we use that same function: usable operationIds keep the
 * URLs they always had, and every name we choose comes back unchanged from the generator.
 */
const requireFromGenerator = createRequire(createRequire(import.meta.url).resolve('docusaurus-plugin-openapi-docs'));
const kebabCase = requireFromGenerator('lodash/kebabCase') as (text: string) => string;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Long enough for any sensible operationId; file names and URLs stay well under system limits. */
const MAX_NAME_LENGTH = 100;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface PageName {
  /** `paths` or `webhooks`. */
  group: 'paths' | 'webhooks';
  /** The path (or webhook name) and method of the operation. */
  path: string;
  method: string;
  name: string;
}

interface Operation {
  group: PageName['group'];
  path: string;
  method: string;
  operation: JsonObject;
}

/** Every operation's page name, in document order (paths, then webhooks). Pure and deterministic. */
export function pageNames(document: JsonObject): PageName[] {
  const operations = operationsOf(document);
  const bases = operations.map(baseName);
  const taken = new Set(reservedNames(document));
  // First pass: each name goes to its first holder, so a duplicate never takes a name that
  // appears, unsuffixed, later in the document.
  const first = bases.map((base) => {
    if (taken.has(base)) return undefined;
    taken.add(base);
    return base;
  });
  return operations.map(({ group, path, method }, index) => {
    const name = first[index] ?? suffixed(bases[index] as string, taken);
    return { group, path, method, name };
  });
}

/**
 * The copy of a spec handed to the generator: each operation's operationId is its page name,
 * and its summary (the page title) is kept, or taken from the original operationId, or is
 * "METHOD /path", so readers still see what the API team wrote. The document itself is unchanged
 * (the sandbox and the catalog read it).
 */
export function withPageNames(document: JsonObject): JsonObject {
  // OpenAPI 3.1 lets paths be absent (webhooks only); the generator iterates it unconditionally.
  const copy: JsonObject = { ...document, paths: isObject(document.paths) ? { ...document.paths } : {} };
  if (isObject(document.webhooks)) copy.webhooks = { ...document.webhooks };
  for (const page of pageNames(document)) {
    const items = copy[page.group] as JsonObject;
    const item = { ...(items[page.path] as JsonObject) };
    const operation = item[page.method] as JsonObject;
    item[page.method] = { ...operation, operationId: page.name, summary: titleOf(operation, page) };
    items[page.path] = item;
  }
  return copy;
}

function titleOf(operation: JsonObject, page: PageName): string {
  if (typeof operation.summary === 'string' && operation.summary.trim() !== '') return operation.summary;
  if (typeof operation.operationId === 'string' && operation.operationId.trim() !== '') return operation.operationId;
  return `${page.method.toUpperCase()} ${page.path}`;
}

function operationsOf(document: JsonObject): Operation[] {
  const found: Operation[] = [];
  for (const group of ['paths', 'webhooks'] as const) {
    const items = document[group];
    if (!isObject(items)) continue;
    for (const [path, item] of Object.entries(items)) {
      if (path.startsWith('x-') || !isObject(item)) continue;
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (isObject(operation)) found.push({ group, path, method, operation });
      }
    }
  }
  return found;
}

function baseName({ method, path, operation }: Operation): string {
  const fromId = typeof operation.operationId === 'string' ? kebabCase(operation.operationId) : '';
  if (isUsable(fromId)) return fromId;
  return slugOf(`${method} ${path}`) || method;
}

function isUsable(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && SLUG.test(name) && kebabCase(name) === name;
}

/** method + path as a slug: kebab-cased, non-ASCII dropped, cut at a word to the length limit. */
function slugOf(text: string): string {
  let slug = kebabCase(kebabCase(text).replace(/[^a-z0-9]+/g, ' '));
  if (slug.length > MAX_NAME_LENGTH) slug = slug.slice(0, MAX_NAME_LENGTH).replace(/-[^-]*$/, '');
  return isUsable(slug) ? slug : '';
}

function suffixed(base: string, taken: Set<string>): string {
  for (let counter = 2; ; counter++) {
    const name = `${base}-${counter}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** Pages the generator writes beside the operations: the info page and one per tag. */
function reservedNames(document: JsonObject): string[] {
  const names: string[] = [];
  const info = document.info;
  // The generator's own derivation of the info page id (openapi.js, createItems).
  if (isObject(info) && typeof info.title === 'string') names.push(kebabCase(info.title.replace(' ', '-').toLowerCase()));
  for (const tag of Array.isArray(document.tags) ? document.tags : []) {
    if (isObject(tag) && typeof tag.name === 'string') names.push(kebabCase(tag.name));
  }
  return names;
}
