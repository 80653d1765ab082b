import { eq } from 'drizzle-orm';
import type { Manifest } from '../../plugins/portico/contract.ts';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN } from '../auth/password.ts';
import type { Database } from '../db/client.ts';
import { settings, users, type Role } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { failure, type Result } from './result.ts';

interface NewUser {
  email: string;
  password: string;
  role: Role;
  fullName?: string;
  username?: string;
  company?: string;
  /** Demo owners only: an admin's confirmation that the account is the person behind its owner address. */
  ownerConfirmed?: boolean;
  /** `portico user create` only: the emergency local account that keeps its staff role once staff sign in through a provider. */
  localStaff?: boolean;
}

/** Creates a verified account directly (the first admin, demo accounts): no email round trip. `now` is the caller's clock. */
export async function createVerifiedUser(db: Database, input: NewUser, now: number): Promise<Result<{ id: string }, 'invalid_input' | 'conflict'>> {
  const email = input.email.normalize('NFKC').trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return failure('invalid_input', `"${input.email}" is not an email address`);
  if (input.password.length < PASSWORD_MIN || input.password.length > PASSWORD_MAX)
    return failure('invalid_input', `the password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`);
  const username = (input.username ?? email.split('@')[0] ?? email)
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '-')
    .slice(0, 32);
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (existing.length > 0) return failure('conflict', `an account with ${email} already exists`);
  const id = newId('usr');
  await db.insert(users).values({
    id,
    email,
    username,
    fullName: input.fullName ?? username,
    company: input.company ?? email.split('@')[1] ?? '',
    passwordHash: await hashPassword(input.password),
    role: input.role,
    emailVerifiedAt: now,
    guidelinesAcceptedAt: now,
    ownerConfirmedAt: input.ownerConfirmed ? now : null,
    ownerConfirmedBy: input.ownerConfirmed ? 'demo' : null,
    localStaffAt: input.localStaff && input.role !== 'consumer' ? now : null,
    createdAt: now,
  });
  return { ok: true, id };
}

export const DEMO_PASSWORD = 'portico-demo-password';

/**
 * First start on the embedded database in development: one account per kind of person, so
 * the whole journey can be tried at once. Runs once (remembered in settings).
 */
export async function seedDemoAccounts(db: Database, manifest: Manifest, now: number): Promise<Array<{ email: string; role: string }>> {
  const [done] = await db.select().from(settings).where(eq(settings.key, 'demo_seeded')).limit(1);
  if (done) return [];
  const accounts: Array<NewUser & { label: string }> = [
    { label: 'admin', email: 'admin@insurer.example', password: DEMO_PASSWORD, role: 'admin', fullName: 'Ada Admin', company: 'Insurer Example' },
    {
      label: 'platform team',
      email: 'platform@insurer.example',
      password: DEMO_PASSWORD,
      role: 'platform',
      fullName: 'Pat Platform',
      company: 'Insurer Example',
    },
    {
      label: 'consumer',
      email: 'consumer@broker-partner.example',
      password: DEMO_PASSWORD,
      role: 'consumer',
      fullName: 'Casey Consumer',
      company: 'Broker Partner SA',
    },
  ];
  for (const api of manifest.apis) {
    const owner = api.owners[0];
    if (owner && !accounts.some((account) => account.email === owner)) {
      accounts.push({
        label: `owner of ${api.slug}`,
        email: owner,
        password: DEMO_PASSWORD,
        role: 'consumer',
        fullName: `${api.title} owner`,
        company: 'Insurer Example',
        ownerConfirmed: true,
      });
    }
  }
  const created: Array<{ email: string; role: string }> = [];
  for (const account of accounts) {
    const result = await createVerifiedUser(db, account, now);
    if (result.ok) created.push({ email: account.email, role: account.label });
  }
  await db.insert(settings).values({ key: 'demo_seeded', value: new Date(now).toISOString() });
  return created;
}
