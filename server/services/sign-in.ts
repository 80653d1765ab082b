import { eq, or, sql } from 'drizzle-orm';
import { verifyPassword } from '../auth/password.ts';
import type { Database } from '../db/client.ts';
import { signInFailures, users, type User } from '../db/schema.ts';
import { FAILURE_MEMORY_MS, waitAfterFailures } from '../rules/sign-in-backoff.ts';
import { appendAudit } from './audit.ts';
import type { ServiceContext } from './context.ts';
import { failure, type Failure } from './result.ts';

/** Checked against when the account does not exist, so both paths take an argon2 verify. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$4V8xyXMSCX7jcCTYKEF3gbPd2OXkUkAzkRK2lGB1xl4';

export type SignInFailure = Failure<'invalid_credentials' | 'backoff'>;

/**
 * Checks a password for an identifier (email or username). Failures are counted per account:
 * past a few, the account waits longer before each new attempt (rules/sign-in-backoff.ts),
 * and no password is checked while it waits.
 */
export async function authenticate(context: ServiceContext, identifier: string, password: string): Promise<{ ok: true; user: User } | SignInFailure> {
  const key = identifier.normalize('NFKC').trim().toLowerCase();
  const [user] = await context.db
    .select()
    .from(users)
    .where(or(eq(users.email, key), eq(users.username, key)))
    .limit(1);
  const result = await checkPassword(context, user, password, user ? `usr:${user.id}` : `unknown:${key}`);
  if (!result.ok) return result;
  // An account made by a provider signs in through it only, even after a password reset (decision 026).
  if (result.user.identityProvider !== null)
    return failure('invalid_credentials', 'This account signs in through its identity provider: use its button on the sign-in page.');
  // The emergency local account, once staff sign in through a provider: every use is in the audit log.
  if (context.staffSignIn && result.user.localStaffAt !== null)
    await appendAudit(
      context.db,
      { actorId: result.user.id, action: 'user.emergency_local_sign_in', targetType: 'user', targetId: result.user.id },
      context.now(),
    );
  return result;
}

/** The password check behind sign-in and the verification link: one backoff for both. */
export async function checkPassword(
  context: ServiceContext,
  user: User | undefined,
  password: string,
  accountKey = `usr:${user?.id}`,
): Promise<{ ok: true; user: User } | SignInFailure> {
  const waitMs = await remainingBackoff(context.db, accountKey, context.now());
  if (waitMs > 0) {
    const retryAfterSeconds = Math.ceil(waitMs / 1000);
    return failure(
      'backoff',
      `Too many wrong passwords for this account. Try again in ${retryAfterSeconds < 60 ? `${retryAfterSeconds} seconds` : `${Math.ceil(retryAfterSeconds / 60)} minutes`}, or reset your password.`,
      { retryAfterSeconds },
    );
  }
  const valid = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !valid) {
    await recordSignInFailure(context.db, accountKey, context.now());
    return failure('invalid_credentials', 'Wrong email, username or password.');
  }
  await clearSignInFailures(context.db, accountKey);
  return { ok: true, user };
}

/** Milliseconds this account must still wait before a password is checked again (0: go ahead). */
async function remainingBackoff(db: Database, accountKey: string, now: number): Promise<number> {
  const [row] = await db.select({ blockedUntil: signInFailures.blockedUntil }).from(signInFailures).where(eq(signInFailures.accountKey, accountKey)).limit(1);
  return row ? Math.max(0, row.blockedUntil - now) : 0;
}

/** One more failure in a row (a count older than an hour starts again). */
async function recordSignInFailure(db: Database, accountKey: string, now: number): Promise<void> {
  const [row] = await db
    .insert(signInFailures)
    .values({ accountKey, failures: 1, lastFailureAt: now, blockedUntil: now })
    .onConflictDoUpdate({
      target: signInFailures.accountKey,
      set: {
        failures: sql`case when ${signInFailures.lastFailureAt} < ${now - FAILURE_MEMORY_MS} then 1 else ${signInFailures.failures} + 1 end`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: signInFailures.failures });
  await db
    .update(signInFailures)
    .set({ blockedUntil: now + waitAfterFailures(row?.failures ?? 1) })
    .where(eq(signInFailures.accountKey, accountKey));
}

export async function clearSignInFailures(db: Database, accountKey: string): Promise<void> {
  await db.delete(signInFailures).where(eq(signInFailures.accountKey, accountKey));
}
