import { isUniqueViolation, writeTransaction } from '../db/client.ts';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { apiOwners, auditEvents, docAccess, users, type DocAccess, type DocAccessStatus, type User } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { newId } from '../ids.ts';
import { transitionOf, type DocAccessDecision } from '../rules/doc-access-states.ts';
import type { Actor } from '../rules/permissions.ts';
import { appendAudit } from './audit.ts';
import { failure, siteLink, type Result, type ServiceContext } from './context.ts';
import { findApi } from './catalog.ts';

/** Everyone who decides for an API: its x-portal.owners and the owners an admin assigned. */
export async function ownersOf(context: ServiceContext, apiSlug: string): Promise<string[]> {
  const spec = findApi(context, apiSlug)?.owners ?? [];
  const assigned = await context.db.select({ email: apiOwners.email }).from(apiOwners).where(eq(apiOwners.apiSlug, apiSlug));
  return [...new Set([...spec, ...assigned.map((row) => row.email)])];
}

export async function requestDocAccess(context: ServiceContext, user: User, apiSlug: string, justification: string): Promise<Result<{ access: DocAccess }, 'not_found' | 'not_private' | 'already_open'>> {
  const api = findApi(context, apiSlug);
  if (!api) return failure('not_found', `There is no API "${apiSlug}".`);
  if (api.visibility !== 'private') return failure('not_private', `${api.title} is public: its documentation is open to everyone.`);
  const owners = await ownersOf(context, apiSlug);
  const now = context.now();
  const access: DocAccess = { id: newId('acc'), userId: user.id, apiSlug, status: 'pending', justification, decidedBy: null, decisionReason: null, createdAt: now, decidedAt: null };
  try {
    await writeTransaction(context.db, async (tx) => {
      await tx.insert(docAccess).values(access);
      await appendAudit(tx, { actorId: user.id, action: 'doc_access.requested', targetType: 'doc_access', targetId: access.id, apiSlug, reason: justification }, now);
      for (const owner of owners) {
        await enqueueEmail(tx, owner, 'doc-access-requested', { apiTitle: api.title, requesterName: user.fullName, requesterEmail: user.email, company: user.company, justification, decideUrl: siteLink(context, `/owner?api=${apiSlug}`) }, now);
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      return failure('already_open', `You already have an open request or access for ${api.title}.`);
    }
    throw error;
  }
  return { ok: true, access };
}

/**
 * Applies a decision as one guarded UPDATE: of two owners deciding at once, exactly one
 * changes the row; the other is told what happened instead.
 */
export async function decideDocAccess(context: ServiceContext, actorId: string, accessId: string, decision: DocAccessDecision, reason?: string): Promise<Result<{ access: DocAccess }, 'not_found' | 'conflict' | 'reason_required'>> {
  const transition = transitionOf(decision);
  if (transition.needsReason && !reason?.trim()) return failure('reason_required', 'Give a reason: it is sent to the requester.');
  const now = context.now();
  return writeTransaction(context.db, async (tx) => {
    const [access] = await tx
      .update(docAccess)
      .set({ status: transition.to, decidedBy: actorId, decisionReason: reason?.trim() || null, decidedAt: now })
      .where(and(eq(docAccess.id, accessId), eq(docAccess.status, transition.from)))
      .returning();
    if (!access) {
      const [current] = await tx.select({ status: docAccess.status }).from(docAccess).where(eq(docAccess.id, accessId)).limit(1);
      return current ? failure('conflict', `This request is already ${current.status}: nothing was changed.`) : failure('not_found', 'There is no such request.');
    }
    await appendAudit(tx, { actorId, action: `doc_access.${transition.to}`, targetType: 'doc_access', targetId: access.id, apiSlug: access.apiSlug, reason }, now);
    const [user] = await tx.select().from(users).where(eq(users.id, access.userId)).limit(1);
    const api = findApi(context, access.apiSlug);
    if (user && api && decision !== 'withdraw') {
      if (decision === 'approve') await enqueueEmail(tx, user.email, 'doc-access-granted', { fullName: user.fullName, apiTitle: api.title, docsUrl: siteLink(context, api.docsPath) }, now);
      if (decision === 'refuse') await enqueueEmail(tx, user.email, 'doc-access-refused', { fullName: user.fullName, apiTitle: api.title, reason: reason ?? '', overviewUrl: siteLink(context, api.overviewPath) }, now);
      if (decision === 'revoke') await enqueueEmail(tx, user.email, 'doc-access-revoked', { fullName: user.fullName, apiTitle: api.title, reason: reason ?? '', overviewUrl: siteLink(context, api.overviewPath) }, now);
    }
    return { ok: true as const, access };
  });
}

export async function findAccess(context: ServiceContext, accessId: string): Promise<DocAccess | undefined> {
  const [access] = await context.db.select().from(docAccess).where(eq(docAccess.id, accessId)).limit(1);
  return access;
}

/** The requests an owner (or admin) may decide, with the requester, oldest first. */
export async function listRequestsFor(context: ServiceContext, actor: Actor, filter: { apiSlug?: string; status?: DocAccessStatus }) {
  const visible = actor.role === 'admin' ? context.manifest.apis.map((api) => api.slug) : [...actor.ownedApis];
  const slugs = filter.apiSlug ? visible.filter((slug) => slug === filter.apiSlug) : visible;
  if (slugs.length === 0) return [];
  return context.db
    .select({ access: docAccess, user: { id: users.id, email: users.email, fullName: users.fullName, company: users.company } })
    .from(docAccess)
    .innerJoin(users, eq(users.id, docAccess.userId))
    .where(and(inArray(docAccess.apiSlug, slugs), filter.status ? eq(docAccess.status, filter.status) : undefined))
    .orderBy(asc(docAccess.createdAt))
    .limit(1000);
}

/** A consumer's own requests, newest first, each with its history. */
export async function listMyRequests(context: ServiceContext, userId: string) {
  const requests = await context.db.select().from(docAccess).where(eq(docAccess.userId, userId)).orderBy(desc(docAccess.createdAt)).limit(200);
  const ids = requests.map((request) => request.id);
  const events = ids.length ? await context.db.select({ targetId: auditEvents.targetId, action: auditEvents.action, reason: auditEvents.reason, createdAt: auditEvents.createdAt }).from(auditEvents).where(inArray(auditEvents.targetId, ids)).orderBy(asc(auditEvents.createdAt)) : [];
  return requests.map((request) => ({ ...request, history: events.filter((event) => event.targetId === request.id).map(({ targetId: _targetId, ...event }) => event) }));
}
