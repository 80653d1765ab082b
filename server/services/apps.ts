import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import { writeTransaction } from '../db/client.ts';
import { apiAccess, apps, clientSecrets, type App, type ClientSecret, type User } from '../db/schema.ts';
import { isId, newId } from '../ids.ts';
import { apiAccessTransition } from '../rules/api-access-states.ts';
import { actsOnOwn } from '../rules/permissions.ts';
import { appendAudit } from './audit.ts';
import type { ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';

/** Recognizable if leaked (secret scanners match the prefix); 256 random bits after it. */
const SECRET_PREFIX = 'portico_sk_';
const MAX_LIVE_SECRETS = 2;

interface AppInput {
  name: string;
  description: string;
  businessContact: string;
  technicalContact: string;
}

function newClientSecret(): { secret: string; hash: string; hint: string } {
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashClientSecret(secret), hint: secret.slice(-4) };
}

function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function isLive(secret: Pick<ClientSecret, 'revokedAt' | 'expiresAt'>, now: number): boolean {
  return secret.revokedAt === null && (secret.expiresAt === null || secret.expiresAt > now);
}

export async function createConsumerApp(
  context: ServiceContext,
  holder: User,
  input: AppInput,
  secretExpiresAt?: number,
): Promise<{ app: App; secret: string }> {
  const now = context.now();
  const app: App = { id: newId('app'), holderId: holder.id, ...input, createdAt: now, deletedAt: null };
  const { secret, hash, hint } = newClientSecret();
  await writeTransaction(context.db, async (tx) => {
    await tx.insert(apps).values(app);
    await tx
      .insert(clientSecrets)
      .values({ id: newId('sec'), appId: app.id, secretHash: hash, hint, createdAt: now, expiresAt: secretExpiresAt ?? null, revokedAt: null });
    await appendAudit(tx, { actorId: holder.id, action: 'app.created', targetType: 'app', targetId: app.id }, now);
  });
  return { app, secret };
}

/**
 * The app if it exists, is not deleted and is this user's own (rules/permissions.ts: these
 * routes hand out the app's secrets and tokens, and nobody — not even an admin — acts as it;
 * admins and owners stop an app through its API access, in the owner console).
 */
export async function findOwnApp(context: ServiceContext, user: User, appId: string): Promise<App | undefined> {
  const [app] = await context.db
    .select()
    .from(apps)
    .where(and(eq(apps.id, appId), isNull(apps.deletedAt)))
    .limit(1);
  return app && actsOnOwn(user.id, app.holderId) ? app : undefined;
}

export async function listOwnApps(context: ServiceContext, userId: string) {
  const own = await context.db
    .select()
    .from(apps)
    .where(and(eq(apps.holderId, userId), isNull(apps.deletedAt)))
    .orderBy(asc(apps.createdAt));
  if (own.length === 0) return [];
  const ids = own.map((app) => app.id);
  const secrets = await context.db.select().from(clientSecrets).where(inArray(clientSecrets.appId, ids)).orderBy(asc(clientSecrets.createdAt));
  const access = await context.db.select().from(apiAccess).where(inArray(apiAccess.appId, ids)).orderBy(asc(apiAccess.createdAt));
  const now = context.now();
  return own.map((app) => ({
    ...app,
    secrets: secrets.filter((secret) => secret.appId === app.id).map(({ secretHash: _hash, ...secret }) => ({ ...secret, live: isLive(secret, now) })),
    apiAccess: access.filter((row) => row.appId === app.id),
  }));
}

export async function updateConsumerApp(context: ServiceContext, actorId: string, appId: string, input: Partial<AppInput>): Promise<void> {
  await writeTransaction(context.db, async (tx) => {
    await tx.update(apps).set(input).where(eq(apps.id, appId));
    await appendAudit(tx, { actorId, action: 'app.updated', targetType: 'app', targetId: appId }, context.now());
  });
}

/** Deleting an app revokes its secrets and its API access at once; the record stays for the audit. */
export async function deleteConsumerApp(context: ServiceContext, actorId: string, appId: string): Promise<void> {
  const now = context.now();
  await writeTransaction(context.db, async (tx) => {
    await tx.update(apps).set({ deletedAt: now }).where(eq(apps.id, appId));
    await tx
      .update(clientSecrets)
      .set({ revokedAt: now })
      .where(and(eq(clientSecrets.appId, appId), isNull(clientSecrets.revokedAt)));
    const ending = apiAccessTransition('end_with_app');
    await tx
      .update(apiAccess)
      .set({ status: ending.to, decisionReason: 'app deleted', decidedAt: now })
      .where(and(eq(apiAccess.appId, appId), inArray(apiAccess.status, ending.from)));
    await appendAudit(tx, { actorId, action: 'app.deleted', targetType: 'app', targetId: appId }, now);
  });
}

