import { isObject, resolvePointer, type JsonObject } from '../contract.ts';
import { checkOfficialSchema } from './openapi-schema.ts';

/**
 * Checks on an OpenAPI 3.0 / 3.1 document, in order: the versions Portico publishes, the official
 * OpenAPI JSON schema (openapi-schema.ts), then Portico's own rules: what the catalog shows
 * (a title and version that are not blank), unique operationIds (OpenAPI requires them; two
 * operations must not share a page) and references the generator can follow without leaving the
 * file. Pure: takes a parsed document, returns problems (path segments + message).
 */

export interface StructuralIssue {
  path: Array<string | number>;
  message: string;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const MAX_REFS_REPORTED = 20;

export function checkOpenApiStructure(doc: unknown): StructuralIssue[] {
  if (!isObject(doc)) {
    return [{ path: [], message: 'the file is not an OpenAPI document (expected a mapping at the top level)' }];
  }
  if ('swagger' in doc) {
    return [
      {
        path: ['swagger'],
        message: `Swagger ${String(doc.swagger)} is not supported: convert the file to OpenAPI 3.0 or 3.1 (for example with swagger2openapi)`,
      },
    ];
  }
  const version = doc.openapi;
  if (typeof version !== 'string' || !/^3\.[01]\.\d+$/.test(version)) {
    return [
      {
        path: ['openapi'],
        message:
          version === undefined
            ? 'this is not an OpenAPI document: the "openapi" field is missing (expected 3.0.x or 3.1.x)'
            : `unsupported OpenAPI version ${JSON.stringify(version)}: use 3.0.x or 3.1.x`,
      },
    ];
  }
  // Portico's rules run on an invalid document too, so one run reports everything to fix.
  return [...checkOfficialSchema(doc, version), ...checkInfo(doc), ...checkOperationIds(doc), ...checkRefs(doc)];
}

/** The schema asks for strings; the catalog needs them to say something. */
function checkInfo(doc: JsonObject): StructuralIssue[] {
  const info = doc.info;
  if (!isObject(info)) return [];
  const issues: StructuralIssue[] = [];
  if (typeof info.title !== 'string' || info.title.trim() === '') {
    issues.push({ path: ['info', 'title'], message: 'info.title is required: it names the API in the catalog' });
  }
  if (typeof info.version !== 'string' || info.version.trim() === '') {
    issues.push({ path: ['info', 'version'], message: 'info.version is required and must be a string (quote numbers: "1.0")' });
  }
  return issues;
}

/** OpenAPI: "The id MUST be unique among all operations described in the API" (webhooks included). */
function checkOperationIds(doc: JsonObject): StructuralIssue[] {
  const issues: StructuralIssue[] = [];
  const seen = new Map<string, string>();
  for (const group of ['paths', 'webhooks']) {
    const items = isObject(doc[group]) ? (doc[group] as JsonObject) : {};
    for (const [route, item] of Object.entries(items)) {
      if (!isObject(item)) continue;
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        const id = isObject(operation) ? operation.operationId : undefined;
        if (typeof id !== 'string') continue;
        const where = `${method.toUpperCase()} ${route}`;
        if (seen.has(id)) issues.push({ path: [group, route, method, 'operationId'], message: `operationId "${id}" is already used by ${seen.get(id)}` });
        else seen.set(id, where);
      }
    }
  }
  return issues;
}

/** Values that are the API team's data (examples, defaults), not OpenAPI or JSON Schema objects. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum']);
/** Mappings keyed by names the API team chose: a key "$ref" there names a property or a component. */
const NAME_MAPS = new Set([
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
]);

/**
 * Every reference must be a local JSON pointer (`#/...`) that resolves inside the same file: the
 * generator's resolver follows any `$ref` string, to files and URLs too, data included. A `$ref`
 * that is not a string is a name in a mapping of names (a schema property called "$ref", as in
 * Kubernetes) or data; elsewhere it is a broken reference the 3.1 schema does not look into.
 */
function checkRefs(doc: JsonObject): StructuralIssue[] {
  const issues: StructuralIssue[] = [];
  walk(doc, [], false, (value, at, inData) => {
    if (issues.length >= MAX_REFS_REPORTED || !Object.hasOwn(value, '$ref')) return;
    const ref = value.$ref;
    const refPath = [...at, '$ref'];
    if (typeof ref !== 'string') {
      const isName = NAME_MAPS.has(String(at[at.length - 1]));
      if (!isName && !inData) issues.push({ path: refPath, message: '$ref must be a string: a "#/components/..." pointer' });
    } else if (!ref.startsWith('#')) {
      issues.push({
        path: refPath,
        message: `external $ref "${ref}" is not supported: bundle the API into one file (local "#/components/..." references only)`,
      });
    } else if (resolvePointer(doc, ref) === undefined) {
      issues.push({ path: refPath, message: `broken $ref: "${ref}" does not point to anything in this file` });
    }
  });
  return issues;
}

type Visit = (obj: JsonObject, at: ReadonlyArray<string | number>, inData: boolean) => void;

/**
 * Visits every mapping with its path. One path array, pushed and popped: copying it per node cost
 * seconds on a 20 MB spec (millions of nodes); `visit` copies it only when it reports something.
 */
function walk(value: unknown, at: Array<string | number>, inData: boolean, visit: Visit): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      at.push(index);
      walk(item, at, inData, visit);
      at.pop();
    });
  } else if (isObject(value)) {
    visit(value, at, inData);
    for (const [key, child] of Object.entries(value)) {
      if (typeof child !== 'object' || child === null) continue;
      at.push(key);
      walk(child, at, inData || DATA_KEYS.has(key) || key.startsWith('x-'), visit);
      at.pop();
    }
  }
}

/** Operations of the API's paths (what the catalog counts; webhooks are not calls a reader makes). */
export function countOperations(doc: JsonObject): number {
  const paths = isObject(doc.paths) ? doc.paths : {};
  let count = 0;
  for (const item of Object.values(paths)) {
    if (isObject(item)) count += HTTP_METHODS.filter((method) => item[method] !== undefined).length;
  }
  return count;
}
