import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isObject, type JsonObject } from '../../plugins/portico/contract.ts';

/** One way a value does not fit its schema: where (RFC 6901 pointer into the request part) and what. */
export interface Problem {
  pointer: string;
  detail: string;
}

export interface SpecValidator {
  /** Problems of `value` against the schema at `pointer` in the spec (a JSON Pointer, `#/…`). */
  check(pointer: string, value: unknown): Problem[];
}

const SPEC_ID = 'urn:portico:spec';
const cache = new WeakMap<JsonObject, SpecValidator>();

/**
 * Ajv over the whole spec (decision 025): 3.1 specs are JSON Schema 2020-12, 3.0 specs draft-07
 * plus `nullable` (which Ajv reads) once their boolean `exclusiveMinimum`/`exclusiveMaximum` are
 * rewritten. Each schema is compiled on first use by its pointer, so local `$ref`s resolve as
 * written. A schema Ajv cannot compile (a pattern JavaScript cannot read…) accepts everything:
 * an owner's mistake is not the caller's fault.
 */
export function validatorOf(document: JsonObject): SpecValidator {
  const known = cache.get(document);
  if (known) return known;
  const is31 = String(document.openapi ?? '').startsWith('3.1');
  const options = { strict: false, allErrors: true, logger: false as const, validateSchema: false, discriminator: false };
  const ajv = is31 ? new Ajv2020(options) : new Ajv(options);
  addFormats.default(ajv);
  const copy = is31 ? structuredClone(document) : rewrite30(structuredClone(document));
  ajv.addSchema({ ...copy, $id: SPEC_ID }, SPEC_ID, undefined, false);
  const compiled = new Map<string, ValidateFunction | null>();
  const compile = (pointer: string): ValidateFunction | null => {
    if (!compiled.has(pointer)) {
      try {
        compiled.set(pointer, ajv.compile({ $ref: `${SPEC_ID}${pointer}` }));
      } catch {
        compiled.set(pointer, null);
      }
    }
    return compiled.get(pointer) ?? null;
  };
  const validator: SpecValidator = {
    check(pointer, value) {
      const validate = compile(pointer);
      if (!validate || validate(value)) return [];
      return (validate.errors ?? []).slice(0, 20).map(problemOf);
    },
  };
  cache.set(document, validator);
  return validator;
}

function problemOf(error: ErrorObject): Problem {
  const missing = error.keyword === 'required' ? `/${String(error.params.missingProperty).replace(/~/g, '~0').replace(/\//g, '~1')}` : '';
  const detail = error.keyword === 'required' ? 'is required' : (error.message ?? 'is not valid');
  const allowed = error.keyword === 'enum' ? `: ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}` : '';
  return { pointer: `${error.instancePath}${missing}`, detail: `${detail}${allowed}` };
}

/** OpenAPI 3.0's draft-04 booleans become draft-07 numbers, everywhere in the copy. */
function rewrite30(node: JsonObject): JsonObject {
  const visit = (value: unknown, depth: number): void => {
    if (depth > 200) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    if (!isObject(value)) return;
    for (const [bound, limit] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (value[bound] === true && typeof value[limit] === 'number') {
        value[bound] = value[limit];
        delete value[limit];
      } else if (value[bound] === false) {
        delete value[bound];
      }
    }
    for (const child of Object.values(value)) visit(child, depth + 1);
  };
  visit(node, 0);
  return node;
}

/** `#/paths/~1quotes/post` from the path template and its parts. */
export function pointerOf(...parts: string[]): string {
  return `#/${parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}
