import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settings } from '../../server/db/schema.ts';
import { handleError } from '../../server/http/errors.ts';
import { createTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * An unexpected error is logged, and a database error's message carries the failed query's
 * parameters: the one log line the server writes for a 500 must not carry them.
 */

let portal: TestPortal;
beforeEach(async () => {
  portal = await createTestPortal();
});
afterEach(async () => portal.close());

describe('the log line of a 500', () => {
  it("names the query and SQLite's reason, never the values the query carried", async () => {
    const secret = `portico_sk_${randomBytes(32).toString('base64url')}`;
    const failingInsert = async () => {
      await portal.handle.db.insert(settings).values({ key: 'duplicate', value: 'first' }).onConflictDoNothing();
      await portal.handle.db.insert(settings).values({ key: 'duplicate', value: secret });
    };
    // The real error does hold the secret in its message: this is what must not be logged.
    const raw = await failingInsert().then(
      () => undefined,
      (error: Error) => error,
    );
    expect(raw?.message).toContain(secret);

    const lines: string[] = [];
    const app = new Hono();
    app.onError((error, c) => handleError(error, c, (line) => lines.push(line)));
    app.post('/boom', async () => {
      await failingInsert();
      return new Response('unreachable');
    });
    const response = await app.request('http://portal.test/boom', { method: 'POST' });
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain(secret);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('POST /boom failed');
    expect(lines[0]).toMatch(/insert into "settings"/);
    expect(lines[0]).toMatch(/UNIQUE constraint failed: settings\.key/);
    expect(lines[0]).not.toContain(secret);
    expect(lines[0]).not.toContain('params');
  });
});
