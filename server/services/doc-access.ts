/**
 * Documentation access to a private API (one row of doc_access per person and ask): a consumer
 * requests it, the API's owners approve, refuse or revoke it, the requester withdraws it, an
 * admin grants or revokes it directly. Every status change goes through
 * rules/doc-access-states.ts.
 */
import { isUniqueViolation, writeTransaction, type Transaction } from '../db/client.ts';
import { and, asc, desc, eq, gte, inArray } from 'drizzle-orm';
import { auditEvents, docAccess, users, type DocAccess, type DocAccessStatus, type User } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { newId } from '../ids.ts';
import { OPEN_STATUSES, docAccessStart, docAccessTransition, isOpen, type DocAccessDecision } from '../rules/doc-access-states.ts';
import { appliesTo } from '../rules/lifecycle.ts';
import { decidableApis, type Actor } from '../rules/permissions.ts';
import { dependentApiAccess, dependentKey, stopApiAccessWithDocAccess } from './api-access-suspension.ts';
import { appendAudit } from './audit.ts';
import { siteLink, type ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';
import { ownersOf } from './actors.ts';
import { findApi } from './catalog.ts';
import { ownerConsolePath, queueOf } from '../rules/owner-queues.ts';

export async function requestDocAccess(
  context: ServiceContext,
  user: User,
  apiSlug: string,
  justification: string,
): Promise<Result<{ access: DocAccess }, 'not_found' | 'not_private' | 'already_open'>> {
  const api = findApi(context, apiSlug);
  if (!api) return failure('not_found', `There is no API "${apiSlug}".`);
  if (api.visibility !== 'private') return failure('not_private', `${api.title} is public: its documentation is open to everyone.`);
  const owners = await ownersOf(context, apiSlug);
  const now = context.now();
  const access: DocAccess = {
    id: newId('acc'),
    userId: user.id,
    apiSlug,
    status: docAccessStart('request'),
    justification,
    decidedBy: null,
    decisionReason: null,
    createdAt: now,
    decidedAt: null,
  };
  try {
    await writeTransaction(context.db, async (tx) => {
      // Request → withdraw → request… must not flood the owners: the first request of the day
      // is emailed; later ones are recorded, audited and wait in the console and the digest.
      const notify = !(await requestedSameDay(tx, user.id, apiSlug, now));
      await tx.insert(docAccess).values(access);
      await appendAudit(
        tx,
        { actorId: user.id, action: 'doc_access.requested', targetType: 'doc_access', targetId: access.id, apiSlug, reason: justification },
        now,
      );
      for (const owner of notify ? owners : []) {
        await enqueueEmail(
          tx,
          owner,
          'doc-access-requested',
          {
            apiTitle: api.title,
            requesterName: user.fullName,
            requesterEmail: user.email,
            company: user.company,
            justification,
            decideUrl: siteLink(context, ownerConsolePath({ queue: queueOf({ kind: 'doc_access' }), apiSlug, review: access.id })),
          },
          now,
        );
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
export async function decideDocAccess(
  context: ServiceContext,
  actorId: string,
  accessId: string,
  decision: DocAccessDecision,
  reason?: string,
): Promise<Result<{ access: DocAccess }, 'not_found' | 'conflict' | 'reason_required'>> {
  const transition = docAccessTransition(decision);
  if (transition.needsReason && !reason?.trim()) return failure('reason_required', 'Give a reason: it is sent to the requester.');
  const now = context.now();
  return writeTransaction(context.db, async (tx) => {
    const [access] = await tx
      .update(docAccess)
      .set({ status: transition.to, decidedBy: actorId, decisionReason: reason?.trim() || null, decidedAt: now })
      .where(and(eq(docAccess.id, accessId), inArray(docAccess.status, transition.from)))
      .returning();
    if (!access) {
      const [current] = await tx.select({ status: docAccess.status }).from(docAccess).where(eq(docAccess.id, accessId)).limit(1);
      return current
        ? failure('conflict', `This request is already ${current.status}: nothing was changed.`)
        : failure('not_found', 'There is no such request.');
    }
    await appendAudit(
      tx,
      { actorId, action: `doc_access.${transition.to}`, targetType: 'doc_access', targetId: access.id, apiSlug: access.apiSlug, reason },
      now,
    );
    if (decision === 'revoke' || decision === 'refuse') {
      await stopApiAccessWithDocAccess(
        context,
        tx,
        { actorId, docAccessId: access.id, userId: access.userId, apiSlug: access.apiSlug, how: decision === 'revoke' ? 'revoked' : 'refused' },
        now,
      );
    }
    await emailDecision(context, tx, access, decision, reason ?? '', now);
    return { ok: true as const, access };
  });
}

/** The requester hears of every decision but their own withdrawal. */
async function emailDecision(
  context: ServiceContext,
  tx: Transaction,
  access: DocAccess,
  decision: DocAccessDecision,
  reason: string,
  now: number,
): Promise<void> {
  const [user] = await tx.select().from(users).where(eq(users.id, access.userId)).limit(1);
  const api = findApi(context, access.apiSlug);
  if (!user || !api || decision === 'withdraw') return;
  if (decision === 'approve')
    await enqueueEmail(tx, user.email, 'doc-access-granted', { fullName: user.fullName, apiTitle: api.title, docsUrl: siteLink(context, api.docsPath) }, now);
  if (decision === 'refuse')
    await enqueueEmail(
      tx,
      user.email,
      'doc-access-refused',
      { fullName: user.fullName, apiTitle: api.title, reason, overviewUrl: siteLink(context, api.overviewPath) },
      now,
    );
  if (decision === 'revoke')
    await enqueueEmail(
      tx,
      user.email,
      'doc-access-revoked',
      { fullName: user.fullName, apiTitle: api.title, reason, overviewUrl: siteLink(context, api.overviewPath) },
      now,
    );
}

const DAY_MS = 86_400_000;

/** Whether this user already asked for this API on the same (UTC) day: the owners were emailed then. */
async function requestedSameDay(tx: Transaction, userId: string, apiSlug: string, now: number): Promise<boolean> {
  const dayStart = now - (now % DAY_MS);
  const [earlier] = await tx
    .select({ id: docAccess.id })
    .from(docAccess)
    .where(and(eq(docAccess.userId, userId), eq(docAccess.apiSlug, apiSlug), gte(docAccess.createdAt, dayStart)))
    .limit(1);
  return earlier !== undefined;
}

/** A reader's pending request for an API, if any: the 403 page says it is waiting instead of offering to ask again. */
export async function pendingRequestOf(context: ServiceContext, userId: string, apiSlug: string): Promise<DocAccess | undefined> {
  const [access] = await context.db
    .select()
    .from(docAccess)
    .where(and(eq(docAccess.userId, userId), eq(docAccess.apiSlug, apiSlug), eq(docAccess.status, 'pending')))
    .limit(1);
  return access;
}

export async function findAccess(context: ServiceContext, accessId: string): Promise<DocAccess | undefined> {
  const [access] = await context.db.select().from(docAccess).where(eq(docAccess.id, accessId)).limit(1);
  return access;
}

/**
 * The requests an owner (or admin) may decide, with the requester, oldest first; an open one
 * also lists the API access of the requester's apps that revoking or refusing it would stop.
 */
export async function listRequestsFor(context: ServiceContext, actor: Actor, filter: { apiSlug?: string; status?: DocAccessStatus }) {
  const visible = decidableApis(
    actor,
    context.manifest.apis.map((api) => api.slug),
  );
  const slugs = filter.apiSlug ? visible.filter((slug) => slug === filter.apiSlug) : visible;
  if (slugs.length === 0) return [];
  const rows = await context.db
    .select({ access: docAccess, user: { id: users.id, email: users.email, fullName: users.fullName, company: users.company } })
    .from(docAccess)
    .innerJoin(users, eq(users.id, docAccess.userId))
    .where(and(inArray(docAccess.apiSlug, slugs), filter.status ? eq(docAccess.status, filter.status) : undefined))
    .orderBy(asc(docAccess.createdAt))
    .limit(1000);
  const open = rows.filter((row) => isOpen(row.access.status));
  const dependents = await dependentApiAccess(
    context,
    open.map((row) => ({ userId: row.user.id, apiSlug: row.access.apiSlug })),
  );
  return rows.map((row) => ({
    ...row,
    dependentApiAccess: isOpen(row.access.status) ? (dependents.get(dependentKey(row.user.id, row.access.apiSlug)) ?? []) : [],
  }));
}

/** A consumer's own requests, newest first, each with its history. */
export async function listMyRequests(context: ServiceContext, userId: string) {
  const requests = await context.db.select().from(docAccess).where(eq(docAccess.userId, userId)).orderBy(desc(docAccess.createdAt)).limit(200);
  const ids = requests.map((request) => request.id);
  const events = ids.length
    ? await context.db
        .select({ targetId: auditEvents.targetId, action: auditEvents.action, reason: auditEvents.reason, createdAt: auditEvents.createdAt })
        .from(auditEvents)
        .where(inArray(auditEvents.targetId, ids))
        .orderBy(asc(auditEvents.createdAt))
    : [];
  return requests.map((request) => ({
    ...request,
    history: events.filter((event) => event.targetId === request.id).map(({ targetId: _targetId, ...event }) => event),
  }));
}

export async function grantDocAccess(
  context: ServiceContext,
  actorId: string,
  userId: string,
  apiSlug: string,
): Promise<Result<{ access: DocAccess }, 'not_found' | 'not_private' | 'already_granted'>> {
  const api = findApi(context, apiSlug);
  if (!api) return failure('not_found', `There is no API "${apiSlug}".`);
  if (api.visibility !== 'private') return failure('not_private', `${api.title} is public: its documentation is open to everyone.`);
  const [user] = await context.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) return failure('not_found', 'There is no such user.');
  const now = context.now();
  return writeTransaction(context.db, async (tx) => {
    const [open] = await tx
      .select()
      .from(docAccess)
      .where(and(eq(docAccess.userId, userId), eq(docAccess.apiSlug, apiSlug), inArray(docAccess.status, [...OPEN_STATUSES])))
      .limit(1);
    // A pending request is approved rather than duplicated: one open access per user and API.
    const approval = docAccessTransition('approve');
    if (open && !appliesTo(approval, open.status)) return failure('already_granted', `${user.fullName} can already read ${api.title}.`);
    const decided = { decidedBy: actorId, decisionReason: 'granted by an administrator', decidedAt: now };
    const access: DocAccess = open
      ? { ...open, ...decided, status: approval.to }
      : { id: newId('acc'), userId, apiSlug, justification: null, createdAt: now, ...decided, status: docAccessStart('grant') };
    if (open)
      await tx
        .update(docAccess)
        .set({ ...decided, status: approval.to })
        .where(and(eq(docAccess.id, open.id), inArray(docAccess.status, approval.from)));
    else await tx.insert(docAccess).values(access);
    await appendAudit(tx, { actorId, action: 'doc_access.granted', targetType: 'doc_access', targetId: access.id, apiSlug }, now);
    await enqueueEmail(tx, user.email, 'doc-access-granted', { fullName: user.fullName, apiTitle: api.title, docsUrl: siteLink(context, api.docsPath) }, now);
    return { ok: true as const, access };
  });
}

/** An admin revokes a grant: the same decision, through the same lifecycle, as an owner's revocation. */
export async function revokeDocAccess(
  context: ServiceContext,
  actorId: string,
  accessId: string,
  reason: string,
): Promise<Result<{ access: DocAccess }, 'not_found' | 'conflict' | 'reason_required'>> {
  return decideDocAccess(context, actorId, accessId, 'revoke', reason);
}

export async function listDocAccess(context: ServiceContext, filter: { userId?: string; apiSlug?: string } = {}) {
  const conditions = [
    filter.userId ? eq(docAccess.userId, filter.userId) : undefined,
    filter.apiSlug ? eq(docAccess.apiSlug, filter.apiSlug) : undefined,
  ].filter((condition) => condition !== undefined);
  return context.db
    .select({ access: docAccess, user: { id: users.id, email: users.email, fullName: users.fullName, company: users.company } })
    .from(docAccess)
    .innerJoin(users, eq(users.id, docAccess.userId))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(docAccess.createdAt))
    .limit(500);
}
