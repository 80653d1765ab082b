import type { JsonObject } from '../../plugins/portico/contract.ts';
import { sampleOf } from '../../server/sandbox/schemas.ts';
import { bodyMutations, encode, type Body } from './sandbox-body-mutations.ts';
import { follow, operationsOf, type SpecConformance } from './spec-conformance.ts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One request to the sandbox, and what it should prove. */
export interface SandboxCase {
  api: string;
  template: string;
  method: string;
  /** 'valid', or the constraint kind the request breaks. */
  kind: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body?: { contentType: string; data: string | FormData };
}

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: Json;
  pointer: string;
  value: unknown;
}

const exampleOf = (node: Json, schema: Json): unknown =>
  node.example ??
  (isObject(node.examples) ? (Object.values(node.examples)[0] as Json | undefined)?.value : undefined) ??
  schema.example ??
  (Array.isArray(schema.examples) ? schema.examples[0] : undefined);

function parametersOf(document: JsonObject, pointer: string, operation: Json): Parameter[] {
  const item = follow(document, undefined, pointer.replace(/\/[a-z]+$/, '')).node;
  const listed = (owner: Json, at: string) =>
    (Array.isArray(owner.parameters) ? owner.parameters : []).map((parameter, index) => follow(document, parameter, `${at}/parameters/${index}`));
  const byKey = new Map<string, Parameter>();
  for (const { node, pointer: at } of [...listed(item, pointer.replace(/\/[a-z]+$/, '')), ...listed(operation, pointer)]) {
    const schema = follow(document, node.schema, `${at}/schema`);
    const value = exampleOf(node, schema.node) ?? sampleOf(document, node.schema);
    byKey.set(`${String(node.in)}:${String(node.name)}`, {
      name: String(node.name),
      in: String(node.in),
      required: node.required === true || node.in === 'path',
      schema: schema.node,
      pointer: schema.pointer,
      value,
    });
  }
  return [...byKey.values()];
}

/** The valid request of an operation, and one request per constraint kind it can break. */
export function casesOf(api: string, document: JsonObject, harness: SpecConformance): SandboxCase[] {
  return operationsOf(document).flatMap(({ template, method, pointer, operation }) => {
    const parameters = parametersOf(document, pointer, operation);
    const bodies = bodiesOf(document, pointer, operation);
    const make = (kind: string, changed: { parameters?: Parameter[]; body?: SandboxCase['body'] | null } = {}): SandboxCase =>
      request(api, template, method, kind, changed.parameters ?? parameters, changed.body === null ? undefined : (changed.body ?? bodies[0]?.encoded));
    for (const body of bodies)
      if (/json/.test(body.media) && !harness.valid(body.schemaPointer, body.value))
        throw new Error(`${api} ${method} ${template}: the valid ${body.media} body does not fit its own schema`);
    const cases = [make('valid')];
    for (const other of bodies.slice(1)) cases.push(make('valid', { body: other.encoded }));
    for (const [kind, changed] of parameterMutations(parameters, harness)) cases.push(make(kind, { parameters: changed }));
    for (const body of bodies) {
      const suffix = body === bodies[0] ? '' : ` (${body.media})`;
      const mutations = bodyMutations(document, body, harness).filter(([kind]) => body === bodies[0] || !['missing body'].includes(kind));
      cases.push(...mutations.map(([kind, encoded]) => make(`${kind}${suffix}`, { body: encoded })));
    }
    return cases;
  });
}

function request(api: string, template: string, method: string, kind: string, parameters: Parameter[], body?: SandboxCase['body']): SandboxCase {
  let path = template;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const parameter of parameters) {
    if (parameter.value === undefined || (!parameter.required && kind === 'valid' && parameter.in !== 'path')) continue;
    const text = Array.isArray(parameter.value) ? parameter.value.map(String).join(',') : String(parameter.value);
    if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(text));
    else if (parameter.in === 'query')
      for (const part of Array.isArray(parameter.value) ? parameter.value : [parameter.value]) query.append(parameter.name, String(part));
    else if (parameter.in === 'header') headers[parameter.name] = text;
    else if (parameter.in === 'cookie') cookies.push(`${parameter.name}=${text}`);
  }
  if (cookies.length > 0) headers.Cookie = cookies.join('; ');
  return { api, template, method: method.toUpperCase(), kind, path, query, headers, body };
}

/** Per parameter, the ways its value can break its schema (each kind once per operation), confirmed by the harness. */
function parameterMutations(parameters: Parameter[], harness: SpecConformance): Array<[string, Parameter[]]> {
  const found = new Map<string, Parameter[]>();
  const replace = (target: Parameter, value: unknown) => parameters.map((parameter) => (parameter === target ? { ...parameter, value } : parameter));
  for (const parameter of parameters) {
    const { schema } = parameter;
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    const tries: Array<[string, unknown]> = [];
    if (parameter.required && parameter.in !== 'path') tries.push([`missing required ${parameter.in} parameter`, undefined]);
    if (typeof schema.pattern === 'string' || Array.isArray(schema.enum) || typeof schema.format === 'string')
      tries.push([`${parameter.in} parameter pattern/enum/format`, 'zz~invalid']);
    if (type === 'integer' || type === 'number') tries.push([`${parameter.in} parameter type`, 'abc']);
    if (typeof schema.maximum === 'number') tries.push([`${parameter.in} parameter range`, schema.maximum + 1]);
    if (typeof schema.minLength === 'number' && schema.minLength > 1) tries.push([`${parameter.in} parameter length`, 'x']);
    if (typeof schema.maxLength === 'number') tries.push([`${parameter.in} parameter length`, 'x'.repeat(schema.maxLength + 1)]);
    if (type === 'array' && typeof schema.maxItems === 'number') {
      const item = isObject(schema.items) && Array.isArray(schema.items.enum) ? schema.items.enum[0] : 'a';
      tries.push([`${parameter.in} parameter size`, Array.from({ length: schema.maxItems + 1 }, () => item)]);
    }
    for (const [kind, value] of tries) {
      if (found.has(kind)) continue;
      if (value !== undefined && harness.valid(parameter.pointer, typeof value === 'string' && (type === 'integer' || type === 'number') ? value : value))
        continue;
      found.set(kind, replace(parameter, value));
    }
  }
  return [...found];
}

/** One body per media type the operation declares, JSON first. */
function bodiesOf(document: JsonObject, pointer: string, operation: Json): Body[] {
  if (operation.requestBody === undefined) return [];
  const requestBody = follow(document, operation.requestBody, `${pointer}/requestBody`);
  const content = isObject(requestBody.node.content) ? requestBody.node.content : {};
  const medias = Object.keys(content).sort((a, b) => Number(b === 'application/json') - Number(a === 'application/json'));
  return medias.map((media) => {
    const mediaObject = follow(document, content[media], `${requestBody.pointer}/content/${media.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    const schema = follow(document, mediaObject.node.schema, `${mediaObject.pointer}/schema`);
    const value = exampleOf(mediaObject.node, schema.node) ?? sampleOf(document, mediaObject.node.schema);
    const encoding = isObject(mediaObject.node.encoding) ? mediaObject.node.encoding : {};
    return { media, schemaPointer: schema.pointer, value, encoding, encoded: encode(media, value, encoding), required: requestBody.node.required === true };
  });
}
