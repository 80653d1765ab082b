import { eq } from 'drizzle-orm';
import { users } from '../../server/db/schema.ts';
import { BOB, type JANE } from './people.ts';
import { TEST_APIS, tokenFromEmail, type TestClient, type TestPortal } from './test-portal.ts';

/**
 * Registers through the API, follows the emailed link with the password (which signs in), and
 * returns the signed-in client. An address the catalog lists as an owner is then confirmed as
 * an admin would in the admin page (the confirmation itself has its own tests).
 */
export async function registerVerified(portal: TestPortal, form: typeof JANE): Promise<{ client: TestClient; id: string }> {
  const client = portal.client();
  const response = await client.request('/api/auth/register', { json: form });
  if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${await response.text()}`);
  const token = await tokenFromEmail(portal, form.email.toLowerCase(), 'verify-email');
  const verified = await client.request('/api/auth/verify-email', { json: { token, password: form.password } });
  if (verified.status !== 200) throw new Error(`verification failed: ${verified.status} ${await verified.text()}`);
  const me = (await (await client.request('/api/me')).json()) as { user: { id: string } };
  if (TEST_APIS.some((api) => api.owners.includes(form.email.toLowerCase()))) await confirmOwner(portal, me.user.id);
  return { client, id: me.user.id };
}

/** What an admin's "Confirm as owner" stores (tests of other features need owners, not that click). */
export async function confirmOwner(portal: TestPortal, userId: string): Promise<void> {
  await portal.handle.db.update(users).set({ ownerConfirmedAt: Date.now(), ownerConfirmedBy: 'test-admin' }).where(eq(users.id, userId));
}

export async function registerAdmin(portal: TestPortal): Promise<{ client: TestClient; id: string }> {
  const admin = await registerVerified(portal, { ...BOB, username: 'admin', fullName: 'Ada Admin', email: 'admin@insurer.example' });
  await portal.handle.db.update(users).set({ role: 'admin' }).where(eq(users.id, admin.id));
  return admin;
}

/** Registers (which does not sign in) and signs in with the same password: an unconfirmed, signed-in account. */
export async function registerAndSignIn(client: TestClient, form: typeof JANE): Promise<Response> {
  const registered = await client.request('/api/auth/register', { json: form });
  if (registered.status !== 201) return registered;
  return client.request('/api/auth/sign-in', { json: { identifier: form.username, password: form.password } });
}
