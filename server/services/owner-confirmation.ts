import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { writeTransaction } from '../db/client.ts';
import { apiOwners, users, type User } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { judgeOwnerConfirmation, listedAddresses, listedApis } from '../rules/ownership.ts';
import { listingsOf, ownershipFacts } from './actors.ts';
import { appendAudit } from './audit.ts';
import { findApi } from './catalog.ts';
import { siteLink, type ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';

/** An account whose address is listed as an owner, and whether an admin confirmed it. */
interface OwnerAccount {
  user: { id: string; email: string; username: string; fullName: string; company: string; createdAt: number; emailVerifiedAt: number | null };
  apis: Array<{ slug: string; title: string }>;
  confirmedAt: number | null;
  confirmedByEmail: string | null;
  /** rules/ownership.ts: listed, verified and not confirmed yet (the policy still asks who confirms). */
  confirmable: boolean;
}

/** Every account holding an address a spec or an assignment lists as an owner: the admins' queue to confirm. */
export async function listOwnerAccounts(context: ServiceContext): Promise<OwnerAccount[]> {
  const assigned = await context.db.select({ email: apiOwners.email }).from(apiOwners);
  const addresses = listedAddresses(
    context.manifest.apis.flatMap((api) => api.owners),
    assigned.map((row) => row.email),
  );
  if (addresses.length === 0) return [];
  const accounts = await context.db.select().from(users).where(inArray(users.email, addresses));
  const deciders = await confirmersOf(context, accounts);
  const rows: OwnerAccount[] = [];
  for (const account of accounts) {
    const listed = await listingsOf(context, account.email);
    const apis = listedApis(listed).map((slug) => ({ slug, title: findApi(context, slug)?.title ?? slug }));
    const { id, email, username, fullName, company, createdAt, emailVerifiedAt } = account;
    const confirmable = judgeOwnerConfirmation(ownershipFacts(account), listed).ok;
    rows.push({
      user: { id, email, username, fullName, company, createdAt, emailVerifiedAt },
      apis,
      confirmedAt: account.ownerConfirmedAt,
      confirmedByEmail: deciders.get(account.ownerConfirmedBy ?? '') ?? null,
      confirmable,
    });
  }
  // Those waiting for a decision first, then by address.
  return rows.sort((a, b) => Number(a.confirmedAt !== null) - Number(b.confirmedAt !== null) || a.user.email.localeCompare(b.user.email));
}

async function confirmersOf(context: ServiceContext, accounts: User[]): Promise<Map<string, string>> {
  const ids = [...new Set(accounts.map((account) => account.ownerConfirmedBy).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await context.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((row) => [row.id, row.email]));
}

/** An admin confirms, once, that this account is the person behind its owner address (audited, and the owner is told). */
export async function confirmOwner(
  context: ServiceContext,
  actorId: string,
  userId: string,
): Promise<Result<object, 'not_found' | 'not_verified' | 'not_listed' | 'already_confirmed'>> {
  const [account] = await context.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!account) return failure('not_found', 'There is no such user.');
  const listed = await listingsOf(context, account.email);
  const verdict = judgeOwnerConfirmation(ownershipFacts(account), listed);
  if (!verdict.ok) return failure(verdict.code, verdict.message);
  const slugs = listedApis(listed);
  const now = context.now();
  return writeTransaction(context.db, async (tx) => {
    const updated = await tx
      .update(users)
      .set({ ownerConfirmedAt: now, ownerConfirmedBy: actorId })
      .where(and(eq(users.id, userId), isNull(users.ownerConfirmedAt), isNotNull(users.emailVerifiedAt)))
      .returning({ id: users.id });
    if (updated.length === 0) return failure('already_confirmed', `${account.email} is already confirmed as an owner.`);
    await appendAudit(
      tx,
      {
        actorId,
        action: 'user.owner_confirmed',
        targetType: 'user',
        targetId: userId,
        reason: `${account.email} confirmed as an owner of ${slugs.join(', ')}`,
      },
      now,
    );
    const apiTitles = slugs.map((slug) => findApi(context, slug)?.title ?? slug);
    await enqueueEmail(tx, account.email, 'owner-confirmed', { fullName: account.fullName, apiTitles, ownerUrl: siteLink(context, '/owner') }, now);
    return { ok: true as const };
  });
}

/** Takes the confirmation back: the account is a consumer again until confirmed anew. */
export async function withdrawOwnerConfirmation(context: ServiceContext, actorId: string, userId: string): Promise<Result<object, 'not_found'>> {
  const now = context.now();
  return writeTransaction(context.db, async (tx) => {
    const updated = await tx
      .update(users)
      .set({ ownerConfirmedAt: null, ownerConfirmedBy: null })
      .where(and(eq(users.id, userId), isNotNull(users.ownerConfirmedAt)))
      .returning({ email: users.email });
    if (!updated[0]) return failure('not_found', 'This account is not a confirmed owner.');
    await appendAudit(tx, { actorId, action: 'user.owner_confirmation_withdrawn', targetType: 'user', targetId: userId, reason: updated[0].email }, now);
    return { ok: true as const };
  });
}
