import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ApiError, HTTP_ERROR_CODES, handleError, statusOf, throwIfFailed, type ErrorCode } from '../../server/http/errors.ts';
import { DOMAIN_ERROR_CODES, failure, type Result } from '../../server/services/result.ts';

/**
 * One code → one status (decision 022): every code has its status in one map, and a code the
 * map does not know is refused by the compiler and, if forced through a cast, is a 500 — never
 * a guessed 409.
 */

const EVERY_CODE: readonly ErrorCode[] = [...DOMAIN_ERROR_CODES, ...HTTP_ERROR_CODES];

describe('statusOf', () => {
  it('gives every code of the closed list an HTTP error status', () => {
    for (const code of EVERY_CODE) {
      const status = statusOf(code);
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
    expect(new Set(EVERY_CODE).size, 'a code is listed once, by the services or by the HTTP layer').toBe(EVERY_CODE.length);
  });

  it('keeps the statuses clients rely on', () => {
    expect(statusOf('not_found')).toBe(404);
    expect(statusOf('conflict')).toBe(409);
    expect(statusOf('invalid_input')).toBe(400);
    expect(statusOf('sign_in')).toBe(401);
    expect(statusOf('forbidden')).toBe(403);
    expect(statusOf('rejected')).toBe(422);
    expect(statusOf('backoff')).toBe(429);
    expect(statusOf('busy')).toBe(503);
  });

  it('refuses a code it does not know instead of answering 409', () => {
    // @ts-expect-error an unknown code does not compile
    expect(() => statusOf('made_up')).toThrow(/no HTTP status for error code "made_up"/);
    expect(() => statusOf('constructor' as ErrorCode)).toThrow(/no HTTP status/);
    // @ts-expect-error services cannot fail with a code outside the list
    failure('made_up', 'Nope.');
    // @ts-expect-error nor declare one in their result type
    const declared: Result<object, 'made_up'> = { ok: true };
    expect(declared.ok).toBe(true);
  });
});

describe('throwIfFailed', () => {
  it('passes a success through and turns a failure into its status with no per-route map', () => {
    const success: Result<{ id: string }, 'not_found'> = { ok: true, id: 'x' };
    throwIfFailed(success);
    expect(success.id).toBe('x');
    for (const code of DOMAIN_ERROR_CODES) {
      const thrown = catchError(() => throwIfFailed(failure(code, 'Said in words.')));
      expect(thrown).toBeInstanceOf(ApiError);
      expect(thrown).toMatchObject({ code, status: statusOf(code), message: 'Said in words.' });
    }
  });

  it('makes a forged code a 500, logged, not a client error', async () => {
    const lines: string[] = [];
    const app = new Hono();
    app.onError((error, c) => handleError(error, c, (line) => lines.push(line)));
    app.get('/forged', () => {
      throwIfFailed({ ok: false, code: 'made_up', message: 'Forged.' } as unknown as Result<object, 'not_found'>);
      return new Response('unreachable');
    });
    const response = await app.request('http://portal.test/forged');
    expect(response.status).toBe(500);
    expect((await response.json()).error.code).toBe('internal');
    expect(lines.join('\n')).toContain('no HTTP status for error code "made_up"');
  });

  it('sends the details and the Retry-After a failure carries', async () => {
    const app = new Hono();
    app.onError((error, c) => handleError(error, c));
    app.get('/wait', () => {
      throwIfFailed(failure('backoff', 'Wait a little.', { retryAfterSeconds: 42, details: ['why'] }));
      return new Response('unreachable');
    });
    const response = await app.request('http://portal.test/wait');
    expect(response.status).toBe(429);
    expect(response.headers.get('Retry-After')).toBe('42');
    expect(await response.json()).toEqual({ error: { code: 'backoff', message: 'Wait a little.', details: ['why'] } });
  });
});

function catchError(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
