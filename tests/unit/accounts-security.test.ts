import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessions } from '../../server/db/schema.ts';
import { registerAdmin, registerVerified, registerAndSignIn } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestPortal } from '../support/test-portal.ts';

let portal: TestPortal;
beforeEach(async () => {
  portal = await createTestPortal();
});
afterEach(async () => portal.close());

const userCount = async () => (await portal.handle.db.all<{ n: number }>(sql`select count(*) as n from users`))[0]?.n;

describe('CSRF: every unsafe request must come from the portal', () => {
  it('refuses a POST without Origin, or from another site, and stores nothing', async () => {
    const missing = await portal.client().request('/api/auth/register', { json: JANE, origin: null });
    expect(missing.status).toBe(403);
    expect((await missing.json()).error.code).toBe('bad_origin');
    const foreign = await portal.client().request('/api/auth/register', { json: JANE, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await userCount()).toBe(0);
  });

  it('accepts a same-origin Referer when a client sends no Origin', async () => {
    const response = await portal.client().request('/api/auth/register', { json: JANE, origin: null, headers: { Referer: 'http://portal.test/signup' } });
    expect(response.status).toBe(201);
  });
});

describe('session cookies', () => {
  it('stores only a hash of the secret', async () => {
    const jane = portal.client();
    await registerAndSignIn(jane, JANE);
    const secret = jane.cookie?.split('.')[1] ?? '';
    const rows = await portal.handle.db.select().from(sessions);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('treats a tampered or replayed cookie as nobody, and clears it', async () => {
    const jane = portal.client();
    await registerAndSignIn(jane, JANE);
    const original = jane.cookie ?? '';
    const tampered = portal.client();
    tampered.cookie = `${original.slice(0, -2)}xx`;
    const response = await tampered.request('/api/me');
    expect((await response.json()).user).toBeNull();
    expect(response.headers.get('set-cookie')).toMatch(/portico_session=;/);

    await jane.request('/api/auth/sign-out', { method: 'POST' });
    const replay = portal.client();
    replay.cookie = original;
    expect((await (await replay.request('/api/me')).json()).user).toBeNull();
  });

  it('issues a new session at sign-in (a planted cookie is worthless) and ends the old one', async () => {
    await portal.client().request('/api/auth/register', { json: JANE });
    const victim = portal.client();
    const attacker = portal.client();
    await attacker.request('/api/auth/sign-in', { json: { identifier: 'jane.doe', password: JANE.password } });
    victim.cookie = attacker.cookie;
    await victim.request('/api/auth/sign-in', { json: { identifier: 'jane.doe', password: JANE.password } });
    expect(victim.cookie).not.toBe(attacker.cookie);
    expect((await (await attacker.request('/api/me')).json()).user).toBeNull();
  });

  it('expires idle sessions', async () => {
    const short = await createTestPortal({ sessionPolicy: { ttlMs: 1000 } });
    try {
      const jane = short.client();
      await registerAndSignIn(jane, JANE);
      expect((await (await jane.request('/api/me')).json()).user).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await (await jane.request('/api/me')).json()).user).toBeNull();
    } finally {
      await short.close();
    }
  });

  it('sets Secure on cookies when configured for HTTPS', async () => {
    const secure = await createTestPortal({ secureCookies: true });
    try {
      const response = await registerAndSignIn(secure.client(), JANE);
      expect(response.headers.get('set-cookie')).toMatch(/Secure/);
    } finally {
      await secure.close();
    }
  });
});

describe('administration is for admins only', () => {
  it('answers 401 to anonymous and 403 to consumers and owners, changing nothing', async () => {
    const jane = await registerVerified(portal, JANE);
    const owner = await registerVerified(portal, { ...BOB, username: 'owner', email: 'claims-owner@insurer.example' });
    const calls: Array<[string, { json?: unknown; method?: string }]> = [
      ['/api/admin/users', {}],
      [`/api/admin/users/${jane.id}`, { method: 'PATCH', json: { role: 'admin' } }],
      ['/api/admin/doc-access', { json: { userId: jane.id, apiSlug: 'claims' } }],
      ['/api/admin/email-domains/gmail.com', { method: 'PUT', json: { mode: 'allow' } }],
    ];
    for (const [path, init] of calls) {
      expect((await portal.client().request(path, init)).status, `anonymous ${path}`).toBe(401);
      expect((await jane.client.request(path, init)).status, `consumer ${path}`).toBe(403);
      expect((await owner.client.request(path, init)).status, `owner ${path}`).toBe(403);
    }
    const me = await (await jane.client.request('/api/me')).json();
    expect(me.user.role).toBe('consumer');
    expect(me.user.grantedApis).toEqual([]);
  });

  it('lets an admin allow a refused domain, and keeps the last admin', async () => {
    const admin = await registerAdmin(portal);
    expect((await portal.client().request('/api/auth/register', { json: { ...JANE, email: 'jane@gmail.com' } })).status).toBe(422);
    expect((await admin.client.request('/api/admin/email-domains/gmail.com', { method: 'PUT', json: { mode: 'allow' } })).status).toBe(200);
    expect((await portal.client().request('/api/auth/register', { json: { ...JANE, email: 'jane@gmail.com' } })).status).toBe(201);
    const search = async (q: string) => (await (await admin.client.request(`/api/admin/users?q=${encodeURIComponent(q)}`)).json()).users.length;
    expect(await search('admin@')).toBe(1);
    expect(await search('%')).toBe(0);
    expect(await search('_')).toBe(0);
    const demote = await admin.client.request(`/api/admin/users/${admin.id}`, { method: 'PATCH', json: { role: 'consumer' } });
    expect(demote.status).toBe(409);
    expect((await demote.json()).error.code).toBe('last_admin');
  });
});
