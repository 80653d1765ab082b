import { hashPassword } from '../../server/auth/password.ts';
import { createSession } from '../../server/auth/session.ts';
import { writeTransaction, type Database } from '../../server/db/client.ts';
import { apiOwners, users, type Role, type User } from '../../server/db/schema.ts';
import { newId } from '../../server/ids.ts';

export interface SeededAccount {
  user: User;
  /** The session cookie's value: `portico_session=<token>` signs this account in. */
  token: string;
}

const SESSION_POLICY = { ttlMs: 30 * 86_400_000 };

/**
 * Verified accounts with a signed-in session, written straight to the database. Registration
 * has its own tests; load and crash tests need hundreds of accounts, and argon2 costs ~10 ms
 * a hash on two cores — so every seeded account shares one hash. Each is owner-confirmed, as
 * an admin would confirm it: an address listed as an owner owns its API (a consumer's owns nothing).
 */
export async function seedAccounts(
  db: Database,
  people: Array<{ email: string; fullName: string; company: string; role?: Role }>,
  now = Date.now(),
): Promise<SeededAccount[]> {
  const passwordHash = await hashPassword('seeded account password');
  const created: User[] = people.map((person) => {
    const id = newId('usr');
    const email = person.email.toLowerCase();
    return {
      id,
      email,
      username: `seeded-${id.slice(4)}`.toLowerCase(),
      fullName: person.fullName,
      company: person.company,
      passwordHash,
      role: person.role ?? 'consumer',
      emailVerifiedAt: now,
      guidelinesAcceptedAt: now,
      ownerConfirmedAt: now,
      ownerConfirmedBy: 'seed',
      identityProvider: null,
      identitySubject: null,
      staffGroups: null,
      localStaffAt: null,
      createdAt: now,
    };
  });
  await writeTransaction(db, async (tx) => {
    for (const user of created) await tx.insert(users).values(user);
  });
  const accounts: SeededAccount[] = [];
  for (const user of created) accounts.push({ user, token: (await createSession(db, user.id, SESSION_POLICY, now)).token });
  return accounts;
}

/** An owner an admin assigned (beside x-portal.owners). */
export async function assignOwner(db: Database, apiSlug: string, email: string): Promise<void> {
  await db.insert(apiOwners).values({ apiSlug, email, assignedBy: 'seed' });
}

/** `count` consumers of distinct companies: consumer0@partner0.example … */
export function consumers(count: number, prefix = 'consumer'): Array<{ email: string; fullName: string; company: string }> {
  return Array.from({ length: count }, (_, index) => ({
    email: `${prefix}${index}@partner${index}.example`,
    fullName: `${prefix} ${index}`,
    company: `Partner ${index} SA`,
  }));
}
