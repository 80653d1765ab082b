import { isObject, resolvePointer, type JsonObject } from '../../plugins/portico/contract.ts';
import { pointerOf, type Problem, type SpecValidator } from './spec-validator.ts';

/** A node of the spec and where it sits, its `$ref`s followed (the pointer is what Ajv compiles). */
export interface Located {
  node: JsonObject;
  pointer: string;
}

export function locate(document: JsonObject, node: unknown, pointer: string): Located {
  let current = node;
  let at = pointer;
  for (let hops = 0; hops < 10 && isObject(current) && typeof current.$ref === 'string'; hops++) {
    at = current.$ref;
    current = resolvePointer(document, current.$ref);
  }
  return { node: isObject(current) ? current : {}, pointer: at };
}

/** What the mock knows of a call's parameters. */
interface CallParameters {
  path: Record<string, string>;
  query: URLSearchParams;
  headers: Headers;
}

/** Path-item and operation parameters, the operation's winning by name and location (OpenAPI 3 §4.8.10). */
function declaredParameters(document: JsonObject, template: string, method: string): Located[] {
  const item = (document.paths as JsonObject)[template] as JsonObject;
  const operation = item[method] as JsonObject;
  const listed = (owner: JsonObject, at: string) =>
    (Array.isArray(owner.parameters) ? owner.parameters : []).map((parameter, index) => locate(document, parameter, `${at}/parameters/${index}`));
  const byKey = new Map<string, Located>();
  for (const parameter of [...listed(item, pointerOf('paths', template)), ...listed(operation, pointerOf('paths', template, method))])
    byKey.set(`${String(parameter.node.in)}:${String(parameter.node.name).toLowerCase()}`, parameter);
  return [...byKey.values()];
}

/** Every problem of the call's path, query, header and cookie parameters, checked by Ajv after OpenAPI's string coercion. */
export function checkParameters(document: JsonObject, validator: SpecValidator, at: { template: string; method: string }, call: CallParameters): Problem[] {
  const problems: Problem[] = [];
  for (const parameter of declaredParameters(document, at.template, at.method)) {
    const name = String(parameter.node.name ?? '');
    const where = String(parameter.node.in ?? '');
    // OpenAPI 3 §4.8.12.1: these three headers are described elsewhere, a parameter of that name is ignored.
    if (where === 'header' && ['accept', 'content-type', 'authorization'].includes(name.toLowerCase())) continue;
    const schema = locate(document, parameter.node.schema, `${parameter.pointer}/schema`);
    const raw = rawValues(where, name, call);
    if (raw === undefined) {
      if (parameter.node.required === true || where === 'path')
        problems.push({ pointer: `/${where}/${name}`, detail: `${where} parameter ${name} is required` });
      continue;
    }
    const value = coerce(document, schema.node, raw);
    for (const problem of validator.check(schema.pointer, value))
      problems.push({ pointer: `/${where}/${name}${problem.pointer}`, detail: `${where} parameter ${name} ${problem.detail}` });
  }
  return problems;
}

/** A parameter's strings; an empty query value ("?limit=", what a blank Try-it field sends) counts as absent. */
function rawValues(where: string, name: string, call: CallParameters): string[] | undefined {
  switch (where) {
    case 'path':
      return call.path[name] === undefined ? undefined : [call.path[name] as string];
    case 'query': {
      const values = call.query.getAll(name).filter((value) => value !== '');
      return values.length > 0 ? values : undefined;
    }
    case 'header': {
      const value = call.headers.get(name);
      return value === null ? undefined : [value];
    }
    case 'cookie': {
      const pair = (call.headers.get('cookie') ?? '')
        .split(';')
        .map((part) => part.trim().split('='))
        .find(([key]) => key === name);
      return pair ? [pair.slice(1).join('=')] : undefined;
    }
    default:
      return undefined;
  }
}

const typeOf = (schema: JsonObject): string | undefined => {
  const types = Array.isArray(schema.type) ? schema.type.filter((type) => type !== 'null') : [schema.type];
  return typeof types[0] === 'string' ? types[0] : undefined;
};

/** OpenAPI's `form`/`simple` styles: repeated or comma-separated values for arrays, numbers and booleans from their text. */
export function coerce(document: JsonObject, schema: JsonObject, raw: string[]): unknown {
  const type = typeOf(schema);
  if (type === 'array') {
    const items = locate(document, schema.items, '#').node;
    const parts = raw.length > 1 ? raw : (raw[0] ?? '').split(',');
    return parts.map((part) => scalar(typeOf(items), part));
  }
  return scalar(type, raw[0] ?? '');
}

function scalar(type: string | undefined, text: string): unknown {
  if ((type === 'integer' || type === 'number') && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  if (type === 'null' && text === '') return null;
  return text;
}
