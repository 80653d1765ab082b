import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { emailTokens } from '../db/schema.ts';
import { newId, newSecret } from '../ids.ts';
import { hashSecret } from './session.ts';

export type EmailTokenPurpose = (typeof emailTokens.$inferSelect)['purpose'];

const TOKEN_PATTERN = /^(tok_[A-Za-z0-9_-]{20})\.([A-Za-z0-9_-]{43})$/;

/** A one-time link token `<id>.<secret>`; only the secret's hash is stored. */
export async function createEmailToken(writer: Pick<Database, 'insert'>, userId: string, purpose: EmailTokenPurpose, ttlMs: number, now = Date.now()): Promise<string> {
  const id = newId('tok');
  const secret = newSecret();
  await writer.insert(emailTokens).values({ id, secretHash: hashSecret(secret), userId, purpose, expiresAt: now + ttlMs });
  return `${id}.${secret}`;
}

/**
 * Uses a token once: marks it used in the same statement that checks it is unused and
 * unexpired, so two clicks cannot both succeed. Returns the user id, or null.
 */
export async function consumeEmailToken(db: Database, token: string, purpose: EmailTokenPurpose, now = Date.now()): Promise<string | null> {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, id = '', secret = ''] = match;
  const used = await db
    .update(emailTokens)
    .set({ usedAt: now })
    .where(and(eq(emailTokens.id, id), eq(emailTokens.secretHash, hashSecret(secret)), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, now)))
    .returning({ userId: emailTokens.userId });
  return used[0]?.userId ?? null;
}
