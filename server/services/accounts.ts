import { writeTransaction } from '../db/client.ts';
import { eq, or } from 'drizzle-orm';
import { createEmailToken, consumeEmailToken } from '../auth/email-token.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import { emailDomainRules, users, type User } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { newId } from '../ids.ts';
import { judgeBusinessEmail } from '../rules/business-email.ts';
import { failure, siteLink, type Result, type ServiceContext } from './context.ts';

const DAY = 86_400_000;
const VERIFY_TTL = DAY;
const RESET_TTL = 3_600_000;
/** Checked against when the account does not exist, so both paths take an argon2 verify. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$4V8xyXMSCX7jcCTYKEF3gbPd2OXkUkAzkRK2lGB1xl4';

export interface Registration {
  username: string;
  fullName: string;
  company: string;
  email: string;
  password: string;
  acceptGuidelines: boolean;
}

export async function registerAccount(context: ServiceContext, input: Registration): Promise<Result<{ user: User }, 'email_refused' | 'taken' | 'guidelines'>> {
  if (!input.acceptGuidelines) return failure('guidelines', 'Read and accept the security guidelines to register.');
  const verdict = judgeBusinessEmail(input.email, undefined, await loadDomainOverrides(context));
  if (!verdict.ok) return failure('email_refused', verdict.message);
  const username = input.username.normalize('NFKC').trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  const now = context.now();
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
    createdAt: now,
  };
  const created = await writeTransaction(context.db, async (tx) => {
    const clash = await tx.select({ id: users.id }).from(users).where(or(eq(users.email, user.email), eq(users.username, username))).limit(1);
    if (clash.length > 0) return false;
    await tx.insert(users).values(user);
    const token = await createEmailToken(tx, user.id, 'verify_email', VERIFY_TTL, now);
    await enqueueEmail(tx, user.email, 'verify-email', { fullName: user.fullName, verifyUrl: siteLink(context, `/verify?token=${encodeURIComponent(token)}`) }, now);
    return true;
  });
  // One message for both clashes: the form must not reveal which addresses have accounts.
  if (!created) return failure('taken', 'An account with this email or username already exists. Sign in, or reset your password.');
  return { ok: true, user };
}

export async function verifyEmail(context: ServiceContext, token: string): Promise<Result<{ userId: string }, 'invalid_token'>> {
  const userId = await consumeEmailToken(context.db, token, 'verify_email', context.now());
  if (!userId) return failure('invalid_token', 'This link is invalid, already used or expired. Sign in to get a new one.');
  await context.db.update(users).set({ emailVerifiedAt: context.now() }).where(eq(users.id, userId));
  return { ok: true, userId };
}

export async function resendVerification(context: ServiceContext, user: User): Promise<void> {
  if (user.emailVerifiedAt) return;
  await writeTransaction(context.db, async (tx) => {
    const token = await createEmailToken(tx, user.id, 'verify_email', VERIFY_TTL, context.now());
    await enqueueEmail(tx, user.email, 'verify-email', { fullName: user.fullName, verifyUrl: siteLink(context, `/verify?token=${encodeURIComponent(token)}`) });
  });
}

export async function authenticate(context: ServiceContext, identifier: string, password: string): Promise<Result<{ user: User }, 'invalid_credentials'>> {
  const key = identifier.normalize('NFKC').trim().toLowerCase();
  const [user] = await context.db.select().from(users).where(or(eq(users.email, key), eq(users.username, key))).limit(1);
  const valid = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !valid) return failure('invalid_credentials', 'Wrong email, username or password.');
  return { ok: true, user };
}

/** Always succeeds: whether an account exists is not the requester's business. */
export async function requestPasswordReset(context: ServiceContext, email: string): Promise<void> {
  const key = email.normalize('NFKC').trim().toLowerCase();
  const [user] = await context.db.select().from(users).where(eq(users.email, key)).limit(1);
  if (!user) return;
  await writeTransaction(context.db, async (tx) => {
    const token = await createEmailToken(tx, user.id, 'reset_password', RESET_TTL, context.now());
    await enqueueEmail(tx, user.email, 'reset-password', { fullName: user.fullName, resetUrl: siteLink(context, `/reset-password?token=${encodeURIComponent(token)}`) });
  });
}

export async function resetPassword(context: ServiceContext, token: string, newPassword: string): Promise<Result<{ userId: string }, 'invalid_token'>> {
  const userId = await consumeEmailToken(context.db, token, 'reset_password', context.now());
  if (!userId) return failure('invalid_token', 'This link is invalid, already used or expired. Ask for a new one.');
  await setPassword(context, userId, newPassword);
  // The link came by email, so the address is proven too.
  await context.db.update(users).set({ emailVerifiedAt: context.now() }).where(eq(users.id, userId));
  return { ok: true, userId };
}

export async function changePassword(context: ServiceContext, user: User, currentSessionId: string, current: string, next: string): Promise<Result<object, 'wrong_password'>> {
  if (!(await verifyPassword(user.passwordHash, current))) return failure('wrong_password', 'Your current password is not right.');
  await setPassword(context, user.id, next, currentSessionId);
  return { ok: true };
}

/** Sets a password and ends every other session: whoever knew the old one is out. */
async function setPassword(context: ServiceContext, userId: string, password: string, keepSessionId?: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await writeTransaction(context.db, async (tx) => {
    const [user] = await tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).returning();
    if (!user) return;
    await invalidateUserSessions(tx as never, userId, keepSessionId);
    await enqueueEmail(tx, user.email, 'password-changed', { fullName: user.fullName, signInUrl: siteLink(context, '/signin') });
  });
}

async function loadDomainOverrides(context: ServiceContext) {
  const rules = await context.db.select().from(emailDomainRules);
  return {
    allow: new Set(rules.filter((rule) => rule.mode === 'allow').map((rule) => rule.domain)),
    deny: new Set(rules.filter((rule) => rule.mode === 'deny').map((rule) => rule.domain)),
  };
}
