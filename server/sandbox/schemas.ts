import { isObject, resolvePointer, type JsonObject } from '../../plugins/portico/contract.ts';

/**
 * A small JSON Schema subset for the sandbox: enough to answer with a realistic sample and to
 * tell a caller, in words, what is wrong with a request. Local `$ref`s only (the build
 * refuses others); recursion is bounded.
 */

const MAX_DEPTH = 8;

export function deref(document: JsonObject, schema: unknown, depth = 0): JsonObject {
  let current = schema;
  for (let hops = 0; hops < 10 && isObject(current) && typeof current.$ref === 'string'; hops++) current = resolvePointer(document, current.$ref);
  if (!isObject(current)) return {};
  if (Array.isArray(current.allOf) && depth < MAX_DEPTH) {
    const merged: JsonObject = { ...current, allOf: undefined };
    const properties: JsonObject = {};
    const required: string[] = [];
    for (const part of current.allOf) {
      const resolved = deref(document, part, depth + 1);
      Object.assign(properties, isObject(resolved.properties) ? resolved.properties : {});
      if (Array.isArray(resolved.required)) required.push(...(resolved.required as string[]));
      if (resolved.type) merged.type = resolved.type;
    }
    return { ...merged, type: merged.type ?? 'object', properties: { ...(isObject(current.properties) ? current.properties : {}), ...properties }, required };
  }
  return current;
}

/** A value that fits the schema: its example, default or first enum value, else built from its type. */
export function sampleOf(document: JsonObject, schema: unknown, depth = 0): unknown {
  const resolved = deref(document, schema, depth);
  if (resolved.example !== undefined) return resolved.example;
  if (Array.isArray(resolved.examples) && resolved.examples.length > 0) return resolved.examples[0];
  if (resolved.default !== undefined) return resolved.default;
  if (Array.isArray(resolved.enum) && resolved.enum.length > 0) return resolved.enum[0];
  const choices = (resolved.oneOf ?? resolved.anyOf) as unknown[] | undefined;
  if (Array.isArray(choices) && choices.length > 0 && depth < MAX_DEPTH) return sampleOf(document, choices[0], depth + 1);
  const type = Array.isArray(resolved.type) ? resolved.type.find((candidate) => candidate !== 'null') : resolved.type;
  if (depth >= MAX_DEPTH) return null;
  switch (type) {
    case 'array':
      return [sampleOf(document, resolved.items, depth + 1)];
    case 'integer':
    case 'number':
      return typeof resolved.minimum === 'number' ? resolved.minimum : 0;
    case 'boolean':
      return true;
    case 'string':
      return sampleString(resolved.format);
    default: {
      if (!isObject(resolved.properties) && type !== 'object') return null;
      const properties = isObject(resolved.properties) ? resolved.properties : {};
      return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, sampleOf(document, property, depth + 1)]));
    }
  }
}

function sampleString(format: unknown): string {
  switch (format) {
    case 'date':
      return '2027-01-01';
    case 'date-time':
      return '2027-01-01T09:00:00Z';
    case 'email':
      return 'jane.doe@example.com';
    case 'uri':
      return 'https://example.com';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    default:
      return 'string';
  }
}

/** Every way `value` does not fit `schema`, as "where: what" sentences (at most 20). */
export function validateValue(document: JsonObject, schema: unknown, value: unknown, at = 'body', problems: string[] = [], depth = 0): string[] {
  if (problems.length >= 20 || depth > MAX_DEPTH) return problems;
  const resolved = deref(document, schema, depth);
  const types = (Array.isArray(resolved.type) ? resolved.type : resolved.type ? [resolved.type] : []) as string[];
  if (value === null) {
    if (types.length > 0 && !types.includes('null') && resolved.nullable !== true) problems.push(`${at}: must not be null`);
    return problems;
  }
  if (types.length > 0 && !types.some((type) => matchesType(type, value))) {
    problems.push(`${at}: must be ${types.join(' or ')}`);
    return problems;
  }
  if (Array.isArray(resolved.enum) && !resolved.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    problems.push(`${at}: must be one of ${resolved.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}`);
  }
  if (typeof value === 'string') checkString(resolved, value, at, problems);
  if (typeof value === 'number') {
    if (typeof resolved.minimum === 'number' && value < resolved.minimum) problems.push(`${at}: must be at least ${resolved.minimum}`);
    if (typeof resolved.maximum === 'number' && value > resolved.maximum) problems.push(`${at}: must be at most ${resolved.maximum}`);
  }
  if (Array.isArray(value))
    value.slice(0, 100).forEach((item, index) => {
      validateValue(document, resolved.items, item, `${at}[${index}]`, problems, depth + 1);
    });
  if (isObject(value)) {
    for (const name of Array.isArray(resolved.required) ? (resolved.required as string[]) : []) {
      if (!(name in value)) problems.push(`${at}.${name}: is required`);
    }
    const properties = isObject(resolved.properties) ? resolved.properties : {};
    for (const [name, child] of Object.entries(value)) {
      if (name in properties) validateValue(document, properties[name], child, `${at}.${name}`, problems, depth + 1);
    }
  }
  return problems;
}

function checkString(schema: JsonObject, value: string, at: string, problems: string[]): void {
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) problems.push(`${at}: must be at least ${schema.minLength} characters`);
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) problems.push(`${at}: must be at most ${schema.maxLength} characters`);
  if (typeof schema.pattern === 'string') {
    try {
      if (!new RegExp(schema.pattern, 'u').test(value)) problems.push(`${at}: must match ${schema.pattern}`);
    } catch {
      // A pattern JavaScript cannot read is not the caller's fault.
    }
  }
}

function matchesType(type: string, value: unknown): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}
