import { isObject, type JsonObject } from '../../plugins/portico/contract.ts';
import { locate, type Located } from './request-parameters.ts';
import { sampleOf } from './schemas.ts';
import type { Problem, SpecValidator } from './spec-validator.ts';

/** What the sandbox sends: a status, its headers and a body already in the documented media type. */
export interface SandboxAnswer {
  status: number;
  headers: Record<string, string>;
  /** JSON value for a JSON media type, text otherwise; undefined for no body. */
  body?: unknown;
}

interface Documented {
  status: number;
  response: Located;
}

const pointerToken = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function documented(document: JsonObject, operation: Located, key: string, status: number): Documented | undefined {
  const responses = isObject(operation.node.responses) ? operation.node.responses : {};
  if (responses[key] === undefined) return undefined;
  return { status, response: locate(document, responses[key], `${operation.pointer}/responses/${pointerToken(key)}`) };
}

/** The first documented 2xx (by code), else `2XX`, else `default` as 200. */
export function successAnswer(document: JsonObject, validator: SpecValidator, operation: Located, location: string): SandboxAnswer {
  const keys = Object.keys(isObject(operation.node.responses) ? operation.node.responses : {});
  const code = keys.filter((key) => /^2\d\d$/.test(key)).sort()[0];
  const chosen =
    (code ? documented(document, operation, code, Number(code)) : undefined) ??
    documented(document, operation, '2XX', 200) ??
    documented(document, operation, 'default', 200);
  if (!chosen) return { status: 204, headers: {} };
  return build(document, validator, chosen, [], location);
}

/**
 * An invalid request's answer as the spec documents it: its 400, 422 or 4XX (a path parameter
 * that cannot name anything: its 404 when it documents no 400), else `default`. The body is
 * the problem itself when the documented schema admits it (RFC 9457 with `errors`), else its
 * example, else a sample of the schema — whichever validates first. A spec that documents no
 * client error gets RFC 9457 `application/problem+json`.
 */
export function refusalAnswer(
  document: JsonObject,
  validator: SpecValidator,
  operation: Located,
  refusal: { status: 400 | 415; problems: Problem[]; instance: string; title: string; pathOnly: boolean },
): SandboxAnswer {
  const chosen =
    refusal.status === 415
      ? documented(document, operation, '415', 415)
      : (documented(document, operation, '400', 400) ??
        documented(document, operation, '422', 422) ??
        documented(document, operation, '4XX', 400) ??
        (refusal.pathOnly ? documented(document, operation, '404', 404) : undefined) ??
        documented(document, operation, 'default', 400));
  const status = chosen?.status ?? refusal.status;
  const problem = {
    type: 'about:blank',
    title: refusal.title,
    status,
    detail: refusal.problems.map((item) => item.detail).join('; '),
    instance: refusal.instance,
  };
  const candidates = [{ ...problem, errors: refusal.problems }, problem];
  if (!chosen) return { status, headers: { 'Content-Type': 'application/problem+json' }, body: candidates[0] };
  return build(document, validator, chosen, candidates, refusal.instance);
}

/** Media types a JSON answer may take, best first: JSON, then `+json`, then the first declared. */
function mediaOf(content: JsonObject): string | undefined {
  const keys = Object.keys(content);
  return keys.find((key) => key === 'application/json') ?? keys.find((key) => /\+json$|\/json$/.test(key)) ?? keys[0];
}

function build(document: JsonObject, validator: SpecValidator, chosen: Documented, preferred: unknown[], location: string): SandboxAnswer {
  const { response } = chosen;
  const headers = headersOf(document, validator, response, location);
  const content = isObject(response.node.content) ? response.node.content : {};
  const media = mediaOf(content);
  if (!media) return { status: chosen.status, headers };
  const mediaObject = locate(document, content[media], `${response.pointer}/content/${pointerToken(media)}`);
  const schemaPointer = `${mediaObject.pointer}/schema`;
  const examples = isObject(mediaObject.node.examples)
    ? Object.values(mediaObject.node.examples).map((example) => locate(document, example, '#').node.value)
    : [];
  const candidates = [...preferred, mediaObject.node.example, ...examples, sampleOf(document, mediaObject.node.schema)].filter((value) => value !== undefined);
  const fits = mediaObject.node.schema === undefined ? candidates[0] : candidates.find((candidate) => validator.check(schemaPointer, candidate).length === 0);
  const body = fits ?? candidates.at(-1) ?? null;
  const json = /json/.test(media);
  return { status: chosen.status, headers: { ...headers, 'Content-Type': media }, body: json ? body : typeof body === 'string' ? body : '' };
}

/** Documented headers that are required, and Location (absolute, where the new thing would be). */
function headersOf(document: JsonObject, validator: SpecValidator, response: Located, location: string): Record<string, string> {
  const declared = isObject(response.node.headers) ? response.node.headers : {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(declared)) {
    const header = locate(document, value, `${response.pointer}/headers/${pointerToken(name)}`);
    const isLocation = name.toLowerCase() === 'location';
    if (header.node.required !== true && !isLocation) continue;
    const schema = locate(document, header.node.schema, `${header.pointer}/schema`);
    const candidates = [...(isLocation ? [location] : []), header.node.example, sampleOf(document, header.node.schema)].filter(
      (candidate) => candidate !== undefined && candidate !== null,
    );
    const fits = candidates.find((candidate) => validator.check(schema.pointer, candidate).length === 0) ?? candidates[0];
    if (fits !== undefined) headers[name] = String(fits);
  }
  return headers;
}
