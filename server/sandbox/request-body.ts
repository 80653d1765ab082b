import { isObject, type JsonObject } from '../../plugins/portico/contract.ts';
import { coerce, locate } from './request-parameters.ts';
import type { Problem, SpecValidator } from './spec-validator.ts';

export interface CallBody {
  /** The Content-Type header as sent, or null. */
  contentType: string | null;
  bytes: Uint8Array<ArrayBuffer>;
}

type BodyCheck = { kind: 'ok' } | { kind: 'unsupported'; declared: string[] } | { kind: 'invalid'; problems: Problem[] };

const essence = (contentType: string): string => (contentType.split(';')[0] ?? '').trim().toLowerCase();
const isJson = (media: string): boolean => media === 'application/json' || media.endsWith('+json');

/** The declared media type a sent one falls under: itself, then `type/*`, then `*\/*` (OpenAPI 3 §4.8.14). */
function declaredFor(content: JsonObject, sent: string): string | undefined {
  const keys = Object.keys(content);
  return (
    keys.find((key) => essence(key) === sent) ?? keys.find((key) => essence(key) === `${sent.split('/')[0]}/*`) ?? keys.find((key) => essence(key) === '*/*')
  );
}

/**
 * The body against the operation's `requestBody`: a media type it declares (else 415, so JSON
 * sent as text/plain is refused), then the parsed body against that media type's schema —
 * JSON, `application/x-www-form-urlencoded` and `multipart/form-data` read as objects whose
 * fields take the type of their property, text as a string; other media types are taken as sent.
 */
export async function checkBody(
  document: JsonObject,
  validator: SpecValidator,
  operationPointer: string,
  operation: JsonObject,
  body: CallBody,
): Promise<BodyCheck> {
  const requestBody = locate(document, operation.requestBody, `${operationPointer}/requestBody`);
  const content = isObject(requestBody.node.content) ? requestBody.node.content : {};
  if (body.bytes.length === 0) {
    return requestBody.node.required === true ? { kind: 'invalid', problems: [{ pointer: '', detail: 'a request body is required' }] } : { kind: 'ok' };
  }
  const declared = Object.keys(content);
  const sent = body.contentType ? essence(body.contentType) : '';
  const media = sent ? declaredFor(content, sent) : undefined;
  if (!media) return { kind: 'unsupported', declared };
  const mediaObject = isObject(content[media]) ? (content[media] as JsonObject) : {};
  const schema = locate(document, mediaObject.schema, `${requestBody.pointer}/content/${media.replace(/~/g, '~0').replace(/\//g, '~1')}/schema`);
  const parsed = await parse(document, schema.node, sent, body, mediaObject);
  if (parsed.kind === 'invalid') return parsed;
  if (parsed.kind === 'opaque' || mediaObject.schema === undefined) return { kind: 'ok' };
  const problems = [...parsed.problems, ...validator.check(schema.pointer, parsed.value)];
  return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'ok' };
}

type Parsed = { kind: 'value'; value: unknown; problems: Problem[] } | { kind: 'opaque' } | { kind: 'invalid'; problems: Problem[] };

async function parse(document: JsonObject, schema: JsonObject, sent: string, body: CallBody, mediaObject: JsonObject): Promise<Parsed> {
  const text = () => new TextDecoder('utf-8', { fatal: false }).decode(body.bytes);
  if (isJson(sent)) {
    try {
      return { kind: 'value', value: JSON.parse(text()), problems: [] };
    } catch {
      return { kind: 'invalid', problems: [{ pointer: '', detail: 'the body is not valid JSON' }] };
    }
  }
  if (sent === 'application/x-www-form-urlencoded') return { kind: 'value', value: fieldsOf(document, schema, new URLSearchParams(text())), problems: [] };
  if (sent === 'multipart/form-data') return parseMultipart(document, schema, body, mediaObject);
  if (sent.startsWith('text/')) return { kind: 'value', value: text(), problems: [] };
  return { kind: 'opaque' };
}

/** Form fields as an object: repeated names become arrays, each field typed by its property's schema. */
function fieldsOf(document: JsonObject, schema: JsonObject, entries: Iterable<[string, string]>): JsonObject {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of entries) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  const properties = isObject(schema.properties) ? schema.properties : {};
  const result: JsonObject = {};
  for (const [name, values] of grouped) {
    const property = locate(document, properties[name], '#').node;
    const type = Array.isArray(property.type) ? property.type[0] : property.type;
    // An object or array field of a form is JSON by default (OpenAPI 3 §4.8.15, Encoding contentType).
    const json = values.length === 1 && (type === 'object' || (type === 'array' && values[0]?.startsWith('[')));
    if (json) {
      try {
        result[name] = JSON.parse(values[0] ?? '');
        continue;
      } catch {
        // left as text: the schema says what is wrong with it
      }
    }
    result[name] = coerce(document, property, values);
  }
  return result;
}

async function parseMultipart(document: JsonObject, schema: JsonObject, body: CallBody, mediaObject: JsonObject): Promise<Parsed> {
  let form: FormData;
  try {
    form = await new Response(body.bytes, { headers: { 'Content-Type': body.contentType ?? '' } }).formData();
  } catch {
    return { kind: 'invalid', problems: [{ pointer: '', detail: 'the body is not valid multipart/form-data (boundary and parts)' }] };
  }
  const encoding = isObject(mediaObject.encoding) ? mediaObject.encoding : {};
  const fields: Array<[string, string]> = [];
  const problems: Problem[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      fields.push([name, value]);
      continue;
    }
    // A file part stands for a binary string; its media type must be one its encoding allows.
    fields.push([name, Buffer.from(await value.arrayBuffer()).toString('latin1')]);
    const allowed = isObject(encoding[name]) ? String((encoding[name] as JsonObject).contentType ?? '') : '';
    if (allowed && !mediaAllowed(value.type || 'application/octet-stream', allowed))
      problems.push({ pointer: `/${name}`, detail: `the part's media type must be one of ${allowed}` });
  }
  return { kind: 'value', value: fieldsOf(document, schema, fields), problems };
}

function mediaAllowed(sent: string, allowed: string): boolean {
  const type = essence(sent);
  return allowed
    .split(',')
    .map((entry) => essence(entry))
    .some((entry) => entry === type || entry === '*/*' || (entry.endsWith('/*') && type.startsWith(entry.slice(0, -1))));
}
