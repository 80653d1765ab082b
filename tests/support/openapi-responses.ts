import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { TestPortal } from './test-portal.ts';

type JsonSchema = Record<string, unknown>;
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }> }>>;
}

/**
 * Validates real responses against the OpenAPI document the portal publishes at
 * /api/openapi.json, with a JSON Schema validator (Ajv, draft 2020-12 as OpenAPI 3.1 uses).
 */
export class OpenApiResponses {
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor(
    readonly document: OpenApiDocument,
    private readonly ajv: Ajv2020,
  ) {}

  static async load(portal: TestPortal): Promise<OpenApiResponses> {
    const document = (await (await portal.app.request('http://portal.test/api/openapi.json')).json()) as OpenApiDocument;
    // OpenAPI keywords (example, openapi, info…) are not JSON Schema: tolerated, not checked.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(document as unknown as JsonSchema, 'openapi.json');
    return new OpenApiResponses(document, ajv);
  }

  /** The response schema of a route, e.g. ('get', '/apps', 200) — paths as written in the document, under /api. */
  schemaOf(method: string, route: string, status: number): JsonSchema {
    const schema = this.document.paths[route]?.[method]?.responses?.[String(status)]?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`the OpenAPI document has no JSON ${status} response for ${method.toUpperCase()} ${route}`);
    return schema;
  }

  /** Every problem of a body against the route's schema; empty when it conforms. */
  problems(method: string, route: string, status: number, body: unknown): string[] {
    this.schemaOf(method, route, status);
    const key = `${method} ${route} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const pointer = ['paths', route, method, 'responses', String(status), 'content', 'application/json', 'schema']
        .map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1'))
        .join('/');
      validate = this.ajv.compile({ $ref: `openapi.json#/${pointer}` });
      this.compiled.set(key, validate);
    }
    return validate(body)
      ? []
      : (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
  }
}

/**
 * Where a schema lets an object carry fields it does not name: every object schema must say
 * `additionalProperties: false`, so an unlisted field in a response fails validation.
 */
export function openObjects(schema: unknown, document: unknown, at = '', seen = new Set<unknown>()): string[] {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return [];
  seen.add(schema);
  const node = schema as JsonSchema;
  if (typeof node.$ref === 'string') return openObjects(resolve(document, node.$ref), document, at, seen);
  const found: string[] = [];
  if (node.type === 'object' && node.additionalProperties !== false && node.properties) found.push(at || '(root)');
  for (const [name, child] of Object.entries((node.properties as Record<string, unknown>) ?? {}))
    found.push(...openObjects(child, document, `${at}.${name}`, seen));
  if (node.items) found.push(...openObjects(node.items, document, `${at}[]`, seen));
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const)
    for (const child of (node[keyword] as unknown[]) ?? []) found.push(...openObjects(child, document, at, seen));
  return found;
}

function resolve(document: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}
