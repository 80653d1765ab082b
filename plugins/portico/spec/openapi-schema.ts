import { Validator } from '@seriousme/openapi-schema-validator';
import type { ErrorObject } from 'ajv';
import type { StructuralIssue } from './openapi-checks.ts';

/**
 * Validation against the official OpenAPI 3.0 / 3.1 JSON schemas (decision 020): whatever the
 * OpenAPI Initiative's schema accepts, Portico accepts; what it refuses is reported at the deepest
 * place the schema can point to, in words an API team can act on.
 */

type SchemaVersion = '3.0' | '3.1';
type CompiledSchema = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

// getAjvValidator is the package's own (public, untyped) way to the compiled Ajv validator:
// calling it skips validate()'s structuredClone of the whole document, which costs seconds on 20 MB.
const validator = new Validator() as Validator & { getAjvValidator(version: SchemaVersion): CompiledSchema };

export function checkOfficialSchema(doc: Record<string, unknown>, openapiVersion: string): StructuralIssue[] {
  const version: SchemaVersion = openapiVersion.startsWith('3.1') ? '3.1' : '3.0';
  const validate = validator.getAjvValidator(version);
  if (validate(doc)) return [];
  const errors = validate.errors ?? [];
  const error = mostTelling(errors);
  if (!error) return [{ path: [], message: `not a valid OpenAPI ${version} document` }];
  const allowed = allowedValues(errors, error);
  const at = pathIn(doc, error.instancePath);
  if (allowed) return [{ path: at, message: `must be ${allowed.length === 1 ? '' : 'one of: '}${allowed.join(', ')} (OpenAPI ${version})` }];
  return [describe(error, at, `OpenAPI ${version}`)];
}

/** Keywords that only say "one of the alternatives failed": the alternatives' own errors say why. */
const COMBINATORS = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'then', 'else', 'not', '$ref', '$dynamicRef', 'unevaluatedProperties']);

/**
 * Ajv reports every alternative it tried (a Reference or a Schema, a Response or a Reference…).
 * The deepest error is the one nearest the mistake; "a $ref is required" is only the Reference
 * alternative speaking, so any other error at that depth is preferred.
 */
function mostTelling(errors: ErrorObject[]): ErrorObject | undefined {
  const candidates = errors.filter((error) => !COMBINATORS.has(error.keyword));
  const pool = candidates.length > 0 ? candidates : errors;
  const depth = (error: ErrorObject) => pointerSegments(error.instancePath).length + (error.keyword === 'additionalProperties' ? 1 : 0);
  const rank = (error: ErrorObject) => depth(error) * 2 + (isRefRequired(error) ? 0 : 1);
  return pool.reduce<ErrorObject | undefined>((best, error) => (best === undefined || rank(error) > rank(best) ? error : best), undefined);
}

/**
 * A parameter's `in` is checked once per kind of parameter (path, query, header, cookie), each
 * alternative allowing one value: the reader needs all of them at once.
 */
function allowedValues(errors: ErrorObject[], chosen: ErrorObject): string[] | undefined {
  if (chosen.keyword !== 'enum' && chosen.keyword !== 'const') return undefined;
  const values = new Set<string>();
  for (const error of errors) {
    if (error.instancePath !== chosen.instancePath) continue;
    const params = error.params as { allowedValues?: unknown[]; allowedValue?: unknown };
    if (error.keyword === 'enum') for (const value of params.allowedValues ?? []) values.add(JSON.stringify(value));
    if (error.keyword === 'const') values.add(JSON.stringify(params.allowedValue));
  }
  return [...values];
}

function isRefRequired(error: ErrorObject): boolean {
  return error.keyword === 'required' && (error.params as { missingProperty?: string }).missingProperty === '$ref';
}

function describe(error: ErrorObject, at: Array<string | number>, spec: string): StructuralIssue {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      if (at.length === 1 && at[0] === 'paths') {
        return { path: [...at, key], message: `a path must start with "/" (or be an x- extension): "${key}" is not allowed in paths (${spec})` };
      }
      return { path: [...at, key], message: `"${key}" is not an ${spec} field here: only the fields ${spec} defines and x- extensions are allowed` };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      return { path: [...at, missing], message: `"${missing}" is required here (${spec})` };
    }
    case 'type':
      return { path: at, message: `must be ${article(String(params.type))} here (${spec})` };
    case 'format':
      return { path: at, message: `must be a valid ${String(params.format)} (${spec})` };
    case 'minProperties':
      if (at[at.length - 1] === 'responses') return { path: at, message: `every operation needs at least one response (${spec})` };
      return { path: at, message: `must have at least ${String(params.limit)} entr${params.limit === 1 ? 'y' : 'ies'} (${spec})` };
    case 'propertyNames':
      return { path: at, message: `the key ${JSON.stringify(params.propertyName)} is not allowed here (${spec})` };
    default:
      return { path: at, message: `${error.message ?? 'is not valid here'} (${spec}, rule "${error.keyword}")` };
  }
}

function article(type: string): string {
  const words: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'text',
    boolean: 'true or false',
    integer: 'a whole number',
    number: 'a number',
  };
  return type
    .split(',')
    .map((name) => words[name] ?? name)
    .join(' or ');
}

/** The pointer's segments, list indexes as numbers (so they print as `servers[0]` and locate in YAML). */
function pathIn(doc: unknown, pointer: string): Array<string | number> {
  let node = doc;
  return pointerSegments(pointer).map((token) => {
    const segment = Array.isArray(node) ? Number(token) : token;
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment] : undefined;
    return segment;
  });
}

/** RFC 6901 JSON pointer ("/paths/~1quotes/get") to its unescaped segments. */
function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}
