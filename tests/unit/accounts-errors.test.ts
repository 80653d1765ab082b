import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, tokenFromEmail, type TestPortal } from '../support/test-portal.ts';

let portal: TestPortal;
beforeEach(async () => {
  portal = await createTestPortal({ limits: { signIn: 3, register: 1000, reset: 1000 } });
});
afterEach(async () => portal.close());

async function count(table: 'users' | 'outbox' | 'sessions'): Promise<number> {
  const rows = await portal.handle.db.all<{ n: number }>(sql.raw(`select count(*) as n from ${table}`));
  return rows[0]?.n ?? -1;
}

async function expectNothingStored() {
  expect(await count('users')).toBe(0);
  expect(await count('outbox')).toBe(0);
  expect(await count('sessions')).toBe(0);
}

describe('registration refuses with a clear 4xx and stores nothing', () => {
  it.each([
    ['a free provider', { email: 'jane@gmail.com' }, 422, 'gmail.com is a personal email provider'],
    ['a disposable domain', { email: 'jane@mailinator.com' }, 422, 'disposable email service'],
    ['a look-alike Cyrillic domain', { email: 'jane@gmаil.com' }, 422, 'Enter a valid email address'],
    ['guidelines not accepted', { acceptGuidelines: false }, 422, 'accept the security guidelines'],
    ['an oversized name', { fullName: 'x'.repeat(101) }, 400, 'Full name must be at most 100 characters.'],
    ['a name with a bidi override', { fullName: 'Jane \u202Eeod' }, 400, 'invisible or control characters'],
    ['a short password', { password: 'short' }, 400, 'The password must be at least 12 characters.'],
    ['an unknown field', { isAdmin: true }, 400, 'Unknown field: isAdmin.'],
    ['a missing company', { company: undefined }, 400, 'Company is required.'],
    ['a bad username', { username: '../admin' }, 400, 'username'],
  ])('%s', async (_label, change, status, message) => {
    const response = await portal.client().request('/api/auth/register', { json: { ...JANE, ...change } });
    expect(response.status).toBe(status);
    const body = await response.json();
    expect(body.error.message).toContain(message);
    await expectNothingStored();
  });

  it('invalid JSON, a wrong content type and an oversized body', async () => {
    const client = portal.client();
    const broken = await client.request('/api/auth/register', { method: 'POST', body: '{"username": ', headers: { 'Content-Type': 'application/json' } });
    expect(broken.status).toBe(400);
    const form = await client.request('/api/auth/register', {
      method: 'POST',
      body: 'username=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect((await form.json()).error.message).toContain('Content-Type: application/json');
    const huge = await client.request('/api/auth/register', { json: { ...JANE, company: 'x'.repeat(100_000) } });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe('too_large');
    await expectNothingStored();
  });

  it('a taken email gets the answer of a new one (its holder is emailed); a taken username is named', async () => {
    const first = await portal.client().request('/api/auth/register', { json: JANE });
    const sameEmail = await portal.client().request('/api/auth/register', { json: { ...BOB, email: JANE.email.toUpperCase() } });
    expect(sameEmail.status).toBe(first.status);
    expect(await sameEmail.json()).toEqual(await first.json());
    expect(sameEmail.headers.get('set-cookie')).toBeNull();
    const sameUsername = await portal.client().request('/api/auth/register', { json: { ...BOB, username: 'JANE.DOE' } });
    expect(sameUsername.status).toBe(409);
    expect((await sameUsername.json()).error.code).toBe('username_taken');
    expect(await count('users')).toBe(1);
  });

  it('stores SQL and HTML in names as text, and the verification email repeats none of it', async () => {
    const hostile = { ...JANE, fullName: `Robert'); DROP TABLE users;-- <script>alert(1)</script>`, company: '<img src=x onerror=alert(1)>' };
    expect((await portal.client().request('/api/auth/register', { json: hostile })).status).toBe(201);
    const [mail] = await portal.emails();
    // The address is not proved yet: what the registrant typed never reaches that mailbox.
    for (const part of [mail?.html, mail?.text, mail?.subject]) {
      expect(part).not.toContain('Robert');
      expect(part).not.toContain('script');
      expect(part).not.toContain('onerror');
    }
    expect(await count('users')).toBe(1);
  });
});

describe('sign-in and tokens', () => {
  it('answers the same for an unknown account and a wrong password', async () => {
    await portal.client().request('/api/auth/register', { json: JANE });
    const unknown = await portal.client().request('/api/auth/sign-in', { json: { identifier: 'nobody@x.example', password: 'whatever it is' } });
    const wrong = await portal.client().request('/api/auth/sign-in', { json: { identifier: 'jane.doe', password: 'not the password' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect((await unknown.json()).error.message).toBe((await wrong.json()).error.message);
  });

  it('limits sign-in attempts and says when to come back', async () => {
    const client = portal.client();
    for (let attempt = 0; attempt < 3; attempt++) await client.request('/api/auth/sign-in', { json: { identifier: 'x', password: 'y' } });
    const limited = await client.request('/api/auth/sign-in', { json: { identifier: 'x', password: 'y' } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('a verification link works once; forged and reused tokens are refused', async () => {
    const jane = portal.client();
    await jane.request('/api/auth/register', { json: JANE });
    const token = await tokenFromEmail(portal, 'jane.doe@broker-partner.example', 'verify-email');
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await jane.request('/api/auth/verify-email', { json: { token: forged, password: JANE.password } })).status).toBe(400);
    expect((await jane.request('/api/auth/verify-email', { json: { token, password: JANE.password } })).status).toBe(200);
    expect((await jane.request('/api/auth/verify-email', { json: { token } })).status).toBe(400);
  });

  it('a password reset for an unknown address says the same and sends nothing', async () => {
    const response = await portal.client().request('/api/auth/password-reset/request', { json: { email: 'nobody@insurer.example' } });
    expect(response.status).toBe(200);
    expect(await count('outbox')).toBe(0);
  });
});
