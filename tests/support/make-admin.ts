import { eq } from 'drizzle-orm';
import { users } from '../../server/db/schema.ts';
import { BOB, JANE } from './people.ts';
import { tokenFromEmail, type TestClient, type TestPortal } from './test-portal.ts';

/** Registers through the API, verifies the email from the outbox, returns the signed-in client. */
export async function registerVerified(portal: TestPortal, form: typeof JANE): Promise<{ client: TestClient; id: string }> {
  const client = portal.client();
  const response = await client.request('/api/auth/register', { json: form });
  if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${await response.text()}`);
  const token = await tokenFromEmail(portal, form.email.toLowerCase(), 'verify-email');
  await client.request('/api/auth/verify-email', { json: { token } });
  const me = (await (await client.request('/api/me')).json()) as { user: { id: string } };
  return { client, id: me.user.id };
}

export async function registerAdmin(portal: TestPortal): Promise<{ client: TestClient; id: string }> {
  const admin = await registerVerified(portal, { ...BOB, username: 'admin', fullName: 'Ada Admin', email: 'admin@insurer.example' });
  await portal.handle.db.update(users).set({ role: 'admin' }).where(eq(users.id, admin.id));
  return admin;
}
