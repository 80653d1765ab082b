import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, users } from '../../server/db/schema.ts';
import { registerAdmin, registerAndSignIn, registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, tokenFromEmail, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue 13, High: owner addresses are public (Overview pages). An attacker registers one with
 * their own password; the real owner receives a genuine link and clicks it. That click must not
 * make the attacker anything — and a verified address alone must not make anyone an owner.
 */

const OWNER = 'claims-owner@insurer.example';
const IMPOSTOR = { ...BOB, username: 'mallory', fullName: 'Mallory Impostor', company: 'Evil Corp', email: OWNER };

let clock = Date.parse('2026-12-02T09:00:00Z');
let portal: TestPortal;
beforeEach(async () => {
  clock = Date.parse('2026-12-02T09:00:00Z');
  portal = await createTestPortal({ now: () => clock });
});
afterEach(async () => portal.close());

const me = async (client: ReturnType<TestPortal['client']>) => (await (await client.request('/api/me')).json()).user;

describe('an impostor registers an owner address', () => {
  it("the real owner's click in another browser, without signing in, confirms nothing", async () => {
    const mallory = portal.client();
    expect((await registerAndSignIn(mallory, IMPOSTOR)).status).toBe(200);
    const token = await tokenFromEmail(portal, OWNER, 'verify-email');

    const ownersBrowser = portal.client();
    const clicked = await ownersBrowser.request('/api/auth/verify-email', { json: { token } });
    expect(clicked.status).toBe(401);
    expect((await clicked.json()).error.code).toBe('sign_in_required');
    expect(ownersBrowser.cookie).toBeUndefined();

    expect(await me(mallory)).toMatchObject({ emailVerified: false, ownedApis: [] });
    expect((await mallory.request('/private/claims/')).status).toBe(403);
    expect((await mallory.request('/api/owner/requests')).status).toBe(403);
  });

  it('the link page names the account, and "this wasn\'t me" deletes it and signs the impostor out', async () => {
    const mallory = portal.client();
    await registerAndSignIn(mallory, IMPOSTOR);
    const token = await tokenFromEmail(portal, OWNER, 'verify-email');
    const owner = portal.client();
    const inspected = await (await owner.request('/api/auth/verify-email/inspect', { json: { token } })).json();
    expect(inspected.account).toMatchObject({ username: 'mallory', fullName: 'Mallory Impostor', company: 'Evil Corp', email: OWNER, signedIn: false });

    expect((await owner.request('/api/auth/verify-email/decline', { json: { token } })).status).toBe(200);
    expect(await portal.handle.db.select().from(users).where(eq(users.email, OWNER))).toEqual([]);
    expect(await me(mallory)).toBeNull();
    const [event] = await portal.handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'user.registration_declined'));
    expect(event).toMatchObject({ actorId: null, targetType: 'user' });
    // The link is spent, and the address is free for its holder.
    expect((await owner.request('/api/auth/verify-email/decline', { json: { token } })).status).toBe(400);
    await registerVerified(portal, { ...BOB, username: 'claire', fullName: 'Claire Owner', email: OWNER });
  });

  it('a verified owner address alone owns nothing until an admin confirms the account, once, audited', async () => {
    const admin = await registerAdmin(portal);
    const claire = portal.client();
    await claire.request('/api/auth/register', { json: { ...BOB, username: 'claire', email: OWNER } });
    const token = await tokenFromEmail(portal, OWNER, 'verify-email');
    expect((await claire.request('/api/auth/verify-email', { json: { token, password: BOB.password } })).status).toBe(200);
    const account = await me(claire);
    expect(account).toMatchObject({ emailVerified: true, ownedApis: [], ownerConfirmationPending: ['claims'] });
    expect((await claire.request('/private/claims/')).status).toBe(403);
    expect((await claire.request('/api/owner/requests')).status).toBe(403);

    const queue = (await (await admin.client.request('/api/admin/owner-accounts')).json()).accounts;
    expect(queue).toEqual([
      expect.objectContaining({
        user: expect.objectContaining({ id: account.id, email: OWNER }),
        apis: [{ slug: 'claims', title: 'Claims API' }],
        confirmedAt: null,
      }),
    ]);
    // Only admins, and never for themselves.
    expect((await claire.request(`/api/admin/users/${account.id}/owner-confirmation`, { method: 'POST' })).status).toBe(403);
    expect((await admin.client.request(`/api/admin/users/${admin.id}/owner-confirmation`, { method: 'POST' })).status).toBe(403);

    expect((await admin.client.request(`/api/admin/users/${account.id}/owner-confirmation`, { method: 'POST' })).status).toBe(200);
    expect((await admin.client.request(`/api/admin/users/${account.id}/owner-confirmation`, { method: 'POST' })).status).toBe(409);
    expect(await me(claire)).toMatchObject({ ownedApis: ['claims'], ownerConfirmationPending: [] });
    expect((await claire.request('/private/claims/')).status).toBe(200);
    const events = await portal.handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'user.owner_confirmed'));
    expect(events).toEqual([expect.objectContaining({ actorId: admin.id, targetId: account.id })]);
    expect((await portal.emails(OWNER)).map((mail) => mail.template)).toContain('owner-confirmed');

    expect((await admin.client.request(`/api/admin/users/${account.id}/owner-confirmation`, { method: 'DELETE' })).status).toBe(200);
    expect((await claire.request('/private/claims/')).status).toBe(403);
  });

  it('an admin cannot confirm an address nobody proved', async () => {
    const admin = await registerAdmin(portal);
    const mallory = portal.client();
    await registerAndSignIn(mallory, IMPOSTOR);
    const { id } = await me(mallory);
    const refused = await admin.client.request(`/api/admin/users/${id}/owner-confirmation`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe('not_verified');
  });

  it('an unconfirmed registration expires with its link, freeing the address', async () => {
    await registerAndSignIn(portal.client(), IMPOSTOR);
    const stale = await tokenFromEmail(portal, OWNER, 'verify-email');
    clock += 25 * 3_600_000;
    const claire = portal.client();
    expect((await claire.request('/api/auth/register', { json: { ...BOB, username: 'claire', email: OWNER } })).status).toBe(201);
    const rows = await portal.handle.db.select().from(users).where(eq(users.email, OWNER));
    expect(rows.map((row) => row.username)).toEqual(['claire']);
    expect((await claire.request('/api/auth/verify-email', { json: { token: stale, password: BOB.password } })).status).toBe(400);
    const fresh = await tokenFromEmail(portal, OWNER, 'verify-email');
    expect((await claire.request('/api/auth/verify-email', { json: { token: fresh, password: BOB.password } })).status).toBe(200);
  });

  it('the link with the wrong password confirms nothing and counts as a failed sign-in', async () => {
    await registerAndSignIn(portal.client(), IMPOSTOR);
    const token = await tokenFromEmail(portal, OWNER, 'verify-email');
    const guesser = portal.client();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await guesser.request('/api/auth/verify-email', { json: { token, password: `guess number ${attempt}` } })).status).toBe(401);
    }
    const blocked = await guesser.request('/api/auth/verify-email', { json: { token, password: IMPOSTOR.password } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await portal.handle.db.select().from(users).where(eq(users.email, OWNER)))[0]?.emailVerifiedAt).toBeNull();
  });
});

describe('registration does not reveal who has an account', () => {
  it('an address with an account gets the answer of a new one; only its holder hears of it', async () => {
    await registerVerified(portal, JANE);
    const fresh = await portal
      .client()
      .request('/api/auth/register', { json: { ...BOB, username: 'someone.new', email: 'someone.new@broker-partner.example' } });
    const taken = await portal.client().request('/api/auth/register', { json: { ...BOB, username: 'someone.else', email: JANE.email } });
    expect(taken.status).toBe(fresh.status);
    expect((await taken.json()).message).toBe((await fresh.json()).message.replace('someone.new', 'jane.doe'));
    expect(taken.headers.get('set-cookie')).toBe(fresh.headers.get('set-cookie'));
    const mails = (await portal.emails('jane.doe@broker-partner.example')).map((mail) => mail.template);
    expect(mails.at(-1)).toBe('account-exists');
    expect(await portal.handle.db.select().from(users).where(eq(users.username, 'someone.else'))).toEqual([]);
  });
});
