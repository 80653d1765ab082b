import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessions } from '../../server/db/schema.ts';
import { registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { ORIGIN, createTestPortal, tokenFromEmail, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * Sessions against the attacks that matter: fixation, replay after sign-out, expiry, and
 * sessions that must end when the password changes. Time moves through runtime.now.
 */

const DAY = 86_400_000;
const TTL = 10 * DAY;
let clock: number;
let portal: TestPortal;

beforeEach(async () => {
  clock = Date.parse('2026-11-23T10:00:00Z');
  portal = await createTestPortal({ now: () => clock, sessionPolicy: { ttlMs: TTL } });
});
afterEach(async () => portal.close());

const me = async (client: TestClient) => ((await (await client.request('/api/me')).json()) as { user: { email: string } | null }).user;
const sessionRows = () => portal.handle.db.select().from(sessions);
const signIn = (client: TestClient, password = JANE.password) => client.request('/api/auth/sign-in', { json: { identifier: 'jane.doe', password } });
/** A well-formed token nobody was ever given: what an attacker would plant. */
const plantedToken = () => `ses_${randomBytes(15).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
const tokenOf = (client: TestClient) => client.cookie?.slice('portico_session='.length) ?? '';
const sessionCookieHeader = (response: Response) => response.headers.getSetCookie().find((header) => /^(__Host-)?portico_session=/.test(header)) ?? '';

describe('cookie flags', () => {
  it('HttpOnly, SameSite=Lax, Path=/, no Domain, an expiry; not Secure on plain http', async () => {
    await portal.client().request('/api/auth/register', { json: JANE });
    const response = await portal.client().request('/api/auth/sign-in', { json: { identifier: JANE.username, password: JANE.password } });
    const cookie = sessionCookieHeader(response);
    expect(cookie).toMatch(/^portico_session=ses_[A-Za-z0-9_-]{20}\.[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toContain(`Expires=${new Date(clock + TTL).toUTCString()}`);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('over HTTPS: __Host-portico_session, Secure; a cookie without the prefix is ignored', async () => {
    const secure = await createTestPortal({ now: () => clock, secureCookies: true });
    try {
      await secure.app.request(`${ORIGIN}/api/auth/register`, {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
        body: JSON.stringify(JANE),
      });
      const signedIn = await secure.app.request(`${ORIGIN}/api/auth/sign-in`, {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
        body: JSON.stringify({ identifier: JANE.username, password: JANE.password }),
      });
      const cookie = sessionCookieHeader(signedIn);
      expect(cookie).toMatch(/^__Host-portico_session=ses_/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/Domain=/i);
      const pair = cookie.split(';')[0] ?? '';
      const token = pair.split('=')[1] ?? '';
      const asMe = async (header: string) => (await (await secure.app.request(`${ORIGIN}/api/me`, { headers: { Cookie: header } })).json()).user;
      expect((await asMe(pair)).email).toBe(JANE.email.toLowerCase());
      // A sibling subdomain or a plain-http page can set `portico_session`, never `__Host-…`.
      expect(await asMe(`portico_session=${token}`)).toBeNull();
      const signedOut = await secure.app.request(`${ORIGIN}/api/auth/sign-out`, { method: 'POST', headers: { Origin: ORIGIN, Cookie: pair } });
      expect(sessionCookieHeader(signedOut)).toMatch(/^__Host-portico_session=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    } finally {
      await secure.close();
    }
  });
});

describe('session fixation', () => {
  it('never issues a session before sign-in: anonymous pages set no cookie', async () => {
    const response = await portal.client().request('/api/me');
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await sessionRows()).toHaveLength(0);
  });

  it('refuses a planted cookie, clears it, and never adopts it at sign-in or registration', async () => {
    const planted = plantedToken();
    const victim = portal.client();
    victim.cookie = `portico_session=${planted}`;
    const before = await victim.request('/api/me');
    expect((await before.json()).user).toBeNull();
    expect(sessionCookieHeader(before)).toMatch(/^portico_session=; Max-Age=0/);

    victim.cookie = `portico_session=${planted}`;
    // Registration signs nobody in (the address is proved first), and adopts no planted cookie.
    expect((await victim.request('/api/auth/register', { json: JANE })).status).toBe(201);
    expect(victim.cookie ?? '').not.toContain(planted);
    victim.cookie = `portico_session=${planted}`;
    expect((await signIn(victim)).status).toBe(200);
    expect(tokenOf(victim)).not.toBe(planted);
    expect(await me(victim)).not.toBeNull();

    const rows = await sessionRows();
    expect(rows.map((row) => row.id)).not.toContain(planted.split('.')[0]);
    const attacker = portal.client();
    attacker.cookie = `portico_session=${planted}`;
    expect(await me(attacker)).toBeNull();
  });

  it("signing in over the attacker's own valid session ends it and issues a new one", async () => {
    await portal.client().request('/api/auth/register', { json: BOB });
    const attacker = portal.client();
    await attacker.request('/api/auth/sign-in', { json: { identifier: 'bob', password: BOB.password } });
    const attackerSession = tokenOf(attacker).split('.')[0] ?? '';
    await portal.client().request('/api/auth/register', { json: JANE });
    const victim = portal.client();
    victim.cookie = attacker.cookie;
    await signIn(victim);
    expect(victim.cookie).not.toBe(attacker.cookie);
    expect((await me(victim))?.email).toBe(JANE.email.toLowerCase());
    expect(await me(attacker)).toBeNull();
    expect(await portal.handle.db.select().from(sessions).where(eq(sessions.id, attackerSession))).toEqual([]);
  });
});

describe('rotation at sign-in', () => {
  it('gives every sign-in a new id and secret, and stores only the secret’s SHA-256', async () => {
    await portal.client().request('/api/auth/register', { json: JANE });
    const first = portal.client();
    const second = portal.client();
    await signIn(first);
    await signIn(second);
    const tokens = [tokenOf(first), tokenOf(second)];
    expect(new Set(tokens.map((token) => token.split('.')[0])).size).toBe(2);
    expect(new Set(tokens.map((token) => token.split('.')[1])).size).toBe(2);

    const previous = tokenOf(first);
    await signIn(first);
    expect(tokenOf(first)).not.toBe(previous);
    const replay = portal.client();
    replay.cookie = `portico_session=${previous}`;
    expect(await me(replay)).toBeNull();

    const rows = await sessionRows();
    const dump = JSON.stringify(rows);
    for (const token of [tokenOf(first), tokenOf(second)]) {
      const [id = '', secret = ''] = token.split('.');
      const row = rows.find((candidate) => candidate.id === id);
      expect(row?.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
      expect(dump).not.toContain(secret);
    }
  });
});

describe('sign-out', () => {
  it('deletes the session on the server, clears the cookie, and the old cookie is refused', async () => {
    const jane = await registerVerified(portal, JANE);
    const other = portal.client();
    await signIn(other);
    const old = jane.client.cookie;
    const response = await jane.client.request('/api/auth/sign-out', { method: 'POST' });
    expect(sessionCookieHeader(response)).toMatch(/^portico_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax/);
    expect(jane.client.cookie).toBeUndefined();
    expect((await sessionRows()).map((row) => row.id)).not.toContain(old?.split('=')[1]?.split('.')[0]);
    const replay = portal.client();
    replay.cookie = old;
    expect(await me(replay)).toBeNull();
    expect(await me(other)).not.toBeNull();
  });

  it('sign-out everywhere ends every session of the user, and only theirs', async () => {
    const jane = await registerVerified(portal, JANE);
    const bob = await registerVerified(portal, BOB);
    const laptop = portal.client();
    await signIn(laptop);
    await jane.client.request('/api/auth/sign-out-everywhere', { method: 'POST' });
    expect(await me(laptop)).toBeNull();
    expect(await me(jane.client)).toBeNull();
    expect(await me(bob.client)).not.toBeNull();
    expect((await sessionRows()).every((row) => row.userId === bob.id)).toBe(true);
  });
});

describe('expiry', () => {
  it('slides forward after half the lifetime, then ends after TTL without use and is removed', async () => {
    const jane = await registerVerified(portal, JANE);
    const id = tokenOf(jane.client).split('.')[0] ?? '';
    const expiresAt = async () => (await portal.handle.db.select().from(sessions).where(eq(sessions.id, id)))[0]?.expiresAt;
    const start = clock;
    expect(await expiresAt()).toBe(start + TTL);

    clock = start + 0.4 * TTL;
    const early = await jane.client.request('/api/me');
    expect((await early.json()).user).not.toBeNull();
    expect(sessionCookieHeader(early)).toBe('');
    expect(await expiresAt()).toBe(start + TTL);

    clock = start + 0.6 * TTL;
    const cookieBefore = jane.client.cookie;
    const renewed = await jane.client.request('/api/me');
    expect((await renewed.json()).user).not.toBeNull();
    expect(await expiresAt()).toBe(clock + TTL);
    expect(sessionCookieHeader(renewed)).toContain(`Expires=${new Date(clock + TTL).toUTCString()}`);
    expect(jane.client.cookie).toBe(cookieBefore);

    const renewedAt = clock;
    clock = renewedAt + TTL - 1;
    expect(await me(jane.client)).not.toBeNull();
    clock = renewedAt + TTL - 1 + TTL;
    const expired = await jane.client.request('/api/me');
    expect((await expired.json()).user).toBeNull();
    expect(sessionCookieHeader(expired)).toMatch(/^portico_session=; Max-Age=0/);
    expect(await expiresAt()).toBeUndefined();
  });

  it('refuses a session exactly at its expiry, even if never used in between', async () => {
    const jane = await registerVerified(portal, JANE);
    const stolen = jane.client.cookie;
    clock += TTL;
    const replay = portal.client();
    replay.cookie = stolen;
    expect(await me(replay)).toBeNull();
    expect(await sessionRows()).toHaveLength(0);
  });
});

describe('passwords end sessions', () => {
  it('a password change signs out every other session and keeps this one', async () => {
    const jane = await registerVerified(portal, JANE);
    const phone = portal.client();
    await signIn(phone);
    const changed = await jane.client.request('/api/account/password', {
      json: { currentPassword: JANE.password, newPassword: 'a brand new passphrase here' },
    });
    expect(changed.status).toBe(200);
    expect(await me(phone)).toBeNull();
    expect(await me(jane.client)).not.toBeNull();
    expect((await signIn(portal.client())).status).toBe(401);
    expect((await signIn(portal.client(), 'a brand new passphrase here')).status).toBe(200);
  });

  it('a password reset ends every session, clears the cookie, and its link works once', async () => {
    const jane = await registerVerified(portal, JANE);
    const laptop = portal.client();
    await signIn(laptop);
    await portal.client().request('/api/auth/password-reset/request', { json: { email: JANE.email } });
    const token = await tokenFromEmail(portal, JANE.email.toLowerCase(), 'reset-password');
    const resetter = portal.client();
    resetter.cookie = jane.client.cookie;
    const reset = await resetter.request('/api/auth/password-reset/confirm', { json: { token, password: 'a reset passphrase here' } });
    expect(reset.status).toBe(200);
    expect(sessionCookieHeader(reset)).toMatch(/^portico_session=; Max-Age=0/);
    expect(await me(jane.client)).toBeNull();
    expect(await me(laptop)).toBeNull();
    expect(await sessionRows()).toHaveLength(0);
    expect((await portal.client().request('/api/auth/password-reset/confirm', { json: { token, password: 'yet another passphrase' } })).status).toBe(400);
  });
});
