import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { loggableError } from './loggable-error.ts';

/** The one error type routes throw: a status, a stable code and a sentence for the user. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** The one onError: known errors become their status; anything else a 500 without internals. */
export function handleError(error: Error, c: Context, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Response {
  if (error instanceof ApiError) {
    // A 503 is always "try again": say when, as the busy database below does.
    if (error.status === 503) c.header('Retry-After', '1');
    return c.json(errorBody(error.code, error.message, error.details), error.status);
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 415) return c.json(errorBody('unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).'), 415);
    const message = status === 413 ? 'The request body is too large.' : error.message || 'The request cannot be processed.';
    return c.json(errorBody(status === 413 ? 'too_large' : 'bad_request', message), status);
  }
  if (error instanceof SyntaxError) return c.json(errorBody('invalid_json', 'The request body is not valid JSON.'), 400);
  if (isBusy(error)) {
    // The transaction was rolled back whole: nothing changed, the client may simply retry.
    c.header('Retry-After', '1');
    return c.json(errorBody('busy', 'The portal is busy; nothing was changed. Try again in a moment.'), 503);
  }
  log(`[portico] ${c.req.method} ${c.req.path} failed: ${loggableError(error)}`);
  return c.json(errorBody('internal', 'Something went wrong on our side. Please try again.'), 500);
}

/** SQLite's wait for another process's lock ran out. Drizzle wraps the driver's error (`cause`). */
function isBusy(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth += 1) {
    if (/SQLITE_BUSY|database is locked/.test(`${(current as { code?: string }).code ?? ''} ${current.message}`)) return true;
  }
  return false;
}

type Status = ApiError['status'];

/** Turns a service's failure value into the route's HTTP answer: one mapping per route. */
export function throwIfFailed<T extends { ok: boolean }>(result: T, statusOf: Record<string, Status>): asserts result is Extract<T, { ok: true }> {
  if (result.ok) return;
  const { code, message } = result as unknown as { code: string; message: string };
  throw new ApiError(statusOf[code] ?? 409, code, message);
}
