import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerAndSignIn, registerVerified } from '../support/make-admin.ts';
import { JANE } from '../support/people.ts';
import { createTestPortal, tokenFromEmail, type TestPortal } from '../support/test-portal.ts';

/** Issue 13: per-account sign-in backoff (Medium 2), email abuse (Medium 7), older reset links (Low). */

let clock = Date.parse('2026-12-02T09:00:00Z');
let portal: TestPortal;
beforeEach(async () => {
  clock = Date.parse('2026-12-02T09:00:00Z');
  portal = await createTestPortal({ now: () => clock });
});
afterEach(async () => portal.close());

const signIn = (password: string, identifier = 'jane.doe') => portal.client().request('/api/auth/sign-in', { json: { identifier, password } });

describe('sign-in failures are counted per account, with backoff', () => {
  it('after five wrong passwords the account waits (even with the right one), then twice as long', async () => {
    await registerVerified(portal, JANE);
    for (let attempt = 0; attempt < 5; attempt++) expect((await signIn(`wrong password ${attempt}`)).status).toBe(401);
    const waiting = await signIn(JANE.password);
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('30');
    expect((await waiting.json()).error.code).toBe('backoff');
    // By email instead of username: the same account, the same wait.
    expect((await signIn(JANE.password, JANE.email)).status).toBe(429);
    clock += 31_000;
    expect((await signIn('still wrong')).status).toBe(401);
    const longer = await signIn(JANE.password);
    expect(longer.headers.get('retry-after')).toBe('60');
    clock += 61_000;
    expect((await signIn(JANE.password)).status).toBe(200);
    // A success clears the count.
    expect((await signIn('one typo')).status).toBe(401);
    expect((await signIn(JANE.password)).status).toBe(200);
  });

  it('unknown accounts back off the same way (no hint which exist)', async () => {
    for (let attempt = 0; attempt < 5; attempt++) expect((await signIn('whatever it is', 'nobody.here')).status).toBe(401);
    expect((await signIn('whatever it is', 'nobody.here')).status).toBe(429);
  });
});

describe('email abuse', () => {
  it('verification links: three resends an hour per account', async () => {
    const jane = portal.client();
    await registerAndSignIn(jane, JANE);
    for (let resend = 0; resend < 3; resend++) expect((await jane.request('/api/auth/resend-verification', { method: 'POST' })).status).toBe(200);
    const limited = await jane.request('/api/auth/resend-verification', { method: 'POST' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await portal.emails('jane.doe@broker-partner.example')).length).toBe(4);
    // Only the newest link works.
    const newest = await tokenFromEmail(portal, 'jane.doe@broker-partner.example', 'verify-email');
    const mails = await portal.emails('jane.doe@broker-partner.example');
    const first = decodeURIComponent(/token=([^\s&"]+)/.exec(mails[0]?.text ?? '')?.[1] ?? '');
    expect((await jane.request('/api/auth/verify-email', { json: { token: first } })).status).toBe(400);
    expect((await jane.request('/api/auth/verify-email', { json: { token: newest } })).status).toBe(200);
  });

  it('at most five account emails a day reach one address, whoever asks', async () => {
    await registerVerified(portal, JANE);
    const attempts = 12;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const client = portal.client();
      // The answers stay the same: nobody learns the allowance is spent.
      expect((await client.request('/api/auth/password-reset/request', { json: { email: JANE.email } })).status).toBe(200);
      expect((await client.request('/api/auth/register', { json: { ...JANE, username: `copy${attempt}` } })).status).toBe(201);
    }
    const received = await portal.emails('jane.doe@broker-partner.example');
    // One verification at registration, then five a day.
    expect(received.length).toBe(1 + 5);
    clock += 24 * 3_600_000;
    expect((await portal.client().request('/api/auth/password-reset/request', { json: { email: JANE.email } })).status).toBe(200);
    expect((await portal.emails('jane.doe@broker-partner.example')).length).toBe(7);
  });
});

describe('reset links', () => {
  it('a newer link retires the older one', async () => {
    await registerVerified(portal, JANE);
    await portal.client().request('/api/auth/password-reset/request', { json: { email: JANE.email } });
    const older = await tokenFromEmail(portal, 'jane.doe@broker-partner.example', 'reset-password');
    await portal.client().request('/api/auth/password-reset/request', { json: { email: JANE.email } });
    const newer = await tokenFromEmail(portal, 'jane.doe@broker-partner.example', 'reset-password');
    expect((await portal.client().request('/api/auth/password-reset/confirm', { json: { token: older, password: 'an attacker passphrase' } })).status).toBe(
      400,
    );
    expect((await portal.client().request('/api/auth/password-reset/confirm', { json: { token: newer, password: 'the holder passphrase' } })).status).toBe(200);
  });

  it('a password change retires every reset link', async () => {
    const jane = await registerVerified(portal, JANE);
    await portal.client().request('/api/auth/password-reset/request', { json: { email: JANE.email } });
    const pending = await tokenFromEmail(portal, 'jane.doe@broker-partner.example', 'reset-password');
    expect((await jane.client.request('/api/account/password', { json: { currentPassword: JANE.password, newPassword: 'a changed passphrase' } })).status).toBe(
      200,
    );
    expect((await portal.client().request('/api/auth/password-reset/confirm', { json: { token: pending, password: 'an attacker passphrase' } })).status).toBe(
      400,
    );
  });

  it("an unconfirmed account's reset email greets nobody by the typed name", async () => {
    await portal.client().request('/api/auth/register', { json: { ...JANE, fullName: 'Click here: evil.example' } });
    await portal.client().request('/api/auth/password-reset/request', { json: { email: JANE.email } });
    const reset = (await portal.emails('jane.doe@broker-partner.example')).find((mail) => mail.template === 'reset-password');
    expect(reset?.text).not.toContain('evil.example');
  });
});
