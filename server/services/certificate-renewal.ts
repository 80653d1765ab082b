import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Transaction } from '../db/client.ts';
import { apiAccess, apps, clientCertificates, users, type ClientCertificate } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { mayApprove } from '../rules/api-access-approval.ts';
import { apiAccessTransition } from '../rules/api-access-states.ts';
import { opensAccess } from '../rules/certificate-states.ts';
import { can, type Actor } from '../rules/permissions.ts';
import { loadActor } from './actors.ts';
import { appendAudit } from './audit.ts';
import { findApi } from './catalog.ts';
import { siteLink, type ServiceContext } from './context.ts';

/**
 * A renewed certificate carries the app's mTLS access with no gap (issue 16). Two ways in:
 * - the certificate an access uses stops (expired, reported revoked) while its announced
 *   replacement is already approved: the access moves to the replacement instead of stopping;
 * - a renewal is approved after the certificate it renews has stopped (too late to announce it
 *   as a replacement): the holder's suspended accesses to that API move to it and resume.
 */

/**
 * In the transaction that ends `endedId`: accesses using it whose announced replacement is
 * approved now use the replacement alone; accesses that had it as their replacement drop it.
 * Returns how many accesses moved.
 */
export async function handOverToReplacement(tx: Transaction, endedId: string, now: number): Promise<number> {
  const rows = await tx
    .select({ access: apiAccess, next: clientCertificates })
    .from(apiAccess)
    .innerJoin(clientCertificates, eq(clientCertificates.id, apiAccess.nextCertificateId))
    .where(and(eq(apiAccess.certificateId, endedId), inArray(apiAccess.status, apiAccessTransition('suspend').from)));
  let moved = 0;
  for (const { access, next } of rows) {
    if (!opensAccess(next.status) || next.notAfter < now) continue;
    await tx.update(apiAccess).set({ certificateId: next.id, nextCertificateId: null }).where(eq(apiAccess.id, access.id));
    await appendAudit(
      tx,
      {
        actorId: null,
        action: 'api_access.certificate_moved',
        targetType: 'api_access',
        targetId: access.id,
        apiSlug: access.apiSlug,
        reason: `${endedId} ended; its approved replacement ${next.id} took over`,
      },
      now,
    );
    moved++;
  }
  await tx.update(apiAccess).set({ nextCertificateId: null }).where(eq(apiAccess.nextCertificateId, endedId));
  return moved;
}

interface TakeOver {
  /** Apps whose access resumed with the renewal. */
  resumed: string[];
  /** Apps whose access moved to the renewal but waits for an owner's Resume (the approver may not resume it). */
  waiting: string[];
}

/**
 * In the transaction that approves `renewal`: its holder's mTLS accesses to the same API that
 * are suspended with a certificate that no longer opens access move to it. Each resumes when
 * the approver may resume it (mayApprove: the checklist, two people in production, the
 * documentation access of a private API); otherwise it waits, moved, for an owner's Resume.
 * The holder is emailed what happened.
 */
export async function takeOverSuspendedAccess(
  context: ServiceContext,
  tx: Transaction,
  approver: Actor,
  renewal: ClientCertificate,
  now: number,
): Promise<TakeOver> {
  const rows = await tx
    .select({ access: apiAccess, app: { name: apps.name }, current: { status: clientCertificates.status } })
    .from(apiAccess)
    .innerJoin(apps, eq(apps.id, apiAccess.appId))
    .innerJoin(clientCertificates, eq(clientCertificates.id, apiAccess.certificateId))
    .where(
      and(
        eq(apps.holderId, renewal.userId),
        isNull(apps.deletedAt),
        eq(apiAccess.apiSlug, renewal.apiSlug),
        eq(apiAccess.authMethod, 'mtls'),
        inArray(apiAccess.status, apiAccessTransition('resume').from),
      ),
    );
  const stopped = rows.filter((row) => !opensAccess(row.current.status));
  const outcome: TakeOver = { resumed: [], waiting: [] };
  if (stopped.length === 0) return outcome;
  const api = findApi(context, renewal.apiSlug);
  const [holder] = await tx.select().from(users).where(eq(users.id, renewal.userId)).limit(1);
  if (!holder || !api) return outcome;
  const readsDocs = api.visibility === 'private' && can(await loadActor(context, holder), { kind: 'read_private_docs', api: api.slug }).allowed;
  const resume = apiAccessTransition('resume');
  for (const { access, app } of stopped) {
    const approval = mayApprove(
      approver,
      { decision: 'resume', apiSlug: access.apiSlug, requesterId: holder.id, environment: access.environment, authMethod: 'mtls', review: access.review },
      {
        certificate: { status: renewal.status, possessionProvedAt: renewal.possessionProvedAt },
        apiIsPrivate: api.visibility === 'private',
        requesterReadsDocs: readsDocs,
      },
    );
    const resumes = approval.allowed;
    const changed = await tx
      .update(apiAccess)
      .set(
        resumes
          ? { certificateId: renewal.id, nextCertificateId: null, status: resume.to, decidedBy: approver.userId, decisionReason: null, decidedAt: now }
          : { certificateId: renewal.id, nextCertificateId: null },
      )
      .where(and(eq(apiAccess.id, access.id), inArray(apiAccess.status, resume.from)))
      .returning({ id: apiAccess.id });
    if (changed.length === 0) continue;
    await appendAudit(
      tx,
      {
        actorId: approver.userId,
        action: resumes ? `api_access.${resume.to}` : 'api_access.certificate_moved',
        targetType: 'api_access',
        targetId: access.id,
        apiSlug: access.apiSlug,
        reason: `renewed certificate ${renewal.id} approved${resumes ? ': resumed' : ', waiting for an owner to resume it'}`,
      },
      now,
    );
    (resumes ? outcome.resumed : outcome.waiting).push(app.name);
  }
  if (outcome.resumed.length + outcome.waiting.length === 0) return outcome;
  await enqueueEmail(
    tx,
    holder.email,
    'certificate-lifecycle',
    {
      kind: 'renewal_took_over',
      subject: renewal.subject,
      apiTitle: api.title,
      company: holder.company,
      apps: outcome.resumed.join(', ') || undefined,
      waitingApps: outcome.waiting.join(', ') || undefined,
      url: siteLink(context, '/apps'),
    },
    now,
  );
  return outcome;
}
