import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { AuthMethod, EnvironmentName } from '../../plugins/portico/contract.ts';
import type { Database, Transaction } from '../db/client.ts';
import { apiAccess, apps, users, type ApiAccessStatus } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { apiAccessTransition, decisionWhenDocAccessEnds, ENDED_WITH_DOC_ACCESS } from '../rules/api-access-states.ts';
import { appendAudit } from './audit.ts';
import { findApi } from './catalog.ts';
import { handOverToReplacement } from './certificate-renewal.ts';
import { siteLink, type ServiceContext } from './context.ts';

/**
 * API access lasts only as long as what it stands on: documentation access to a private API
 * (requestApiAccess checks it once, at request time) and, for mTLS, the approved certificate.
 * When either ends, the access is suspended in the same transaction, through its lifecycle table
 * (rules/api-access-states.ts): tokens are checked against live state, so they stop at once.
 */

/** What ending a reader's documentation access would stop: shown to the owner before they confirm. */
interface DependentApiAccess {
  appName: string;
  environment: EnvironmentName;
  authMethod: AuthMethod;
  status: ApiAccessStatus;
}

interface DocAccessEnd {
  actorId: string;
  docAccessId: string;
  userId: string;
  apiSlug: string;
  how: 'revoked' | 'refused';
}

const METHOD_LABEL = { client_secret: 'client id/secret', mtls: 'mTLS client certificate' } as const;

function isPrivate(context: ServiceContext, apiSlug: string): boolean {
  return findApi(context, apiSlug)?.visibility === 'private';
}

async function openAccessOf(reader: Pick<Database, 'select'>, userIds: string[], apiSlugs: string[]) {
  if (userIds.length === 0 || apiSlugs.length === 0) return [];
  return reader
    .select({ access: apiAccess, app: { id: apps.id, name: apps.name, holderId: apps.holderId } })
    .from(apiAccess)
    .innerJoin(apps, eq(apps.id, apiAccess.appId))
    .where(
      and(inArray(apps.holderId, userIds), inArray(apiAccess.apiSlug, apiSlugs), inArray(apiAccess.status, [...ENDED_WITH_DOC_ACCESS]), isNull(apps.deletedAt)),
    );
}

/** Per `userId apiSlug` (see {@link dependentKey}), the API access that ending that doc access would stop. */
export async function dependentApiAccess(
  context: ServiceContext,
  readers: Array<{ userId: string; apiSlug: string }>,
): Promise<Map<string, DependentApiAccess[]>> {
  const slugs = [...new Set(readers.map((reader) => reader.apiSlug))].filter((slug) => isPrivate(context, slug));
  const rows = await openAccessOf(context.db, [...new Set(readers.map((reader) => reader.userId))], slugs);
  const byReader = new Map<string, DependentApiAccess[]>();
  for (const row of rows) {
    const key = dependentKey(row.app.holderId, row.access.apiSlug);
    byReader.set(key, [
      ...(byReader.get(key) ?? []),
      { appName: row.app.name, environment: row.access.environment, authMethod: row.access.authMethod, status: row.access.status },
    ]);
  }
  return byReader;
}

export function dependentKey(userId: string, apiSlug: string): string {
  return `${userId} ${apiSlug}`;
}

/** The consumer-facing reason stored on each stopped access (shown on their apps page). */
function endReason(apiTitle: string, how: DocAccessEnd['how']): string {
  return how === 'revoked' ? `your access to the ${apiTitle} documentation was revoked` : `your request for the ${apiTitle} documentation was refused`;
}

/**
 * Inside the transaction that ends the doc access: each open API access of the reader's apps
 * to that private API goes through its state machine (approved → suspended, pending →
 * refused), one audit event each, and the reader gets one email listing them. Returns how many.
 */
export async function stopApiAccessWithDocAccess(context: ServiceContext, tx: Transaction, end: DocAccessEnd, now: number): Promise<number> {
  const api = findApi(context, end.apiSlug);
  if (api?.visibility !== 'private') return 0;
  const reason = endReason(api.title, end.how);
  const stopped: Array<{ appName: string; clientId: string; environment: string; authMethod: string; outcome: 'suspended' | 'refused' }> = [];
  for (const row of await openAccessOf(tx, [end.userId], [end.apiSlug])) {
    const decision = decisionWhenDocAccessEnds(row.access.status);
    if (!decision) continue;
    const transition = apiAccessTransition(decision);
    const [changed] = await tx
      .update(apiAccess)
      .set({ status: transition.to, decidedBy: end.actorId, decisionReason: reason, decidedAt: now })
      .where(and(eq(apiAccess.id, row.access.id), inArray(apiAccess.status, transition.from)))
      .returning({ id: apiAccess.id });
    if (!changed) continue;
    const what = `${row.app.name} · ${row.access.environment} · ${row.access.authMethod}`;
    await appendAudit(
      tx,
      {
        actorId: end.actorId,
        action: `api_access.${transition.to}`,
        targetType: 'api_access',
        targetId: row.access.id,
        apiSlug: end.apiSlug,
        reason: `documentation access ${end.docAccessId} ${end.how}: ${what}`,
      },
      now,
    );
    stopped.push({
      appName: row.app.name,
      clientId: row.app.id,
      environment: row.access.environment,
      authMethod: METHOD_LABEL[row.access.authMethod],
      outcome: transition.to === 'suspended' ? 'suspended' : 'refused',
    });
  }
  const [user] = await tx.select({ email: users.email, fullName: users.fullName }).from(users).where(eq(users.id, end.userId)).limit(1);
  if (user && stopped.length > 0) {
    await enqueueEmail(
      tx,
      user.email,
      'api-access-suspended',
      { fullName: user.fullName, apiTitle: api.title, reason, accesses: stopped, appsUrl: siteLink(context, '/apps') },
      now,
    );
  }
  return stopped.length;
}

/**
 * A certificate was revoked or expired: every approved access granted with it is suspended, in
 * the caller's transaction — unless its announced replacement is approved, which then carries
 * it with no gap (services/certificate-renewal.ts). Returns how many of each.
 */
export async function suspendApiAccessWithCertificate(
  tx: Transaction,
  certificateId: string,
  reason: string,
  now: number,
): Promise<{ suspended: number; handedOver: number }> {
  const handedOver = await handOverToReplacement(tx, certificateId, now);
  const transition = apiAccessTransition('suspend');
  const suspended = await tx
    .update(apiAccess)
    .set({ status: transition.to, decisionReason: reason, decidedAt: now })
    .where(and(eq(apiAccess.certificateId, certificateId), inArray(apiAccess.status, transition.from)))
    .returning({ id: apiAccess.id });
  return { suspended: suspended.length, handedOver };
}
