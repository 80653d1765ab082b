import { registerAndSignIn } from '../support/make-admin.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JANE } from '../support/people.ts';
import { createTestPortal, tokenFromEmail, type TestPortal } from '../support/test-portal.ts';

let portal: TestPortal;
beforeEach(async () => {
  portal = await createTestPortal();
});
afterEach(async () => portal.close());

describe('accounts: the happy path', () => {
  it('registers with a business email, follows the emailed link and confirms it with the password, which signs in', async () => {
    const jane = portal.client();
    const registered = await jane.request('/api/auth/register', { json: JANE });
    expect(registered.status).toBe(201);
    expect(jane.cookie).toBeUndefined();

    const [mail] = await portal.emails('jane.doe@broker-partner.example');
    expect(mail?.subject).toBe('Confirm your email address');
    const token = await tokenFromEmail(portal, 'jane.doe@broker-partner.example', 'verify-email');
    const inspected = await (await jane.request('/api/auth/verify-email/inspect', { json: { token } })).json();
    expect(inspected.account).toMatchObject({
      username: 'jane.doe',
      fullName: 'Jane Doe',
      company: 'Broker Partner SA',
      email: 'jane.doe@broker-partner.example',
      signedIn: false,
    });
    const confirmed = await jane.request('/api/auth/verify-email', { json: { token, password: JANE.password } });
    expect(confirmed.status).toBe(200);
    const cookieHeader = confirmed.headers.get('set-cookie') ?? '';
    expect(cookieHeader).toMatch(/HttpOnly/i);
    expect(cookieHeader).toMatch(/SameSite=Lax/i);
    const me = await (await jane.request('/api/me')).json();
    expect(me.user).toMatchObject({
      email: 'jane.doe@broker-partner.example',
      username: 'jane.doe',
      role: 'consumer',
      emailVerified: true,
      ownerConfirmationPending: [],
    });
  });

  it('confirms with one click in a browser already signed in to the account', async () => {
    const jane = portal.client();
    await registerAndSignIn(jane, JANE);
    expect((await (await jane.request('/api/me')).json()).user.emailVerified).toBe(false);
    const token = await tokenFromEmail(portal, 'jane.doe@broker-partner.example', 'verify-email');
    expect((await (await jane.request('/api/auth/verify-email/inspect', { json: { token } })).json()).account.signedIn).toBe(true);
    expect((await jane.request('/api/auth/verify-email', { json: { token } })).status).toBe(200);
    expect((await (await jane.request('/api/me')).json()).user.emailVerified).toBe(true);
  });

  it('signs out, signs in by email or username, and signs out everywhere', async () => {
    const first = portal.client();
    await first.request('/api/auth/register', { json: JANE });
    const second = portal.client();
    expect((await second.request('/api/auth/sign-in', { json: { identifier: 'jane.doe', password: JANE.password } })).status).toBe(200);
    const third = portal.client();
    expect((await third.request('/api/auth/sign-in', { json: { identifier: 'JANE.DOE@broker-partner.example', password: JANE.password } })).status).toBe(200);

    expect((await first.request('/api/auth/sign-out', { method: 'POST' })).status).toBe(200);
    expect((await (await first.request('/api/me')).json()).user).toBeNull();
    expect((await (await second.request('/api/me')).json()).user).not.toBeNull();

    expect((await second.request('/api/auth/sign-out-everywhere', { method: 'POST' })).status).toBe(200);
    expect((await (await third.request('/api/me')).json()).user).toBeNull();
  });

  it('resets a forgotten password by email, which ends every session', async () => {
    const jane = portal.client();
    await registerAndSignIn(jane, JANE);
    const anonymous = portal.client();
    expect((await anonymous.request('/api/auth/password-reset/request', { json: { email: JANE.email } })).status).toBe(200);
    const token = await tokenFromEmail(portal, 'jane.doe@broker-partner.example', 'reset-password');
    expect((await anonymous.request('/api/auth/password-reset/confirm', { json: { token, password: 'a brand new passphrase' } })).status).toBe(200);
    expect((await (await jane.request('/api/me')).json()).user).toBeNull();
    expect((await anonymous.request('/api/auth/sign-in', { json: { identifier: 'jane.doe', password: JANE.password } })).status).toBe(401);
    expect((await anonymous.request('/api/auth/sign-in', { json: { identifier: 'jane.doe', password: 'a brand new passphrase' } })).status).toBe(200);
    expect((await portal.emails('jane.doe@broker-partner.example')).map((mail) => mail.template)).toContain('password-changed');
  });

  it('changes the password, keeping this session and ending the others', async () => {
    const here = portal.client();
    await registerAndSignIn(here, JANE);
    const elsewhere = portal.client();
    await elsewhere.request('/api/auth/sign-in', { json: { identifier: 'jane.doe', password: JANE.password } });
    const changed = await here.request('/api/account/password', { json: { currentPassword: JANE.password, newPassword: 'another long passphrase' } });
    expect(changed.status).toBe(200);
    expect((await (await here.request('/api/me')).json()).user).not.toBeNull();
    expect((await (await elsewhere.request('/api/me')).json()).user).toBeNull();
  });

  it('describes itself at /api/openapi.json', async () => {
    const response = await portal.client().request('/api/openapi.json');
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/auth/register', '/auth/sign-in', '/me', '/admin/users', '/admin/doc-access']));
  });
});
