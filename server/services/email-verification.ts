import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { consumeEmailToken, createEmailToken, peekEmailToken, retireEmailTokens } from '../auth/email-token.ts';
import { countHit } from '../db/counters.ts';
import { writeTransaction, type Transaction } from '../db/client.ts';
import { emailTokens, users, type User } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { appendAudit } from './audit.ts';
import { checkPassword, type SignInFailure } from './sign-in.ts';
import { siteLink, type ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';

/**
 * Proving an address. The link alone proves only that someone can read the mailbox; the
 * account is someone else's claim. So the link names the account and completes only for
 * whoever holds it — signed in, or typing its password — and the mailbox's holder can say
 * "this wasn't me", which deletes the unconfirmed registration. Unconfirmed registrations
 * expire with their last link.
 */

const VERIFY_TTL = 86_400_000;
const HOUR = 3_600_000;
/** Verification links a person may ask for again, per account and hour. */
const RESENDS_PER_HOUR = 3;
/** Account emails (verification, reset, "someone tried") to one address per day, whoever asks. */
const MAILS_PER_RECIPIENT_PER_DAY = 5;

/** Counts one account email to an address; false once the day's allowance is spent. */
export async function mailAllowed(tx: Transaction, recipient: string, now: number): Promise<boolean> {
  return (await countHit(tx, `mail-to:${recipient}`, 24 * HOUR, now)).count <= MAILS_PER_RECIPIENT_PER_DAY;
}

/** A fresh verification link (older ones stop working). */
export async function sendVerificationLink(context: ServiceContext, tx: Transaction, user: User, now: number): Promise<void> {
  await retireEmailTokens(tx, user.id, 'verify_email', now);
  const token = await createEmailToken(tx, user.id, 'verify_email', VERIFY_TTL, now);
  await enqueueEmail(tx, user.email, 'verify-email', { verifyUrl: siteLink(context, `/verify?token=${encodeURIComponent(token)}`) }, now);
}

interface AccountToConfirm {
  username: string;
  fullName: string;
  company: string;
  email: string;
  createdAt: number;
  /** The reader is signed in to this very account: one click confirms. */
  signedIn: boolean;
}

/** What the link's page shows before anything happens: whose registration this is. */
export async function inspectVerification(
  context: ServiceContext,
  token: string,
  sessionUserId: string | undefined,
): Promise<Result<{ account: AccountToConfirm }, 'invalid_token'>> {
  const user = await userOfLink(context, token);
  if (!user) return invalidLink();
  return {
    ok: true,
    account: {
      username: user.username,
      fullName: user.fullName,
      company: user.company,
      email: user.email,
      createdAt: user.createdAt,
      signedIn: sessionUserId === user.id,
    },
  };
}

/** Completes the link for the account's holder: the signed-in account itself, or its password. */
export async function completeVerification(
  context: ServiceContext,
  token: string,
  holder: { sessionUserId?: string; password?: string },
): Promise<Result<{ user: User; signedInByPassword: boolean }, 'invalid_token' | 'sign_in_required' | SignInFailure['code']>> {
  const user = await userOfLink(context, token);
  if (!user) return invalidLink();
  const bySession = holder.sessionUserId === user.id;
  if (!bySession) {
    if (!holder.password) return failure('sign_in_required', `Sign in as ${user.username} — the account this link confirms — or type its password here.`);
    const checked = await checkPassword(context, user, holder.password);
    if (!checked.ok) return checked;
  }
  const now = context.now();
  if ((await consumeEmailToken(context.db, token, 'verify_email', now)) !== user.id) return invalidLink();
  await context.db
    .update(users)
    .set({ emailVerifiedAt: now })
    .where(and(eq(users.id, user.id), isNull(users.emailVerifiedAt)));
  return { ok: true, user, signedInByPassword: !bySession };
}

/** "This wasn't me": the unconfirmed registration behind the link is deleted, audited. */
export async function declineRegistration(context: ServiceContext, token: string): Promise<Result<object, 'invalid_token'>> {
  const now = context.now();
  const deleted = await writeTransaction(context.db, async (tx) => {
    const userId = await consumeEmailToken(tx as never, token, 'verify_email', now);
    if (!userId) return false;
    const removed = await tx
      .delete(users)
      .where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)))
      .returning({ id: users.id });
    if (removed.length === 0) return false;
    await appendAudit(
      tx,
      {
        actorId: null,
        action: 'user.registration_declined',
        targetType: 'user',
        targetId: userId,
        reason: 'the holder of the address said they did not register',
      },
      now,
    );
    return true;
  });
  return deleted ? { ok: true } : invalidLink();
}

/** Another link for the signed-in, unconfirmed account: a few an hour, and a few a day per address. */
export async function resendVerification(context: ServiceContext, user: User): Promise<Result<object, 'rate_limited'>> {
  if (user.emailVerifiedAt) return { ok: true };
  const now = context.now();
  return writeTransaction(context.db, async (tx) => {
    const perAccount = await countHit(tx, `resend-verification:${user.id}`, HOUR, now);
    if (perAccount.count > RESENDS_PER_HOUR)
      return failure(
        'rate_limited',
        `We already sent ${RESENDS_PER_HOUR} links this hour. Check your spam folder, or try again in ${Math.ceil(perAccount.retryAfterSeconds / 60)} minutes.`,
        { retryAfterSeconds: perAccount.retryAfterSeconds },
      );
    if (!(await mailAllowed(tx, user.email, now)))
      return failure('rate_limited', 'We sent this address several emails today already. Try again tomorrow.', { retryAfterSeconds: 3600 });
    await sendVerificationLink(context, tx, user, now);
    return { ok: true as const };
  });
}

/**
 * Deletes registrations nobody confirmed once their last link expired: a squatter's claim on
 * an address lasts a day at most.
 */
export async function removeExpiredRegistrations(context: ServiceContext, now = context.now()): Promise<number> {
  const liveLink = sql`exists (select 1 from ${emailTokens} where ${emailTokens.userId} = ${users.id} and ${emailTokens.purpose} = 'verify_email' and ${emailTokens.usedAt} is null and ${emailTokens.expiresAt} > ${now})`;
  const removed = await context.db
    .delete(users)
    .where(and(isNull(users.emailVerifiedAt), lt(users.createdAt, now - VERIFY_TTL), sql`not ${liveLink}`))
    .returning({ id: users.id });
  return removed.length;
}

async function userOfLink(context: ServiceContext, token: string): Promise<User | undefined> {
  const userId = await peekEmailToken(context.db, token, 'verify_email', context.now());
  if (!userId) return undefined;
  const [user] = await context.db.select().from(users).where(eq(users.id, userId)).limit(1);
  return user;
}

function invalidLink() {
  return failure('invalid_token', 'This link is invalid, already used or expired. Sign in to get a new one, or register again.');
}
