/**
 * What a loaded spec must be, restated from README.md ("Publishing an API") and OpenAPI 3.x —
 * written apart from the loader so a fuzz test can tell a wrongly accepted file. Returns what is
 * wrong (empty when the spec keeps the contract).
 */
type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const AUDIENCES = ['customers', 'prospects', 'partners'];
const AUTH = ['client_secret', 'mtls'];
const PORTAL_KEYS = ['visibility', 'owners', 'owners_group', 'audience', 'summary', 'tags', 'environments', 'contacts'];

const isPlain = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value));
const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.trim() !== '' && value.trim().length <= max;
const isEmail = (value: unknown): boolean => typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
const isHttpUrl = (value: unknown): boolean => typeof value === 'string' && /^https?:\/\/[^\s/]+/.test(value.trim()) && URL.canParse(value.trim());

/** Only what JSON can hold: OpenAPI 3.x limits YAML to the JSON schema ruleset. */
function isJsonData(value: unknown, depth = 0): boolean {
  if (depth > 1_000) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonData(item, depth + 1));
  return isPlain(value) && Object.values(value).every((item) => isJsonData(item, depth + 1));
}

/**
 * Every `$ref` string, wherever it is (the docs generator follows them all); and every `$ref` that
 * is not a string outside a mapping of names (`properties: { $ref: {...} }` is a property called
 * "$ref", as in Kubernetes) and outside data (examples, defaults, enums, x- extensions).
 */
const NAMES = [
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'schemas',
  'responses',
  'parameters',
  'requestBodies',
  'headers',
  'securitySchemes',
  'links',
  'callbacks',
  'pathItems',
  'content',
  'encoding',
  'variables',
  'mapping',
  'scopes',
];
const DATA = ['example', 'examples', 'default', 'const', 'enum'];
function refsOf(value: unknown, out: unknown[] = [], holder = '', inData = false): unknown[] {
  if (Array.isArray(value)) for (const item of value) refsOf(item, out, holder, inData);
  else if (isPlain(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && (typeof child === 'string' || !(NAMES.includes(holder) || inData))) out.push(child);
      else refsOf(child, out, key, inData || DATA.includes(key) || key.startsWith('x-'));
    }
  }
  return out;
}

function resolves(doc: Json, ref: string): boolean {
  let node: unknown = doc;
  for (const raw of ref === '#' ? [] : ref.slice(2).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return false;
    }
    if (!((Array.isArray(node) || isPlain(node)) && Object.hasOwn(node, token))) return false;
    node = (node as Json)[token];
  }
  return true;
}

function documentViolations(doc: Json): string[] {
  const wrong: string[] = [];
  if (!isJsonData(doc)) wrong.push('the document holds values JSON cannot (a YAML tag resolved to a Date, Set, Map or Buffer)');
  if (typeof doc.openapi !== 'string' || !/^3\.[01]\.\d+$/.test(doc.openapi)) wrong.push('openapi is not 3.0.x or 3.1.x');
  const is31 = typeof doc.openapi === 'string' && doc.openapi.startsWith('3.1');
  const info = doc.info;
  // OpenAPI asks for strings; the catalog needs a title and a version that say something. Any length.
  if (!isPlain(info) || typeof info.title !== 'string' || !info.title.trim()) wrong.push('info.title');
  if (!isPlain(info) || typeof info.version !== 'string' || !info.version.trim()) wrong.push('info.version');
  // OpenAPI 3.1 made paths optional (webhooks or components suffice) and an operation's responses too.
  if (doc.paths === undefined && !is31) wrong.push('paths is missing');
  if (doc.paths !== undefined && !isPlain(doc.paths)) return [...wrong, 'paths is not a mapping'];
  const ids = new Set<string>();
  for (const [route, item] of Object.entries((doc.paths ?? {}) as Json)) {
    if (route.startsWith('x-')) continue; // extensions are allowed in the Paths object
    if (!route.startsWith('/') || !isPlain(item)) wrong.push(`paths[${route}]`);
    for (const method of METHODS.filter((name) => isPlain(item) && item[name] !== undefined)) {
      const operation = (item as Json)[method];
      const responses = isPlain(operation) ? operation.responses : undefined;
      if (!isPlain(operation) || (responses === undefined ? !is31 : !isPlain(responses) || Object.keys(responses).length === 0))
        wrong.push(`${method} ${route}: no responses`);
      // Any string is an operationId (OpenAPI); it must be unique. A summary is optional.
      else if (operation.operationId !== undefined && (typeof operation.operationId !== 'string' || ids.has(operation.operationId)))
        wrong.push(`${method} ${route}: operationId`);
      else if (typeof operation.operationId === 'string') ids.add(operation.operationId);
    }
  }
  for (const ref of refsOf(doc)) if (typeof ref !== 'string' || !ref.startsWith('#') || !resolves(doc, ref)) wrong.push(`$ref ${String(ref)}`);
  return wrong;
}

