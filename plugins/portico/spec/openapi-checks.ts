/**
 * Structural checks on an OpenAPI 3.0 / 3.1 document: the subset the portal relies on,
 * each failing with the JSON path and what is allowed. Pure: takes a parsed document,
 * returns problems (path segments + message).
 */

export interface StructuralIssue {
  path: Array<string | number>;
  message: string;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const MAX_REFS_REPORTED = 20;

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
  return [...checkInfo(doc), ...checkPaths(doc), ...checkRefs(doc)];
}

function checkInfo(doc: JsonObject): StructuralIssue[] {
  const info = doc.info;
  if (!isObject(info)) return [{ path: ['info'], message: 'info is required and must be a mapping with title and version' }];
  const issues: StructuralIssue[] = [];
  if (typeof info.title !== 'string' || info.title.trim() === '') {
    issues.push({ path: ['info', 'title'], message: 'info.title is required: it names the API in the catalog' });
  } else if (info.title.length > 120) {
    issues.push({ path: ['info', 'title'], message: 'info.title must be at most 120 characters' });
  }
  if (typeof info.version !== 'string' || info.version.trim() === '') {
    issues.push({ path: ['info', 'version'], message: 'info.version is required and must be a string (quote numbers: "1.0")' });
  }
  return issues;
}

function checkPaths(doc: JsonObject): StructuralIssue[] {
  const paths = doc.paths;
  if (!isObject(paths)) return [{ path: ['paths'], message: 'paths is required and must be a mapping of "/path": operations' }];
  const issues: StructuralIssue[] = [];
  const operationIds = new Map<string, string>();
  for (const [route, item] of Object.entries(paths)) {
    if (!route.startsWith('/')) issues.push({ path: ['paths', route], message: 'a path must start with "/"' });
    if (!isObject(item)) {
      issues.push({ path: ['paths', route], message: 'a path item must be a mapping of HTTP methods' });
      continue;
    }
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      issues.push(...checkOperation(operation, ['paths', route, method], operationIds));
    }
  }
  return issues;
}

function checkOperation(
  operation: unknown,
  at: Array<string | number>,
  operationIds: Map<string, string>,
): StructuralIssue[] {
  if (!isObject(operation)) return [{ path: at, message: 'an operation must be a mapping' }];
  const issues: StructuralIssue[] = [];
  if (!isObject(operation.responses) || Object.keys(operation.responses).length === 0) {
    issues.push({ path: [...at, 'responses'], message: 'every operation needs at least one response' });
  }
  const id = operation.operationId;
  if (id !== undefined) {
    const where = `${String(at[2]).toUpperCase()} ${String(at[1])}`;
    if (typeof id !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(id)) {
      issues.push({ path: [...at, 'operationId'], message: 'operationId must be 1-100 letters, digits, "_", "." or "-"' });
    } else if (operationIds.has(id)) {
      issues.push({ path: [...at, 'operationId'], message: `operationId "${id}" is already used by ${operationIds.get(id)}` });
    } else {
      operationIds.set(id, where);
    }
  } else if (typeof operation.summary !== 'string' || operation.summary.trim() === '') {
    issues.push({ path: at, message: 'an operation needs an operationId or a summary (its page is named after it)' });
  }
  return issues;
}

/** Every `$ref` must be a local JSON pointer (`#/...`) that resolves inside the same file. */
function checkRefs(doc: JsonObject): StructuralIssue[] {
  const issues: StructuralIssue[] = [];
  walk(doc, [], (value, at) => {
    if (issues.length >= MAX_REFS_REPORTED) return;
    const ref = value.$ref;
    if (ref === undefined) return;
    const refPath = [...at, '$ref'];
    if (typeof ref !== 'string') {
      issues.push({ path: refPath, message: '$ref must be a string' });
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

function walk(value: unknown, at: Array<string | number>, visit: (obj: JsonObject, at: Array<string | number>) => void): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, [...at, index], visit));
  } else if (isObject(value)) {
    visit(value, at);
    for (const [key, child] of Object.entries(value)) walk(child, [...at, key], visit);
  }
}

/** RFC 6901 JSON pointer inside a URI fragment ("#/a/b~1c"). */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (ref === '#') return doc;
  if (!ref.startsWith('#/')) return undefined;
  let current: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current) && Object.hasOwn(current, token)) current = current[token];
    else return undefined;
  }
  return current;
}

export function countOperations(doc: JsonObject): number {
  const paths = isObject(doc.paths) ? doc.paths : {};
  let count = 0;
  for (const item of Object.values(paths)) {
    if (isObject(item)) count += HTTP_METHODS.filter((method) => item[method] !== undefined).length;
  }
  return count;
}
