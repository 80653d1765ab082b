import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { emailTokens } from '../db/schema.ts';
import { newId, newSecret } from '../ids.ts';
import { hashSecret } from './session.ts';

type EmailTokenPurpose = (typeof emailTokens.$inferSelect)['purpose'];

const TOKEN_PATTERN = /^(tok_[A-Za-z0-9_-]{20})\.([A-Za-z0-9_-]{43})$/;

/** A one-time link token `<id>.<secret>`; only the secret's hash is stored. */
export async function createEmailToken(
  writer: Pick<Database, 'insert'>,
  userId: string,
  purpose: EmailTokenPurpose,
  ttlMs: number,
  now: number,
): Promise<string> {
  const id = newId('tok');
  const secret = newSecret();
  await writer.insert(emailTokens).values({ id, secretHash: hashSecret(secret), userId, purpose, expiresAt: now + ttlMs });
  return `${id}.${secret}`;
}

/**
 * Uses a token once: marks it used in the same statement that checks it is unused and
 * unexpired, so two clicks cannot both succeed. Returns the user id, or null.
 */
export async function consumeEmailToken(db: Database, token: string, purpose: EmailTokenPurpose, now: number): Promise<string | null> {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, id = '', secret = ''] = match;
  const used = await db
    .update(emailTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(emailTokens.id, id),
        eq(emailTokens.secretHash, hashSecret(secret)),
        eq(emailTokens.purpose, purpose),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now),
      ),
    )
    .returning({ userId: emailTokens.userId });
  return used[0]?.userId ?? null;
}

/** The user a token is for, if it is valid, unused and unexpired — without using it (the page first names the account). */
export async function peekEmailToken(db: Pick<Database, 'select'>, token: string, purpose: EmailTokenPurpose, now: number): Promise<string | null> {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, id = '', secret = ''] = match;
  const [row] = await db
    .select({ userId: emailTokens.userId })
    .from(emailTokens)
    .where(
      and(
        eq(emailTokens.id, id),
        eq(emailTokens.secretHash, hashSecret(secret)),
        eq(emailTokens.purpose, purpose),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now),
      ),
    )
    .limit(1);
  return row?.userId ?? null;
}

/** Ends every unused link of a purpose: a newer link, or a changed password, makes the older ones worthless. */
export async function retireEmailTokens(writer: Pick<Database, 'update'>, userId: string, purpose: EmailTokenPurpose, now: number): Promise<void> {
  await writer
    .update(emailTokens)
    .set({ usedAt: now })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
}
