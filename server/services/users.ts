import { writeTransaction } from '../db/client.ts';
import { and, asc, eq, or, sql } from 'drizzle-orm';
import { likeLiteral } from '../db/like.ts';
import { apiOwners, emailDomainRules, users, type Role } from '../db/schema.ts';
import { ADMIN_ROLE, leavesNoAdmin } from '../rules/permissions.ts';
import { appendAudit } from './audit.ts';
import type { ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';

export async function listUsers(context: ServiceContext, query = '') {
  return context.db
    .select({
      id: users.id,
      email: users.email,
      username: users.username,
      fullName: users.fullName,
      company: users.company,
      role: users.role,
      emailVerifiedAt: users.emailVerifiedAt,
      ownerConfirmedAt: users.ownerConfirmedAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(query ? or(...[users.email, users.fullName, users.company, users.username].map((column) => likeLiteral(column, query, 'contains'))) : undefined)
    .orderBy(asc(users.email))
    .limit(500);
}

export async function changeRole(context: ServiceContext, actorId: string, userId: string, role: Role): Promise<Result<object, 'not_found' | 'last_admin'>> {
  return writeTransaction(context.db, async (tx) => {
    const [user] = await tx.select({ role: users.role }).from(users).where(eq(users.id, userId)).limit(1);
    if (!user) return failure('not_found', 'There is no such user.');
    const [admins] = await tx.select({ count: sql<number>`count(*)` }).from(users).where(eq(users.role, ADMIN_ROLE));
    if (leavesNoAdmin({ from: user.role, to: role }, admins?.count ?? 0))
      return failure('last_admin', 'This is the last administrator: make someone else admin first.');
    await tx
      .update(users)
      .set({ role })
      .where(and(eq(users.id, userId)));
    await appendAudit(tx, { actorId, action: `user.role_changed_to_${role}`, targetType: 'user', targetId: userId }, context.now());
    return { ok: true as const };
  });
}

export async function setDomainRule(context: ServiceContext, actorId: string, domain: string, mode: 'allow' | 'deny'): Promise<void> {
  await writeTransaction(context.db, async (tx) => {
    await tx
      .insert(emailDomainRules)
      .values({ domain, mode, createdBy: actorId })
      .onConflictDoUpdate({ target: emailDomainRules.domain, set: { mode, createdBy: actorId } });
    await appendAudit(tx, { actorId, action: `email_domain.${mode}`, targetType: 'email_domain', targetId: domain }, context.now());
  });
}

export async function removeDomainRule(context: ServiceContext, actorId: string, domain: string): Promise<Result<object, 'not_found'>> {
  const removed = await writeTransaction(context.db, async (tx) => {
    const rows = await tx.delete(emailDomainRules).where(eq(emailDomainRules.domain, domain)).returning();
    if (rows.length > 0) await appendAudit(tx, { actorId, action: 'email_domain.removed', targetType: 'email_domain', targetId: domain }, context.now());
    return rows.length > 0;
  });
  return removed ? { ok: true } : failure('not_found', 'There is no rule for this domain.');
}

export async function listDomainRules(context: ServiceContext) {
  return context.db.select().from(emailDomainRules).orderBy(asc(emailDomainRules.domain));
}

/** Owners an admin assigned (beside x-portal.owners): they decide requests for that API. */
export async function assignOwner(context: ServiceContext, actorId: string, apiSlug: string, email: string): Promise<Result<object, 'not_found'>> {
  if (!context.manifest.apis.some((api) => api.slug === apiSlug)) return failure('not_found', `There is no API "${apiSlug}".`);
  const address = email.normalize('NFKC').trim().toLowerCase();
  await writeTransaction(context.db, async (tx) => {
    await tx.insert(apiOwners).values({ apiSlug, email: address, assignedBy: actorId }).onConflictDoNothing();
    await appendAudit(tx, { actorId, action: 'api_owner.assigned', targetType: 'api_owner', targetId: address, apiSlug }, context.now());
  });
  return { ok: true };
}

export async function unassignOwner(context: ServiceContext, actorId: string, apiSlug: string, email: string): Promise<Result<object, 'not_found'>> {
  const removed = await writeTransaction(context.db, async (tx) => {
    const rows = await tx
      .delete(apiOwners)
      .where(and(eq(apiOwners.apiSlug, apiSlug), eq(apiOwners.email, email.toLowerCase())))
      .returning();
    if (rows.length > 0)
      await appendAudit(tx, { actorId, action: 'api_owner.unassigned', targetType: 'api_owner', targetId: email.toLowerCase(), apiSlug }, context.now());
    return rows.length > 0;
  });
  return removed ? { ok: true } : failure('not_found', `${email} is not an assigned owner of ${apiSlug}.`);
}

/** Every API with its owners from x-portal and those assigned here. */
export async function listApiOwners(context: ServiceContext) {
  const assigned = await context.db.select().from(apiOwners);
  return context.manifest.apis.map((api) => ({
    slug: api.slug,
    title: api.title,
    visibility: api.visibility,
    specOwners: api.owners,
    assignedOwners: assigned.filter((row) => row.apiSlug === api.slug).map((row) => row.email),
  }));
}
