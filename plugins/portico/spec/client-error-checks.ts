import { isObject, resolvePointer, type JsonObject } from '../contract.ts';

/**
 * Operations that document no client-error response (a 4XX range, a 400–499 status or
 * `default`): the sandbox then answers an invalid request with RFC 9457 problem details the spec
 * does not describe, and clients generated from the spec know nothing of it (issue 18 item 2).
 * A warning, not an error: the spec is still publishable. Pure.
 */

interface MissingClientError {
  path: Array<string | number>;
  /** `GET /quotes/{id}`, with the operationId when there is one. */
  operation: string;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const CLIENT_ERROR = /^(4XX|4\d\d|default)$/i;

export function operationsWithoutClientError(document: JsonObject): MissingClientError[] {
  const missing: MissingClientError[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [template, declared] of Object.entries(paths)) {
    // A path item may be a $ref within the file (bundled specs keep only local ones).
    const item = isObject(declared) && typeof declared.$ref === 'string' ? resolvePointer(document, declared.$ref) : declared;
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const responses = isObject(operation.responses) ? Object.keys(operation.responses) : [];
      if (responses.some((status) => CLIENT_ERROR.test(status))) continue;
      const id = typeof operation.operationId === 'string' ? ` (operationId ${operation.operationId})` : '';
      missing.push({ path: ['paths', template, method, 'responses'], operation: `${method.toUpperCase()} ${template}${id}` });
    }
  }
  return missing;
}
