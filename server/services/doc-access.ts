import { writeTransaction } from '../db/client.ts';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { docAccess, users, type DocAccess } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { newId } from '../ids.ts';
import { stopApiAccessWithDocAccess } from './api-access-suspension.ts';
import { appendAudit } from './audit.ts';
import { findApi } from './catalog.ts';
import { siteLink, type ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';

export async function grantDocAccess(context: ServiceContext, actorId: string, userId: string, apiSlug: string): Promise<Result<{ access: DocAccess }, 'not_found' | 'not_private' | 'already_granted'>> {
  const api = findApi(context, apiSlug);
  if (!api) return failure('not_found', `There is no API "${apiSlug}".`);
  if (api.visibility !== 'private') return failure('not_private', `${api.title} is public: its documentation is open to everyone.`);
  const [user] = await context.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) return failure('not_found', 'There is no such user.');
  const now = context.now();
  return writeTransaction(context.db, async (tx) => {
    const [open] = await tx.select().from(docAccess).where(and(eq(docAccess.userId, userId), eq(docAccess.apiSlug, apiSlug), inArray(docAccess.status, ['pending', 'approved']))).limit(1);
    if (open?.status === 'approved') return failure('already_granted', `${user.fullName} can already read ${api.title}.`);
    const decided = { status: 'approved' as const, decidedBy: actorId, decisionReason: 'granted by an administrator', decidedAt: now };
    // A pending request is approved rather than duplicated: one open access per user and API.
    const access: DocAccess = open ? { ...open, ...decided } : { id: newId('acc'), userId, apiSlug, justification: null, createdAt: now, ...decided };
    if (open) await tx.update(docAccess).set(decided).where(and(eq(docAccess.id, open.id), eq(docAccess.status, 'pending')));
    else await tx.insert(docAccess).values(access);
    await appendAudit(tx, { actorId, action: 'doc_access.granted', targetType: 'doc_access', targetId: access.id, apiSlug }, now);
    await enqueueEmail(tx, user.email, 'doc-access-granted', { fullName: user.fullName, apiTitle: api.title, docsUrl: siteLink(context, api.docsPath) }, now);
    return { ok: true as const, access };
  });
}

export async function revokeDocAccess(context: ServiceContext, actorId: string, accessId: string, reason: string): Promise<Result<{ access: DocAccess }, 'not_found' | 'conflict'>> {
  const now = context.now();
  return writeTransaction(context.db, async (tx) => {
    // Only an approved grant can be revoked: the WHERE is the state machine's guard.
    const [access] = await tx
      .update(docAccess)
      .set({ status: 'revoked', decidedBy: actorId, decisionReason: reason, decidedAt: now })
      .where(and(eq(docAccess.id, accessId), eq(docAccess.status, 'approved')))
      .returning();
    if (!access) {
      const [exists] = await tx.select({ status: docAccess.status }).from(docAccess).where(eq(docAccess.id, accessId)).limit(1);
      return exists ? failure('conflict', `This access is ${exists.status}, not approved: nothing to revoke.`) : failure('not_found', 'There is no such access.');
    }
    const [user] = await tx.select().from(users).where(eq(users.id, access.userId)).limit(1);
    const api = findApi(context, access.apiSlug);
    await appendAudit(tx, { actorId, action: 'doc_access.revoked', targetType: 'doc_access', targetId: access.id, apiSlug: access.apiSlug, reason }, now);
    await stopApiAccessWithDocAccess(context, tx, { actorId, docAccessId: access.id, userId: access.userId, apiSlug: access.apiSlug, how: 'revoked' }, now);
    if (user && api) {
      await enqueueEmail(tx, user.email, 'doc-access-revoked', { fullName: user.fullName, apiTitle: api.title, reason, overviewUrl: siteLink(context, api.overviewPath) }, now);
    }
    return { ok: true as const, access };
  });
}

export async function listDocAccess(context: ServiceContext, filter: { userId?: string; apiSlug?: string } = {}) {
  const conditions = [filter.userId ? eq(docAccess.userId, filter.userId) : undefined, filter.apiSlug ? eq(docAccess.apiSlug, filter.apiSlug) : undefined].filter((condition) => condition !== undefined);
  return context.db
    .select({ access: docAccess, user: { id: users.id, email: users.email, fullName: users.fullName, company: users.company } })
    .from(docAccess)
    .innerJoin(users, eq(users.id, docAccess.userId))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(docAccess.createdAt))
    .limit(500);
}