function portalViolations(portal: unknown): string[] {
  if (!isPlain(portal)) return ['x-portal is not a mapping'];
  const wrong = Object.keys(portal)
    .filter((key) => !PORTAL_KEYS.includes(key))
    .map((key) => `x-portal.${key} is not allowed`);
  if (!['public', 'private'].includes(portal.visibility as string)) wrong.push('x-portal.visibility');
  const owners = portal.owners ?? [];
  if (!Array.isArray(owners) || !owners.every(isEmail)) wrong.push('x-portal.owners');
  if (!Array.isArray(portal.audience) || portal.audience.length === 0 || !portal.audience.every((item) => AUDIENCES.includes(item)))
    wrong.push('x-portal.audience');
  if (portal.summary !== undefined && !isText(portal.summary, 300)) wrong.push('x-portal.summary');
  if (portal.owners_group !== undefined && !isText(portal.owners_group, 200)) wrong.push('x-portal.owners_group');
  if (portal.visibility === 'private' && (!Array.isArray(owners) || owners.length === 0 || portal.summary === undefined))
    wrong.push('a private API without owners or summary');
  const tags = portal.tags ?? [];
  if (!Array.isArray(tags) || tags.length > 12 || !tags.every((tag) => isText(tag, 40))) wrong.push('x-portal.tags');
  const environments = portal.environments;
  if (!isPlain(environments) || Object.keys(environments).length === 0 || Object.keys(environments).some((name) => !['sandbox', 'production'].includes(name)))
    return [...wrong, 'x-portal.environments'];
  for (const [name, environment] of Object.entries(environments)) {
    if (!isPlain(environment) || Object.keys(environment).some((key) => !['url', 'auth', 'description'].includes(key))) wrong.push(`environments.${name}`);
    else if (!isHttpUrl(environment.url)) wrong.push(`environments.${name}.url`);
    else if (
      !Array.isArray(environment.auth) ||
      environment.auth.length === 0 ||
      !environment.auth.every((method) => (name === 'production' ? ['mtls'] : AUTH).includes(method))
    )
      wrong.push(`environments.${name}.auth`);
    else if (environment.description !== undefined && !isText(environment.description, 500)) wrong.push(`environments.${name}.description`);
  }
  const contacts = portal.contacts ?? {};
  if (!isPlain(contacts) || Object.keys(contacts).some((key) => !['support', 'team', 'url'].includes(key))) wrong.push('x-portal.contacts');
  else if (
    (contacts.support !== undefined && !isEmail(contacts.support)) ||
    (contacts.team !== undefined && !isText(contacts.team, 120)) ||
    (contacts.url !== undefined && !isHttpUrl(contacts.url))
  )
    wrong.push('x-portal.contacts values');
  return wrong;
}

export function contractViolations(doc: Json, parsedPortal: { visibility: string }): string[] {
  const wrong = [...documentViolations(doc), ...portalViolations(doc['x-portal'])];
  if (isPlain(doc['x-portal']) && parsedPortal.visibility !== doc['x-portal'].visibility) wrong.push('the loaded visibility differs from the file');
  return wrong;
}