/**
 * A new secret beside the current one. The older live secrets stop at the end of the
 * overlap window, so clients switch without a gap; at most two are live at any time.
 */
export async function rotateClientSecret(
  context: ServiceContext,
  actorId: string,
  appId: string,
  overlapMs: number,
): Promise<Result<{ secret: string; secretId: string }, 'too_many'>> {
  const now = context.now();
  return writeTransaction(context.db, async (tx) => {
    const live = (
      await tx
        .select()
        .from(clientSecrets)
        .where(and(eq(clientSecrets.appId, appId), isNull(clientSecrets.revokedAt), or(isNull(clientSecrets.expiresAt), gt(clientSecrets.expiresAt, now))))
    ).filter((secret) => isLive(secret, now));
    if (live.length >= MAX_LIVE_SECRETS) return failure('too_many', 'This app already has two live secrets: revoke one before creating another.');
    const end = now + overlapMs;
    for (const secret of live) {
      if (secret.expiresAt === null || secret.expiresAt > end) await tx.update(clientSecrets).set({ expiresAt: end }).where(eq(clientSecrets.id, secret.id));
    }
    const { secret, hash, hint } = newClientSecret();
    const secretId = newId('sec');
    await tx.insert(clientSecrets).values({ id: secretId, appId, secretHash: hash, hint, createdAt: now, expiresAt: null, revokedAt: null });
    await appendAudit(tx, { actorId, action: 'app.secret_rotated', targetType: 'app', targetId: appId }, now);
    return { ok: true as const, secret, secretId };
  });
}

export async function revokeClientSecret(context: ServiceContext, actorId: string, appId: string, secretId: string): Promise<Result<object, 'not_found'>> {
  const now = context.now();
  const revoked = await writeTransaction(context.db, async (tx) => {
    const rows = await tx
      .update(clientSecrets)
      .set({ revokedAt: now })
      .where(and(eq(clientSecrets.id, secretId), eq(clientSecrets.appId, appId), isNull(clientSecrets.revokedAt)))
      .returning({ id: clientSecrets.id });
    if (rows.length > 0) await appendAudit(tx, { actorId, action: 'app.secret_revoked', targetType: 'app', targetId: appId }, now);
    return rows.length > 0;
  });
  return revoked ? { ok: true } : failure('not_found', 'There is no such live secret.');
}

/** OAuth client authentication: the app, and which secret it used; null for anything wrong. */
export async function authenticateClient(context: ServiceContext, clientId: string, secret: string): Promise<{ app: App; secretId: string } | null> {
  if (!isId('app', clientId) || !secret.startsWith(SECRET_PREFIX) || secret.length > 200) return null;
  const hash = hashClientSecret(secret);
  const [row] = await context.db
    .select({ app: apps, secret: clientSecrets })
    .from(clientSecrets)
    .innerJoin(apps, eq(apps.id, clientSecrets.appId))
    .where(eq(clientSecrets.secretHash, hash))
    .limit(1);
  if (!row || row.app.deletedAt !== null || !isLive(row.secret, context.now())) return null;
  const expected = Buffer.from(row.app.id);
  const given = Buffer.from(clientId);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { app: row.app, secretId: row.secret.id };
}

/** The newest live secret of an app: a token obtained from the portal is tied to it. */
export async function newestLiveSecretId(context: ServiceContext, appId: string): Promise<string | undefined> {
  const secrets = await context.db.select().from(clientSecrets).where(eq(clientSecrets.appId, appId)).orderBy(asc(clientSecrets.createdAt));
  return secrets.filter((secret) => isLive(secret, context.now())).at(-1)?.id;
}

/** Whether a secret is still live: tokens die with their secret. */
export async function isSecretLive(context: ServiceContext, secretId: string): Promise<boolean> {
  const [secret] = await context.db.select().from(clientSecrets).where(eq(clientSecrets.id, secretId)).limit(1);
  return secret !== undefined && isLive(secret, context.now());
}
