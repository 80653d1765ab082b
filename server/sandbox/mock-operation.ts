import { isObject, type JsonObject } from '../../plugins/portico/contract.ts';
import { deref, sampleOf, validateValue } from './schemas.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type MockAnswer =
  | { kind: 'response'; status: number; body: unknown }
  | { kind: 'not_found' }
  | { kind: 'method_not_allowed'; allow: string[] }
  | { kind: 'invalid'; problems: string[] };

interface Matched {
  template: string;
  item: JsonObject;
  params: Record<string, string>;
}

/** The path template a concrete path belongs to (literal segments win over parameters). */
function matchPath(document: JsonObject, path: string): Matched | undefined {
  const paths = isObject(document.paths) ? document.paths : {};
  const candidates = Object.entries(paths)
    .filter((entry): entry is [string, JsonObject] => isObject(entry[1]))
    .sort(([a], [b]) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  const segments = path.split('/');
  for (const [template, item] of candidates) {
    const parts = template.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let fits = true;
    for (const [index, part] of parts.entries()) {
      const segment = segments[index] ?? '';
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name) {
        try {
          params[name] = decodeURIComponent(segment);
        } catch {
          fits = false;
        }
        if (segment === '') fits = false;
      } else if (part !== segment) {
        fits = false;
      }
      if (!fits) break;
    }
    if (fits) return { template, item, params };
  }
  return undefined;
}

/**
 * Answers a sandbox call from the spec: the operation's parameters and body are checked, and
 * the first 2xx response's example (or a sample built from its schema) comes back.
 */
export function mockOperation(
  document: JsonObject,
  request: { method: string; path: string; query: URLSearchParams; body: unknown; hasBody: boolean },
): MockAnswer {
  const matched = matchPath(document, request.path);
  if (!matched) return { kind: 'not_found' };
  const method = request.method.toLowerCase();
  const operation = matched.item[method];
  if (!isObject(operation))
    return { kind: 'method_not_allowed', allow: METHODS.filter((candidate) => isObject(matched.item[candidate])).map((candidate) => candidate.toUpperCase()) };
  const problems = checkParameters(document, matched, operation, request.query);
  problems.push(...checkBody(document, operation, request));
  if (problems.length > 0) return { kind: 'invalid', problems };
  return answer(document, operation);
}

function checkParameters(document: JsonObject, matched: Matched, operation: JsonObject, query: URLSearchParams): string[] {
  const declared = [
    ...(Array.isArray(matched.item.parameters) ? matched.item.parameters : []),
    ...(Array.isArray(operation.parameters) ? operation.parameters : []),
  ].map((parameter) => deref(document, parameter));
  const problems: string[] = [];
  for (const parameter of declared) {
    const name = String(parameter.name ?? '');
    const given = parameter.in === 'path' ? matched.params[name] : parameter.in === 'query' ? (query.get(name) ?? undefined) : undefined;
    // "?limit" with no value (what the docs' Try it panel sends for an empty field) counts as absent.
    const raw = given === '' && parameter.in === 'query' ? undefined : given;
    if (raw === undefined) {
      if (parameter.required === true && parameter.in === 'query') problems.push(`query parameter ${name}: is required`);
      continue;
    }
    const schema = deref(document, parameter.schema);
    const value =
      schema.type === 'integer' || schema.type === 'number'
        ? raw.trim() !== '' && !Number.isNaN(Number(raw))
          ? Number(raw)
          : raw
        : schema.type === 'boolean'
          ? raw === 'true'
            ? true
            : raw === 'false'
              ? false
              : raw
          : raw;
    validateValue(document, schema, value, `${parameter.in} parameter ${name}`, problems);
  }
  return problems;
}

function checkBody(document: JsonObject, operation: JsonObject, request: { body: unknown; hasBody: boolean }): string[] {
  const requestBody = deref(document, operation.requestBody);
  const content = isObject(requestBody.content) ? requestBody.content : {};
  const json = content['application/json'];
  if (!request.hasBody) return requestBody.required === true ? ['body: is required'] : [];
  if (!isObject(json)) return [];
  if (request.body === undefined) return ['body: is not valid JSON'];
  return validateValue(document, json.schema, request.body, 'body');
}

function answer(document: JsonObject, operation: JsonObject): MockAnswer {
  const responses = isObject(operation.responses) ? operation.responses : {};
  const [code, response] = Object.entries(responses).find(([status]) => /^2\d\d$/.test(status)) ?? ['200', {}];
  const resolved = deref(document, response);
  const content = isObject(resolved.content) ? resolved.content : {};
  const media = (content['application/json'] ?? Object.values(content)[0]) as JsonObject | undefined;
  if (!isObject(media)) return { kind: 'response', status: Number(code), body: null };
  if (media.example !== undefined) return { kind: 'response', status: Number(code), body: media.example };
  const firstExample = isObject(media.examples) ? Object.values(media.examples).map((example) => deref(document, example))[0] : undefined;
  if (firstExample && firstExample.value !== undefined) return { kind: 'response', status: Number(code), body: firstExample.value };
  return { kind: 'response', status: Number(code), body: sampleOf(document, media.schema) };
}
