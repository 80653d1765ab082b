import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PasswordBusyError, createPasswordHasher } from '../../server/auth/password.ts';
import { DEFAULT_LIMITS } from '../../server/api.ts';
import { handleError } from '../../server/http/errors.ts';
import { registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * Security issue #13, Medium 6: POST /api/account/password had no limit. Whoever holds a
 * session (a borrowed laptop, a stolen cookie) could guess the current password without end,
 * and every guess is an argon2 computation that slows everybody's sign-in.
 */

let portal: TestPortal;

beforeEach(async () => {
  // The limits count in fixed 15-minute windows: start well inside one.
  const left = 15 * 60_000 - (Date.now() % (15 * 60_000));
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 200));
  // One proxy hop trusted: each request says which address it comes from, as a botnet would.
  portal = await createTestPortal({ trustedProxyHops: 1 });
}, 15_000);

afterEach(async () => {
  await portal.close();
});

function guess(client: TestClient, currentPassword: string, from: string) {
  return client.request('/api/account/password', {
    json: { currentPassword, newPassword: 'the attacker chose this one' },
    headers: { 'X-Forwarded-For': from },
  });
}

async function signsInWith(identifier: string, password: string): Promise<boolean> {
  const response = await portal.client().request('/api/auth/sign-in', { json: { identifier, password }, headers: { 'X-Forwarded-For': '198.51.100.200' } });
  return response.status === 200;
}

describe('POST /api/account/password is rate limited', () => {
  it('per user: 12 wrong guesses from 12 addresses end in 429 with Retry-After, and the password is unchanged', async () => {
    const jane = await registerVerified(portal, JANE);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 12; attempt++) {
      const response = await guess(jane.client, `wrong guess number ${attempt}`, `203.0.113.${attempt + 1}`);
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('Retry-After');
        expect((await response.json()).error.code).toBe('rate_limited');
      }
    }
    const limit = DEFAULT_LIMITS.passwordChangePerUser;
    expect(statuses.slice(0, limit)).toEqual(Array(limit).fill(403));
    expect(statuses.slice(limit)).toEqual(Array(12 - limit).fill(429));
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Even the right password is refused now: no guess can be confirmed by a change.
    expect((await guess(jane.client, JANE.password, '203.0.113.99')).status).toBe(429);
    expect(await signsInWith('jane.doe', JANE.password)).toBe(true);
    expect(await signsInWith('jane.doe', 'the attacker chose this one')).toBe(false);
  });

  it('per address: many sessions from one address end in 429', async () => {
    const clients = [(await registerVerified(portal, JANE)).client, (await registerVerified(portal, BOB)).client];
    for (let index = 2; index * DEFAULT_LIMITS.passwordChangePerUser <= DEFAULT_LIMITS.passwordChangePerAddress; index++) {
      clients.push((await registerVerified(portal, { ...BOB, username: `bob${index}`, email: `bob${index}@broker-partner.example` })).client);
    }
    const statuses: number[] = [];
    for (let attempt = 0; attempt < DEFAULT_LIMITS.passwordChangePerAddress + 2; attempt++) {
      const client = clients[attempt % clients.length]!;
      statuses.push((await guess(client, 'a wrong guess', '192.0.2.7')).status);
    }
    expect(statuses.slice(0, DEFAULT_LIMITS.passwordChangePerAddress).every((status) => status === 403)).toBe(true);
    expect(statuses.slice(DEFAULT_LIMITS.passwordChangePerAddress)).toEqual([429, 429]);
    // Another address is not affected by this one's attempts.
    expect((await guess(clients[1]!, BOB.password, '192.0.2.8')).status).toBe(200);
  });

  it("a visitor without a session gets 401 and uses nobody's allowance", async () => {
    const stranger = portal.client();
    for (let attempt = 0; attempt < 12; attempt++) expect((await guess(stranger, 'anything at all', '192.0.2.9')).status).toBe(401);
    const jane = await registerVerified(portal, JANE);
    expect((await guess(jane.client, JANE.password, '192.0.2.9')).status).toBe(200);
  });
});

describe('argon2 runs at most N at once, with a bounded queue', () => {
  function instrumented() {
    const seen = { running: 0, max: 0, calls: 0 };
    const releases: Array<() => void> = [];
    const hash = async (password: string) => {
      seen.calls++;
      seen.running++;
      seen.max = Math.max(seen.max, seen.running);
      await new Promise<void>((resolve) => releases.push(resolve));
      seen.running--;
      return `hashed:${password}`;
    };
    /** Lets every computation started so far finish, until none is left. */
    const drain = async () => {
      while (seen.calls === 0 || seen.running > 0 || releases.length > 0) {
        for (const release of releases.splice(0)) release();
        await new Promise((resolve) => setImmediate(resolve));
        if (seen.running === 0 && releases.length === 0) break;
      }
    };
    return { seen, hash, drain };
  }

  it('never more than the cap run together, and every queued one completes', async () => {
    const probe = instrumented();
    const hasher = createPasswordHasher({ concurrency: 2, maxQueue: 50, hash: probe.hash });
    const results = Array.from({ length: 20 }, (_, index) => hasher.hash(`password ${index}`));
    await probe.drain();
    expect(await Promise.all(results)).toEqual(Array.from({ length: 20 }, (_, index) => `hashed:password ${index}`));
    expect(probe.seen.max).toBe(2);
    expect(probe.seen.calls).toBe(20);
  });

  it('verify shares the same cap', async () => {
    const probe = instrumented();
    const verify = async (stored: string, password: string) => (await probe.hash(password)) === stored;
    const hasher = createPasswordHasher({ concurrency: 2, maxQueue: 50, hash: probe.hash, verify });
    const results = [...Array.from({ length: 5 }, () => hasher.verify('hashed:x', 'x')), ...Array.from({ length: 5 }, () => hasher.hash('y'))];
    await probe.drain();
    await Promise.all(results);
    expect(probe.seen.max).toBe(2);
  });

  it('a full queue refuses at once with a 503 busy error, and recovers', async () => {
    const probe = instrumented();
    const hasher = createPasswordHasher({ concurrency: 2, maxQueue: 3, hash: probe.hash });
    const attempts = Array.from({ length: 8 }, (_, index) =>
      hasher.hash(`p${index}`).then(
        () => 'done',
        (error: unknown) => error,
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(probe.seen.running).toBe(2);
    await probe.drain();
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((outcome) => outcome === 'done')).toHaveLength(5);
    const refused = outcomes.filter((outcome) => outcome instanceof PasswordBusyError) as PasswordBusyError[];
    expect(refused).toHaveLength(3);
    expect(refused[0]).toMatchObject({ status: 503, code: 'busy' });
    const later = hasher.hash('after the rush');
    await probe.drain();
    expect(await later).toBe('hashed:after the rush');
  });

  it('the busy error becomes 503 with Retry-After through the one error handler', async () => {
    const app = new Hono();
    app.onError((error, c) => handleError(error, c));
    app.post('/x', () => {
      throw new PasswordBusyError();
    });
    const response = await app.request('/x', { method: 'POST' });
    expect(response.status).toBe(503);
    expect(response.headers.get('Retry-After')).toBe('1');
    expect((await response.json()).error.code).toBe('busy');
  });

  it('bad options fail at construction', () => {
    expect(() => createPasswordHasher({ concurrency: 0 })).toThrow(/concurrency/);
    expect(() => createPasswordHasher({ maxQueue: -1 })).toThrow(/maxQueue/);
  });
});
