import { createHash, timingSafeEqual } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { preparedPerDatabase } from '../db/prepared.ts';
import { sessions, users, type Session, type User } from '../db/schema.ts';
import { newId, newSecret } from '../ids.ts';

/**
 * Sessions after the Lucia guide, as our own code: the cookie holds `<id>.<secret>`, the
 * database only SHA-256(secret); compared in constant time; expiry slides forward when
 * less than half the lifetime is left. Invalid input of any kind returns null.
 */

export interface SessionPolicy {
  ttlMs: number;
}

/** A session's own lifetime: staff signed in through a provider get a shorter one than the portal's policy. */
function lifetimeOf(session: Pick<Session, 'ttlMs'>, policy: SessionPolicy): number {
  return session.ttlMs ?? policy.ttlMs;
}

export interface ValidSession {
  session: Session;
  user: User;
  /** True when this validation extended the expiry: the cookie should be written again. */
  refreshed: boolean;
}

const TOKEN_PATTERN = /^(ses_[A-Za-z0-9_-]{20})\.([A-Za-z0-9_-]{43})$/;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** `ownTtlMs`: this session lives shorter than the policy says (staff signed in through a provider). */
export async function createSession(
  db: Database,
  userId: string,
  policy: SessionPolicy,
  now: number,
  ownTtlMs?: number,
): Promise<{ token: string; session: Session }> {
  const id = newId('ses');
  const secret = newSecret();
  const ttlMs = ownTtlMs ?? null;
  const session: Session = { id, secretHash: hashSecret(secret), userId, createdAt: now, expiresAt: now + (ttlMs ?? policy.ttlMs), ttlMs };
  await db.insert(sessions).values(session);
  return { token: `${id}.${secret}`, session };
}

/**
 * Every signed-in request (each private page, each /api call) runs this lookup: prepared once
 * per database, it is not rebuilt from the query builder each time (measured: half its cost).
 */
const sessionWithUser = preparedPerDatabase((db: Database) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .limit(1)
    .prepare(),
);

export async function validateSessionToken(db: Database, token: string | undefined, policy: SessionPolicy, now: number): Promise<ValidSession | null> {
  const match = token ? TOKEN_PATTERN.exec(token) : null;
  if (!match) return null;
  const [, id = '', secret = ''] = match;
  const row = (await sessionWithUser(db).all({ id }))[0];
  if (!row || !constantTimeEqual(hashSecret(secret), row.session.secretHash)) return null;
  if (row.session.expiresAt <= now) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  const lifetime = lifetimeOf(row.session, policy);
  if (row.session.expiresAt - now < lifetime / 2) {
    row.session.expiresAt = now + lifetime;
    await db.update(sessions).set({ expiresAt: row.session.expiresAt }).where(eq(sessions.id, id));
    return { ...row, refreshed: true };
  }
  return { ...row, refreshed: false };
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Signs a user out everywhere, or everywhere but the session they are using. */
export async function invalidateUserSessions(db: Database, userId: string, exceptSessionId?: string): Promise<void> {
  await db.delete(sessions).where(exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId));
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
