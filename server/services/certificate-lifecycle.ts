import { and, eq, inArray, isNotNull, isNull, lt, lte } from 'drizzle-orm';
import { writeTransaction, type Transaction } from '../db/client.ts';
import { apiAccess, clientCertificates, digestRuns, users, type ClientCertificate } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { AWAITING_CA_DAYS, WAITING_EXPIRED_REASON, certificateTransition, waitedTooLongForCa } from '../rules/certificate-states.ts';
import { actsOnOwn } from '../rules/permissions.ts';
import { addWorkingDays } from '../rules/working-days.ts';
import { suspendApiAccessWithCertificate } from './api-access-suspension.ts';
import { appendAudit } from './audit.ts';
import { siteLink, type ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';
import { findApi } from './catalog.ts';
import { ownersOf } from './actors.ts';
import { ownerConsolePath } from '../rules/owner-queues.ts';

const DAY = 86_400_000;
const REMINDER_DAYS = [30, 14, 7] as const;

/**
 * The consumer reports a revoked certificate: disabled at once, its access suspended, the
 * support team and owners told, and the case due within 5 working days.
 */
export async function reportRevokedCertificate(
  context: ServiceContext,
  user: { id: string; company: string },
  certificateId: string,
): Promise<Result<{ dueBy: string; suspended: number }, 'not_found' | 'conflict'>> {
  const now = context.now();
  const due = addWorkingDays(new Date(now), 5);
  const dueBy = due.toISOString().slice(0, 10);
  const transition = certificateTransition('report_revoked');
  return writeTransaction(context.db, async (tx) => {
    const [current] = await tx
      .select({ status: clientCertificates.status, userId: clientCertificates.userId })
      .from(clientCertificates)
      .where(eq(clientCertificates.id, certificateId))
      .limit(1);
    // Someone else's certificate does not exist for this holder.
    if (!current || !actsOnOwn(user.id, current.userId)) return failure('not_found', 'There is no such certificate.');
    const [certificate] = await tx
      .update(clientCertificates)
      .set({ status: transition.to, decisionReason: 'reported revoked by the consumer', decidedAt: now, caseDueAt: due.getTime() })
      .where(and(eq(clientCertificates.id, certificateId), inArray(clientCertificates.status, transition.from)))
      .returning();
    if (!certificate) return failure('conflict', `This certificate is already ${current.status}.`);
    const { suspended } = await suspendApiAccessWithCertificate(tx, certificate.id, 'certificate reported revoked', now);
    await appendAudit(
      tx,
      {
        actorId: user.id,
        action: 'certificate.revoked_reported',
        targetType: 'client_certificate',
        targetId: certificate.id,
        apiSlug: certificate.apiSlug,
        reason: `due by ${dueBy}`,
      },
      now,
    );
    await tellSupport(context, tx, certificate, { kind: 'revoked_reported', company: user.company, dueBy }, now);
    return { ok: true as const, dueBy, suspended };
  });
}

export async function closeRevocationCase(context: ServiceContext, actorId: string, certificateId: string): Promise<Result<object, 'conflict'>> {
  const now = context.now();
  const closed = await writeTransaction(context.db, async (tx) => {
    const [row] = await tx
      .update(clientCertificates)
      .set({ caseHandledAt: now })
      .where(and(eq(clientCertificates.id, certificateId), isNotNull(clientCertificates.caseDueAt), isNull(clientCertificates.caseHandledAt)))
      .returning();
    if (row)
      await appendAudit(
        tx,
        { actorId, action: 'certificate.case_handled', targetType: 'client_certificate', targetId: certificateId, apiSlug: row.apiSlug },
        now,
      );
    return row !== undefined;
  });
  return closed ? { ok: true } : failure('conflict', 'This case is not open.');
}

/** The support contact of the API and its owners: who handles certificate cases. */
async function tellSupport(
  context: ServiceContext,
  tx: Transaction,
  certificate: ClientCertificate,
  event: { kind: 'revoked_reported' | 'expired'; company: string; dueBy?: string },
  now: number,
): Promise<void> {
  const api = findApi(context, certificate.apiSlug);
  if (!api) return;
  const recipients = new Set([...(api.contacts.support ? [api.contacts.support] : []), ...(await ownersOf(context, api.slug))]);
  for (const recipient of recipients) {
    await enqueueEmail(
      tx,
      recipient,
      'certificate-lifecycle',
      {
        kind: event.kind,
        subject: certificate.subject,
        apiTitle: api.title,
        company: event.company,
        dueBy: event.dueBy,
        url: siteLink(context, ownerConsolePath({ queue: 'certificate_cases', apiSlug: api.slug })),
      },
      now,
    );
  }
}

/**
 * Once a day: reminders 30, 14 and 7 days before an approved certificate expires (each once,
 * keyed like the digest), and automatic suspension once it has expired.
 */
export async function runCertificateLifecycle(
  context: ServiceContext,
  day: string,
): Promise<{ reminded: number; expired: number; switched: number; waitingExpired: number }> {
  const now = context.now();
  let reminded = 0;
  const approved = await context.db
    .select({ certificate: clientCertificates, user: users })
    .from(clientCertificates)
    .innerJoin(users, eq(users.id, clientCertificates.userId))
    .where(eq(clientCertificates.status, 'approved'));
  for (const { certificate, user } of approved) {
    const daysLeft = Math.ceil((certificate.notAfter - now) / DAY);
    const threshold = REMINDER_DAYS.find((days) => daysLeft <= days && daysLeft > 0);
    if (!threshold) continue;
    const api = findApi(context, certificate.apiSlug);
    const sent = await writeTransaction(context.db, async (tx) => {
      const claimed = await tx
        .insert(digestRuns)
        .values({ recipient: `certificate-reminder:${certificate.id}:${threshold}`, day, itemCount: 1 })
        .onConflictDoNothing()
        .returning();
      if (claimed.length === 0) return false;
      await enqueueEmail(
        tx,
        user.email,
        'certificate-lifecycle',
        {
          kind: 'expires_soon',
          subject: certificate.subject,
          apiTitle: api?.title ?? certificate.apiSlug,
          company: user.company,
          daysLeft,
          url: siteLink(context, '/certificates'),
        },
        now,
      );
      return true;
    });
    if (sent) reminded++;
  }
  const expiredRows = await context.db
    .select({ certificate: clientCertificates, user: users })
    .from(clientCertificates)
    .innerJoin(users, eq(users.id, clientCertificates.userId))
    .where(and(inArray(clientCertificates.status, certificateTransition('expire').from), lt(clientCertificates.notAfter, now)));
  const expiry = certificateTransition('expire');
  for (const { certificate, user } of expiredRows) {
    await writeTransaction(context.db, async (tx) => {
      const changed = await tx
        .update(clientCertificates)
        .set({ status: expiry.to, decidedAt: now })
        .where(and(eq(clientCertificates.id, certificate.id), inArray(clientCertificates.status, expiry.from)))
        .returning();
      if (changed.length === 0) return;
      const { suspended, handedOver } = await suspendApiAccessWithCertificate(tx, certificate.id, 'certificate expired', now);
      await appendAudit(
        tx,
        { actorId: null, action: 'certificate.expired', targetType: 'client_certificate', targetId: certificate.id, apiSlug: certificate.apiSlug },
        now,
      );
      // Its approved replacement carried everything: the holder hears that, not "suspended".
      const handedOverOnly = handedOver > 0 && suspended === 0;
      await enqueueEmail(
        tx,
        user.email,
        'certificate-lifecycle',
        {
          kind: handedOverOnly ? 'handed_over' : 'expired',
          subject: certificate.subject,
          apiTitle: findApi(context, certificate.apiSlug)?.title ?? certificate.apiSlug,
          company: user.company,
          url: siteLink(context, '/certificates'),
        },
        now,
      );
      await tellSupport(context, tx, certificate, { kind: 'expired', company: user.company }, now);
    });
  }
  const switched = await switchOverDueCertificates(context);
  const waitingExpired = await refuseLongWaitingCertificates(context);
  return { reminded, expired: expiredRows.length, switched, waitingExpired };
}

/**
 * A certificate kept for a CA nobody accepted is not kept forever: after AWAITING_CA_DAYS it
 * is refused with the reason, and its holder emailed (they may upload it again later).
 */
async function refuseLongWaitingCertificates(context: ServiceContext): Promise<number> {
  const now = context.now();
  const transition = certificateTransition('expire_waiting');
  const cutoff = now - AWAITING_CA_DAYS * DAY;
  const waiting = await context.db
    .select({ certificate: clientCertificates, user: users })
    .from(clientCertificates)
    .innerJoin(users, eq(users.id, clientCertificates.userId))
    .where(and(inArray(clientCertificates.status, transition.from), lt(clientCertificates.createdAt, cutoff)));
  let refused = 0;
  for (const { certificate, user } of waiting.filter((row) => waitedTooLongForCa(row.certificate.createdAt, now))) {
    await writeTransaction(context.db, async (tx) => {
      const changed = await tx
        .update(clientCertificates)
        .set({ status: transition.to, decisionReason: WAITING_EXPIRED_REASON, decidedAt: now })
        .where(and(eq(clientCertificates.id, certificate.id), inArray(clientCertificates.status, transition.from)))
        .returning();
      if (changed.length === 0) return;
      refused++;
      await appendAudit(
        tx,
        {
          actorId: null,
          action: 'certificate.waiting_expired',
          targetType: 'client_certificate',
          targetId: certificate.id,
          apiSlug: certificate.apiSlug,
          reason: `waited more than ${AWAITING_CA_DAYS} days for its CA`,
        },
        now,
      );
      const apiTitle = findApi(context, certificate.apiSlug)?.title ?? certificate.apiSlug;
      await enqueueEmail(
        tx,
        user.email,
        'certificate-decided',
        {
          fullName: user.fullName,
          decision: 'refused',
          apiTitle,
          subject: certificate.subject,
          reason: `${WAITING_EXPIRED_REASON.charAt(0).toUpperCase()}${WAITING_EXPIRED_REASON.slice(1)}`,
          accountUrl: siteLink(context, '/certificates'),
        },
        now,
      );
    });
  }
  return refused;
}

/** On the announced date, the replacement takes over every access of the certificate it replaces, which retires. */
async function switchOverDueCertificates(context: ServiceContext): Promise<number> {
  const now = context.now();
  const due = await context.db
    .select()
    .from(clientCertificates)
    .where(and(eq(clientCertificates.status, 'approved'), isNotNull(clientCertificates.replacesId), lte(clientCertificates.changeAt, now)));
  const retirement = certificateTransition('retire');
  let switched = 0;
  for (const replacement of due) {
    await writeTransaction(context.db, async (tx) => {
      const retired = await tx
        .update(clientCertificates)
        .set({ status: retirement.to, decisionReason: `replaced by ${replacement.subject}`, decidedAt: now })
        .where(and(eq(clientCertificates.id, replacement.replacesId ?? ''), inArray(clientCertificates.status, retirement.from)))
        .returning();
      // The replaced one may have stopped first (expired, reported revoked): its accesses move all the same.
      const moved = await tx
        .update(apiAccess)
        .set({ certificateId: replacement.id, nextCertificateId: null })
        .where(eq(apiAccess.nextCertificateId, replacement.id))
        .returning({ id: apiAccess.id });
      if (retired.length === 0 && moved.length === 0) return;
      await appendAudit(
        tx,
        {
          actorId: null,
          action: 'certificate.switched_over',
          targetType: 'client_certificate',
          targetId: replacement.id,
          apiSlug: replacement.apiSlug,
          reason: `replaces ${replacement.replacesId}`,
        },
        now,
      );
      switched++;
    });
  }
  return switched;
}
