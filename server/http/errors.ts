import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DOMAIN_ERROR_CODES, type DomainErrorCode, type Failure } from '../services/result.ts';
import { loggableError } from './loggable-error.ts';

/** Codes only the HTTP layer answers with: sessions, policy, the request itself, the server. */
export const HTTP_ERROR_CODES = [
  'sign_in',
  'forbidden',
  'verify_email',
  'own_request',
  'second_person',
  'use_a_terminal',
  'bad_origin',
  'invalid_json',
  'bad_request',
  'too_large',
  'unsupported_media_type',
  'busy',
  'internal',
] as const;

/** Every `error.code` a client of /api can see: one closed list. */
export type ErrorCode = DomainErrorCode | (typeof HTTP_ERROR_CODES)[number];
export const ERROR_CODES: readonly [ErrorCode, ...ErrorCode[]] = [...DOMAIN_ERROR_CODES, ...HTTP_ERROR_CODES];

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

/**
 * The one code → status map. `satisfies` makes the compiler refuse a code without a status and
 * a status for a code that does not exist; a code is never answered with a guessed status.
 */
const STATUS_OF = {
  invalid_input: 400,
  invalid_json: 400,
  bad_request: 400,
  invalid_token: 400,
  sign_in_refused: 400,
  reason_required: 400,
  sign_in: 401,
  sign_in_required: 401,
  invalid_credentials: 401,
  certificate_required: 401,
  forbidden: 403,
  verify_email: 403,
  own_request: 403,
  second_person: 403,
  use_a_terminal: 403,
  bad_origin: 403,
  wrong_password: 403,
  mismatch: 403,
  no_access: 403,
  doc_access_required: 403,
  not_found: 404,
  conflict: 409,
  already_open: 409,
  already_granted: 409,
  already_confirmed: 409,
  not_listed: 409,
  not_verified: 409,
  last_admin: 409,
  username_taken: 409,
  checklist_incomplete: 409,
  possession_unproven: 409,
  // The requester's documentation access lapsed: the owner cannot approve until it is back.
  needs_doc_access: 409,
  too_many: 409,
  duplicate: 409,
  too_many_waiting: 409,
  no_secret: 409,
  too_large: 413,
  unsupported_media_type: 415,
  not_private: 422,
  not_offered: 422,
  needs_certificate: 422,
  email_refused: 422,
  guidelines: 422,
  unreadable: 422,
  rejected: 422,
  bad_signature: 422,
  not_a_ca: 422,
  not_ev: 422,
  rate_limited: 429,
  backoff: 429,
  internal: 500,
  busy: 503,
} as const satisfies Record<ErrorCode, ErrorStatus>;

/** The status of a code. Throws (a 500, logged) for a value that is not an ErrorCode at all. */
export function statusOf(code: ErrorCode): ErrorStatus {
  if (!Object.hasOwn(STATUS_OF, code)) throw new Error(`no HTTP status for error code "${String(code)}"`);
  return STATUS_OF[code];
}

/** The one error type routes throw: a stable code (its status follows) and a sentence for the user. */
export class ApiError extends Error {
  readonly status: ErrorStatus;
  readonly details?: unknown;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Pick<Failure, 'details' | 'retryAfterSeconds'> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = statusOf(code);
    this.details = extra.details;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** The JSON error answer of a middleware that refuses before any route runs. */
export function errorJson(c: Context, code: ErrorCode, message: string): Response {
  return c.json(errorBody(code, message), statusOf(code));
}

/** The one onError: known errors become their status; anything else a 500 without internals. */
export function handleError(error: Error, c: Context, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Response {
  if (error instanceof ApiError) {
    // A 503 is always "try again": say when, as the busy database below does.
    const retryAfter = error.retryAfterSeconds ?? (error.status === 503 ? 1 : undefined);
    if (retryAfter !== undefined) c.header('Retry-After', String(retryAfter));
    return c.json(errorBody(error.code, error.message, error.details), error.status);
  }
  if (error instanceof HTTPException) {
    // Hono's own refusals keep Hono's status; only their code and sentence are ours.
    const status = error.status;
    if (status === 415) return c.json(errorBody('unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).'), 415);
    const message = status === 413 ? 'The request body is too large.' : error.message || 'The request cannot be processed.';
    return c.json(errorBody(status === 413 ? 'too_large' : 'bad_request', message), status);
  }
  if (error instanceof SyntaxError) return c.json(errorBody('invalid_json', 'The request body is not valid JSON.'), statusOf('invalid_json'));
  if (isBusy(error)) {
    // The transaction was rolled back whole: nothing changed, the client may simply retry.
    c.header('Retry-After', '1');
    return c.json(errorBody('busy', 'The portal is busy; nothing was changed. Try again in a moment.'), statusOf('busy'));
  }
  log(`[portico] ${c.req.method} ${c.req.path} failed: ${loggableError(error)}`);
  return c.json(errorBody('internal', 'Something went wrong on our side. Please try again.'), statusOf('internal'));
}

/** SQLite's wait for another process's lock ran out. Drizzle wraps the driver's error (`cause`). */
function isBusy(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth += 1) {
    if (/SQLITE_BUSY|database is locked/.test(`${(current as { code?: string }).code ?? ''} ${current.message}`)) return true;
  }
  return false;
}

/** Turns a service's failure into the HTTP answer: its status comes from the code, never from the route. */
export function throwIfFailed<T extends { ok: true } | Failure>(result: T): asserts result is Extract<T, { ok: true }> {
  if (result.ok) return;
  const { code, message, details, retryAfterSeconds } = result as Failure;
  throw new ApiError(code, message, { details, retryAfterSeconds });
}
