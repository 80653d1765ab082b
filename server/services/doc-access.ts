import { writeTransaction } from '../db/client.ts';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { docAccess, users, type DocAccess } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { newId } from '../ids.ts';
import { OPEN_STATUSES, docAccessStart, docAccessTransition } from '../rules/doc-access-states.ts';
import { appliesTo } from '../rules/lifecycle.ts';
import { appendAudit } from './audit.ts';
import { decideDocAccess } from './doc-requests.ts';
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
    const [open] = await tx.select().from(docAccess).where(and(eq(docAccess.userId, userId), eq(docAccess.apiSlug, apiSlug), inArray(docAccess.status, [...OPEN_STATUSES]))).limit(1);
    // A pending request is approved rather than duplicated: one open access per user and API.
    const approval = docAccessTransition('approve');
    if (open && !appliesTo(approval, open.status)) return failure('already_granted', `${user.fullName} can already read ${api.title}.`);
    const decided = { decidedBy: actorId, decisionReason: 'granted by an administrator', decidedAt: now };
    const access: DocAccess = open ? { ...open, ...decided, status: approval.to } : { id: newId('acc'), userId, apiSlug, justification: null, createdAt: now, ...decided, status: docAccessStart('grant') };
    if (open) await tx.update(docAccess).set({ ...decided, status: approval.to }).where(and(eq(docAccess.id, open.id), inArray(docAccess.status, approval.from)));
    else await tx.insert(docAccess).values(access);
    await appendAudit(tx, { actorId, action: 'doc_access.granted', targetType: 'doc_access', targetId: access.id, apiSlug }, now);
    await enqueueEmail(tx, user.email, 'doc-access-granted', { fullName: user.fullName, apiTitle: api.title, docsUrl: siteLink(context, api.docsPath) }, now);
    return { ok: true as const, access };
  });
}

/** An admin revokes a grant: the same decision, through the same lifecycle, as an owner's revocation. */
export async function revokeDocAccess(context: ServiceContext, actorId: string, accessId: string, reason: string): Promise<Result<{ access: DocAccess }, 'not_found' | 'conflict' | 'reason_required'>> {
  return decideDocAccess(context, actorId, accessId, 'revoke', reason);
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
