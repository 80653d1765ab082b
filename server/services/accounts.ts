import { writeTransaction, type Transaction } from '../db/client.ts';
import { eq } from 'drizzle-orm';
import { createEmailToken, consumeEmailToken, retireEmailTokens } from '../auth/email-token.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import { emailDomainRules, users, type User } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { newId } from '../ids.ts';
import { judgeBusinessEmail } from '../rules/business-email.ts';
import { siteLink, type ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';
import { mailAllowed, removeExpiredRegistrations, sendVerificationLink } from './email-verification.ts';
import { clearSignInFailures } from './sign-in.ts';

const RESET_TTL = 3_600_000;

interface Registration {
  username: string;
  fullName: string;
  company: string;
  email: string;
  password: string;
  acceptGuidelines: boolean;
}

/**
 * Registers an account, unverified and not signed in: whoever registered proves the mailbox by
 * following its link, then signs in. An address that already has an account gets the same
 * answer (its holder is emailed instead), so the form does not reveal who has an account.
 */
export async function registerAccount(
  context: ServiceContext,
  input: Registration,
): Promise<Result<{ email: string }, 'email_refused' | 'username_taken' | 'guidelines'>> {
  if (!input.acceptGuidelines) return failure('guidelines', 'Read and accept the security guidelines to register.');
  const verdict = judgeBusinessEmail(input.email, undefined, await loadDomainOverrides(context));
  if (!verdict.ok) return failure('email_refused', verdict.message);
  const username = input.username.normalize('NFKC').trim().toLowerCase();
  // Hashed whatever happens next: the answer for an existing address takes as long.
  const passwordHash = await hashPassword(input.password);
  const now = context.now();
  await removeExpiredRegistrations(context, now);
  const user: User = {
    id: newId('usr'),
    email: verdict.email,
    username,
    fullName: input.fullName.trim(),
    company: input.company.trim(),
    passwordHash,
    role: 'consumer',
    emailVerifiedAt: null,
    guidelinesAcceptedAt: now,
    ownerConfirmedAt: null,
    ownerConfirmedBy: null,
    identityProvider: null,
    identitySubject: null,
    staffGroups: null,
    localStaffAt: null,
    createdAt: now,
  };
  const outcome = await writeTransaction(context.db, async (tx) => {
    const [holder] = await tx.select().from(users).where(eq(users.email, user.email)).limit(1);
    if (holder) {
      await tellHolderOfAddress(context, tx, holder, now);
      return 'existing' as const;
    }
    const [clash] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
    if (clash) return 'username_taken' as const;
    await tx.insert(users).values(user);
    await sendVerificationLink(context, tx, user, now);
    return 'created' as const;
  });
  if (outcome === 'username_taken') return failure('username_taken', 'This username is taken: choose another one.');
  return { ok: true, email: user.email };
}

/**
 * Someone registered with an address that has an account. Its holder hears of it (at most a
 * few times a day): a pending registration gets a fresh link — where "this wasn't me" removes
 * it — and a confirmed account a note with the ways to sign in.
 */
async function tellHolderOfAddress(context: ServiceContext, tx: Transaction, holder: User, now: number): Promise<void> {
  if (!(await mailAllowed(tx, holder.email, now))) return;
  if (!holder.emailVerifiedAt) {
    await sendVerificationLink(context, tx, holder, now);
    return;
  }
  await enqueueEmail(tx, holder.email, 'account-exists', { signInUrl: siteLink(context, '/signin'), resetUrl: siteLink(context, '/reset-password') }, now);
}

/** Always succeeds: whether an account exists is not the requester's business. */
export async function requestPasswordReset(context: ServiceContext, email: string): Promise<void> {
  const key = email.normalize('NFKC').trim().toLowerCase();
  const [user] = await context.db.select().from(users).where(eq(users.email, key)).limit(1);
  if (!user) return;
  const now = context.now();
  await writeTransaction(context.db, async (tx) => {
    if (!(await mailAllowed(tx, user.email, now))) return;
    // Only the newest link works: an older one, forwarded or left in a mailbox, is dead.
    await retireEmailTokens(tx, user.id, 'reset_password', now);
    const token = await createEmailToken(tx, user.id, 'reset_password', RESET_TTL, now);
    // An unconfirmed account's name was typed by whoever registered, maybe not the mailbox's holder: not repeated to it.
    const greeting = user.emailVerifiedAt ? { fullName: user.fullName } : {};
    await enqueueEmail(
      tx,
      user.email,
      'reset-password',
      { ...greeting, resetUrl: siteLink(context, `/reset-password?token=${encodeURIComponent(token)}`) },
      now,
    );
  });
}

export async function resetPassword(context: ServiceContext, token: string, newPassword: string): Promise<Result<{ userId: string }, 'invalid_token'>> {
  const userId = await consumeEmailToken(context.db, token, 'reset_password', context.now());
  if (!userId) return failure('invalid_token', 'This link is invalid, already used or expired. Ask for a new one.');
  await setPassword(context, userId, newPassword);
  // The link came by email, so the address is proven too.
  await context.db.update(users).set({ emailVerifiedAt: context.now() }).where(eq(users.id, userId));
  await clearSignInFailures(context.db, `usr:${userId}`);
  return { ok: true, userId };
}

export async function changePassword(
  context: ServiceContext,
  user: User,
  currentSessionId: string,
  current: string,
  next: string,
): Promise<Result<object, 'wrong_password'>> {
  if (!(await verifyPassword(user.passwordHash, current))) return failure('wrong_password', 'Your current password is not right.');
  await setPassword(context, user.id, next, currentSessionId);
  return { ok: true };
}

/** Sets a password and ends every other session and every reset link: whoever knew the old one is out. */
async function setPassword(context: ServiceContext, userId: string, password: string, keepSessionId?: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const now = context.now();
  await writeTransaction(context.db, async (tx) => {
    const [user] = await tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).returning();
    if (!user) return;
    await invalidateUserSessions(tx as never, userId, keepSessionId);
    await retireEmailTokens(tx, userId, 'reset_password', now);
    await enqueueEmail(tx, user.email, 'password-changed', { fullName: user.fullName, signInUrl: siteLink(context, '/signin') }, now);
  });
}

export async function loadDomainOverrides(context: ServiceContext) {
  const rules = await context.db.select().from(emailDomainRules);
  return {
    allow: new Set(rules.filter((rule) => rule.mode === 'allow').map((rule) => rule.domain)),
    deny: new Set(rules.filter((rule) => rule.mode === 'deny').map((rule) => rule.domain)),
  };
}
