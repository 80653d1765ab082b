import { isObject, type JsonObject } from '../../plugins/portico/contract.ts';
import { refusalAnswer, successAnswer, type SandboxAnswer } from './answers.ts';
import { checkBody, type CallBody } from './request-body.ts';
import { checkParameters, type Located } from './request-parameters.ts';
import { pointerOf, validatorOf } from './spec-validator.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The operation a call reaches, its path parameters, or why none. */
type Reached =
  | { kind: 'operation'; template: string; method: string; operation: Located; params: Record<string, string> }
  | { kind: 'not_found' }
  | { kind: 'method_not_allowed'; allow: string[] };

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

export function reach(document: JsonObject, method: string, path: string): Reached {
  const matched = matchPath(document, path);
  if (!matched) return { kind: 'not_found' };
  const lower = method.toLowerCase();
  // RFC 9110 §9.3.2: HEAD is GET without the body, where the spec declares no HEAD of its own.
  const declared = isObject(matched.item[lower]) ? lower : lower === 'head' && isObject(matched.item.get) ? 'get' : undefined;
  if (!declared)
    return { kind: 'method_not_allowed', allow: METHODS.filter((candidate) => isObject(matched.item[candidate])).map((candidate) => candidate.toUpperCase()) };
  const pointer = pointerOf('paths', matched.template, declared);
  return {
    kind: 'operation',
    template: matched.template,
    method: declared,
    operation: { node: matched.item[declared] as JsonObject, pointer },
    params: matched.params,
  };
}

/**
 * Answers a call to an operation from the spec: parameters and body checked by Ajv against the
 * operation (decision 025), then its documented success — or, for a request the spec forbids,
 * its documented client-error answer (415 for a media type it does not declare).
 */
export async function mockOperation(
  document: JsonObject,
  reached: Extract<Reached, { kind: 'operation' }>,
  call: { path: string; url: string; query: URLSearchParams; headers: Headers; body: CallBody },
): Promise<SandboxAnswer> {
  const validator = validatorOf(document);
  const body = await checkBody(document, validator, reached.operation.pointer, reached.operation.node, call.body);
  if (body.kind === 'unsupported') {
    const sent = call.body.contentType ?? 'no Content-Type';
    const detail = `${sent} is not a media type this operation accepts (${body.declared.join(', ') || 'no body'})`;
    return refusalAnswer(document, validator, reached.operation, {
      status: 415,
      title: 'Unsupported Media Type',
      instance: call.path,
      problems: [{ pointer: '', detail }],
      pathOnly: false,
    });
  }
  const parameters = checkParameters(
    document,
    validator,
    { template: reached.template, method: reached.method },
    { path: reached.params, query: call.query, headers: call.headers },
  );
  const inBody =
    body.kind === 'invalid' ? body.problems.map((problem) => ({ pointer: problem.pointer, detail: `body${problem.pointer} ${problem.detail}` })) : [];
  const problems = [...parameters, ...inBody];
  if (problems.length > 0) {
    const pathOnly = inBody.length === 0 && parameters.every((problem) => problem.pointer.startsWith('/path/'));
    return refusalAnswer(document, validator, reached.operation, { status: 400, title: 'Invalid request', instance: call.path, problems, pathOnly });
  }
  return successAnswer(document, validator, reached.operation, call.url);
}
