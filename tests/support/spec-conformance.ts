import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { JsonObject } from '../../plugins/portico/contract.ts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const pointerToken = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** A node of the spec after its `$ref`s (or the node at `pointer`), with the pointer it sits at. */
export function follow(document: JsonObject, node: unknown, pointer: string): { node: Json; pointer: string } {
  // No node: the one at the pointer itself.
  let current: unknown = node === undefined ? { $ref: pointer } : node;
  let at = pointer;
  for (let hops = 0; hops < 10 && isObject(current) && typeof current.$ref === 'string'; hops++) {
    at = current.$ref;
    current = at
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((into, key) => (isObject(into) ? into[key] : undefined), document);
  }
  return { node: isObject(current) ? current : {}, pointer: at };
}

export const pointerOf = (...parts: string[]) => `#/${parts.map(pointerToken).join('/')}`;

/**
 * The conformance harness's own reading of a spec, independent of the sandbox's code: Ajv
 * (2020-12 for OpenAPI 3.1, draft-07 for 3.0 with its boolean exclusive bounds rewritten),
 * formats from ajv-formats. It says whether a value fits a schema of the spec and why an
 * answer breaks the spec: an undocumented status, an undocumented media type, a body that
 * does not fit the documented schema.
 */
export class SpecConformance {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: JsonObject) {
    const is31 = String(document.openapi).startsWith('3.1');
    const options = { strict: false, allErrors: true, logger: false as const, validateSchema: false };
    this.ajv = is31 ? new Ajv2020(options) : new Ajv(options);
    addFormats.default(this.ajv);
    const copy = structuredClone(document) as Json;
    if (!is31) exclusiveBounds(copy);
    this.ajv.addSchema({ ...copy, $id: 'urn:test:conformance' }, 'urn:test:conformance', undefined, false);
  }

  errors(pointer: string, value: unknown): string[] {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `urn:test:conformance${pointer}` });
      this.compiled.set(pointer, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
  }

  valid(pointer: string, value: unknown): boolean {
    return this.errors(pointer, value).length === 0;
  }

  /** Why an answer to the operation breaks the spec (empty: it conforms). */
  violations(template: string, method: string, answer: { status: number; contentType: string | null; text: string }): string[] {
    const operation = follow(this.document, undefined, pointerOf('paths', template, method));
    const responses = isObject(operation.node.responses) ? operation.node.responses : {};
    const key = [String(answer.status), `${String(answer.status)[0]}XX`, 'default'].find((candidate) => responses[candidate] !== undefined);
    if (!key) return [`status ${answer.status} is not documented (${Object.keys(responses).join(', ')})`];
    const response = follow(this.document, responses[key], `${operation.pointer}/responses/${pointerToken(key)}`);
    const content = isObject(response.node.content) ? response.node.content : {};
    if (Object.keys(content).length === 0) return answer.text === '' ? [] : [`status ${key} documents no body, got ${answer.text.slice(0, 80)}`];
    const essence = (answer.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const media = Object.keys(content).find((candidate) => candidate.toLowerCase() === essence);
    if (!media) return [`content type ${answer.contentType} is not documented for ${key} (${Object.keys(content).join(', ')})`];
    const mediaObject = follow(this.document, content[media], `${response.pointer}/content/${pointerToken(media)}`);
    if (mediaObject.node.schema === undefined) return [];
    let body: unknown;
    try {
      body = /json/.test(media) ? JSON.parse(answer.text) : answer.text;
    } catch {
      return [`the ${media} body is not JSON: ${answer.text.slice(0, 80)}`];
    }
    return this.errors(`${mediaObject.pointer}/schema`, body).map((error) => `body ${error}`);
  }
}

function exclusiveBounds(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) exclusiveBounds(item);
    return;
  }
  if (!isObject(node)) return;
  for (const [bound, limit] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (node[bound] === true && typeof node[limit] === 'number') {
      node[bound] = node[limit];
      delete node[limit];
    } else if (node[bound] === false) delete node[bound];
  }
  for (const child of Object.values(node)) exclusiveBounds(child);
}

/** Every operation of the spec: its path template, method and pointer. */
export function operationsOf(document: JsonObject): Array<{ template: string; method: string; pointer: string; operation: Json }> {
  const paths = isObject(document.paths) ? document.paths : {};
  return Object.entries(paths).flatMap(([template, item]) =>
    ['get', 'put', 'post', 'delete', 'patch']
      .filter((method) => isObject(item) && isObject(item[method]))
      .map((method) => ({ template, method, pointer: pointerOf('paths', template, method), operation: (item as Json)[method] as Json })),
  );
}
