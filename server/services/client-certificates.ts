import { and, count, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { parseCertificates } from '../certificates/parse-certificates.ts';
import { newPossessionChallenge } from '../certificates/possession.ts';
import { isUniqueViolation, writeTransaction } from '../db/client.ts';
import { apiAccess, clientCertificates, users, type ClientCertificate, type User } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import type { TemplatePayload } from '../email/templates/index.ts';
import { newId } from '../ids.ts';
import { checkClientCertificate, type Check } from '../rules/client-certificate.ts';
import { MAX_AWAITING_CA_PER_USER, certificateStart, certificateTransition, opensAccess } from '../rules/certificate-states.ts';
import { changeNotice, lateNoticeWarning } from '../rules/change-notice.ts';
import { actsOnOwn, decidableApis, type Actor } from '../rules/permissions.ts';
import { appendAudit } from './audit.ts';
import { registryAnchors } from './ca-registry.ts';
import { siteLink, type ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';
import { findApi } from './catalog.ts';
import { takeOverSuspendedAccess } from './certificate-renewal.ts';
import { ownersOf } from './actors.ts';
import { ownerConsolePath } from '../rules/owner-queues.ts';

type UploadFailure = 'unreadable' | 'rejected' | 'not_found' | 'duplicate' | 'too_many_waiting';

/**
 * Checked at once against every rule; a certificate that fails any is refused with the
 * checks and nothing is stored. One that passes waits for the API owners' review.
 */
export async function uploadClientCertificate(
  context: ServiceContext,
  user: User,
  input: { certificate: string; chain?: string; apiSlug: string; replaces?: string; changeDate?: string },
): Promise<Result<{ certificate: ClientCertificate; checks: Check[]; noticeWorkingDays?: number; warning?: string }, UploadFailure>> {
  const api = findApi(context, input.apiSlug);
  if (!api) return failure('not_found', `There is no API "${input.apiSlug}".`);
  const replaced = input.replaces ? await findClientCertificate(context, input.replaces) : undefined;
  if (input.replaces && (!replaced || !actsOnOwn(user.id, replaced.userId) || replaced.apiSlug !== input.apiSlug || !opensAccess(replaced.status))) {
    return failure('not_found', 'The certificate to replace must be one of your approved certificates for this API.');
  }
  const changeAt = input.changeDate ? Date.parse(input.changeDate) : undefined;
  if (input.replaces && (changeAt === undefined || Number.isNaN(changeAt) || changeAt < context.now()))
    return failure('unreadable', 'Give the date of the change (today or later).');
  const parsed = parseCertificates(decodeUpload(input.certificate));
  if (!parsed.ok) return failure('unreadable', parsed.message);
  const chain = input.chain ? parseCertificates(decodeUpload(input.chain)) : { ok: true as const, certificates: [] };
  if (!chain.ok) return failure('unreadable', `The chain: ${chain.message}`);
  const [leaf, ...bundled] = parsed.certificates;
  if (!leaf) return failure('unreadable', 'The file holds no certificate.');
  const anchors = await registryAnchors(context);
  const verdict = await checkClientCertificate(leaf, [...bundled, ...chain.certificates], anchors, new Date(context.now()));
  if (verdict.verdict === 'rejected') {
    const failed = verdict.checks.filter((check) => !check.ok).map((check) => check.message);
    // The chain failure's cause is the verdict's business, not part of what the uploader is shown.
    return failure('rejected', `The certificate does not meet the rules: ${failed.join(' ')}`, {
      details: verdict.checks.map(({ cause: _cause, ...check }) => check),
    });
  }
  const awaitingCa = verdict.verdict === 'awaiting_ca';
  const anchorId = anchors.find((anchor) => anchor.name === verdict.anchor?.name)?.id ?? '';
  const now = context.now();
  const certificate: ClientCertificate = {
    id: newId('crt'),
    userId: user.id,
    apiSlug: api.slug,
    subject: verdict.summary.subject,
    issuer: verdict.summary.issuer,
    serialNumber: verdict.summary.serialNumber,
    sha256: verdict.summary.sha256,
    notBefore: Date.parse(verdict.summary.notBefore),
    notAfter: Date.parse(verdict.summary.notAfter),
    certificatePem: leaf.toString('pem'),
    chainPem: [...bundled, ...chain.certificates].map((item) => item.toString('pem')).join('\n'),
    anchorCaId: anchorId,
    directlyIssued: verdict.directlyIssued,
    checks: verdict.checks,
    // Everything fits but its CA is not accepted (yet): kept, and checked again when a CA is added.
    status: certificateStart(verdict.verdict),
    replacesId: replaced?.id ?? null,
    changeAt: replaced ? (changeAt ?? null) : null,
    caseDueAt: null,
    caseHandledAt: null,
    recheckFlag: null,
    recheckDetail: null,
    recheckedAt: null,
    // What the holder signs to prove the private key (the certificate itself is public).
    possessionChallenge: newPossessionChallenge(),
    possessionProvedAt: null,
    possessionMethod: null,
    decidedBy: null,
    decisionReason: null,
    createdAt: now,
    decidedAt: null,
  };
  const owners = await ownersOf(context, api.slug);
  const submitted = {
    apiTitle: api.title,
    requesterName: user.fullName,
    company: user.company,
    subject: certificate.subject,
    issuer: certificate.issuer,
    anchor: verdict.anchor?.name ?? '',
    directlyIssued: verdict.directlyIssued,
    decideUrl: siteLink(context, ownerConsolePath({ queue: 'certificates', apiSlug: api.slug, review: certificate.id })),
  };
  const stored = await storeUpload(context, user.id, certificate, awaitingCa ? [] : owners, submitted);
  if (!stored.ok) return stored;
  if (!replaced || changeAt === undefined) return { ok: true, certificate, checks: verdict.checks };
  return {
    ok: true,
    certificate,
    checks: verdict.checks,
    ...(await announceChange(context, { user, api, certificate, replacedId: replaced.id, changeAt, owners })),
  };
}

/**
 * Inserts the certificate, audited, owners emailed. A certificate waiting for its CA counts
 * against the holder's limit, counted inside the write so two uploads cannot both slip under.
 */
async function storeUpload(
  context: ServiceContext,
  userId: string,
  certificate: ClientCertificate,
  notify: string[],
  submitted: TemplatePayload<'certificate-submitted'>,
): Promise<Result<object, 'duplicate' | 'too_many_waiting'>> {
  const now = context.now();
  try {
    const stored = await writeTransaction(context.db, async (tx) => {
      if (certificate.status === 'awaiting_ca') {
        const [waiting] = await tx
          .select({ n: count() })
          .from(clientCertificates)
          .where(and(eq(clientCertificates.userId, userId), eq(clientCertificates.status, 'awaiting_ca')));
        if ((waiting?.n ?? 0) >= MAX_AWAITING_CA_PER_USER) return false;
      }
      await tx.insert(clientCertificates).values(certificate);
      await appendAudit(
        tx,
        {
          actorId: userId,
          action: 'certificate.submitted',
          targetType: 'client_certificate',
          targetId: certificate.id,
          apiSlug: certificate.apiSlug,
          reason: certificate.subject,
        },
        now,
      );
      for (const owner of notify) await enqueueEmail(tx, owner, 'certificate-submitted', submitted, now);
      return true;
    });
    if (!stored)
      return failure(
        'too_many_waiting',
        `You already have ${MAX_AWAITING_CA_PER_USER} certificates waiting for their certification authority: wait until it is accepted (or they are refused after 30 days) before sending more.`,
      );
  } catch (error) {
    if (isUniqueViolation(error)) return failure('duplicate', 'You already uploaded this certificate for this API.');
    throw error;
  }
  return { ok: true };
}

/** A renewal or CA change: announced to support and owners; the guidelines ask for 5 working days' notice. */
async function announceChange(
  context: ServiceContext,
  change: { user: User; api: NonNullable<ReturnType<typeof findApi>>; certificate: ClientCertificate; replacedId: string; changeAt: number; owners: string[] },
): Promise<{ noticeWorkingDays: number; warning?: string }> {
  const { user, api, certificate, changeAt } = change;
  const now = context.now();
  const notice = changeNotice(now, changeAt);
  const { noticeWorkingDays } = notice;
  const warning = lateNoticeWarning(notice);
  const day = new Date(changeAt).toISOString().slice(0, 10);
  await writeTransaction(context.db, async (tx) => {
    await appendAudit(
      tx,
      {
        actorId: user.id,
        action: 'certificate.change_announced',
        targetType: 'client_certificate',
        targetId: certificate.id,
        apiSlug: api.slug,
        reason: `replaces ${change.replacedId} on ${day}${warning ? ' (late notice)' : ''}`,
      },
      now,
    );
    const recipients = new Set([...(api.contacts.support ? [api.contacts.support] : []), ...change.owners]);
    for (const recipient of recipients) {
      await enqueueEmail(
        tx,
        recipient,
        'certificate-lifecycle',
        {
          kind: 'change_announced',
          subject: certificate.subject,
          apiTitle: api.title,
          company: user.company,
          dueBy: day,
          daysLeft: noticeWorkingDays,
          url: siteLink(context, ownerConsolePath({ queue: 'certificate_cases', apiSlug: api.slug })),
        },
        now,
      );
    }
  });
  return { noticeWorkingDays, warning };
}

/**
 * After a CA is added: certificates that waited for it are checked again; those that now
 * pass go to the owners' review.
 */
export async function recheckAwaitingCertificates(context: ServiceContext): Promise<number> {
  const transition = certificateTransition('ca_accepted');
  const waiting = await context.db
    .select({ certificate: clientCertificates, user: users })
    .from(clientCertificates)
    .innerJoin(users, eq(users.id, clientCertificates.userId))
    .where(inArray(clientCertificates.status, transition.from));
  const anchors = await registryAnchors(context);
  let moved = 0;
  for (const { certificate, user } of waiting) {
    const parsed = parseCertificates(certificate.certificatePem + certificate.chainPem);
    if (!parsed.ok || !parsed.certificates[0]) continue;
    const [leaf, ...chain] = parsed.certificates;
    const verdict = await checkClientCertificate(leaf as NonNullable<typeof leaf>, chain, anchors, new Date(context.now()));
    if (verdict.verdict !== 'acceptable') continue;
    const api = findApi(context, certificate.apiSlug);
    const owners = await ownersOf(context, certificate.apiSlug);
    await writeTransaction(context.db, async (tx) => {
      const changed = await tx
        .update(clientCertificates)
        .set({
          status: transition.to,
          checks: verdict.checks,
          directlyIssued: verdict.directlyIssued,
          anchorCaId: anchors.find((anchor) => anchor.name === verdict.anchor?.name)?.id ?? '',
        })
        .where(and(eq(clientCertificates.id, certificate.id), inArray(clientCertificates.status, transition.from)))
        .returning();
      if (changed.length === 0 || !api) return;
      moved++;
      const now = context.now();
      await appendAudit(
        tx,
        { actorId: null, action: 'certificate.rechecked', targetType: 'client_certificate', targetId: certificate.id, apiSlug: certificate.apiSlug },
        now,
      );
      for (const owner of owners) {
        await enqueueEmail(
          tx,
          owner,
          'certificate-submitted',
          {
            apiTitle: api.title,
            requesterName: user.fullName,
            company: user.company,
            subject: certificate.subject,
            issuer: certificate.issuer,
            anchor: verdict.anchor?.name ?? '',
            directlyIssued: verdict.directlyIssued,
            decideUrl: siteLink(context, ownerConsolePath({ queue: 'certificates', apiSlug: api.slug, review: certificate.id })),
          },
          now,
        );
      }
      // The partner was waiting too (issue 16: a dead end until now).
      await enqueueEmail(
        tx,
        user.email,
        'certificate-lifecycle',
        { kind: 'ca_accepted', subject: certificate.subject, apiTitle: api.title, company: user.company, url: siteLink(context, '/certificates') },
        now,
      );
    });
  }
  return moved;
}

/** PEM text as is; anything else is taken as base64 of DER (a .cer/.crt file sent as JSON). */
function decodeUpload(text: string): Buffer {
  if (text.includes('-----BEGIN')) return Buffer.from(text, 'utf8');
  const compact = text.replace(/\s+/g, '');
  return /^[A-Za-z0-9+/]+={0,2}$/.test(compact) ? Buffer.from(compact, 'base64') : Buffer.from(text, 'utf8');
}

/**
 * The owners' decision. Approving a renewal carries the holder's mTLS access with no gap: an
 * announced replacement is accepted beside the current certificate until the change date, and a
 * renewal approved after the old certificate stopped takes over its suspended access
 * (services/certificate-renewal.ts).
 */
export async function decideClientCertificate(
  context: ServiceContext,
  approver: Actor,
  id: string,
  decision: 'approve' | 'refuse',
  reason?: string,
): Promise<Result<{ certificate: ClientCertificate }, 'not_found' | 'conflict' | 'reason_required' | 'possession_unproven'>> {
  const transition = certificateTransition(decision);
  if (transition.needsReason && !reason?.trim()) return failure('reason_required', 'Give a reason: it is sent to the consumer.');
  const now = context.now();
  const to = transition.to;
  const actorId = approver.userId;
  return writeTransaction(context.db, async (tx) => {
    // The proof is part of the WHERE: approval and proof cannot cross in between a read and the write.
    const proved = transition.needsPossession ? isNotNull(clientCertificates.possessionProvedAt) : undefined;
    const [certificate] = await tx
      .update(clientCertificates)
      .set({ status: to, decidedBy: actorId, decisionReason: reason?.trim() || null, decidedAt: now })
      .where(and(eq(clientCertificates.id, id), inArray(clientCertificates.status, transition.from), proved))
      .returning();
    if (!certificate) {
      const [current] = await tx
        .select({ status: clientCertificates.status, provedAt: clientCertificates.possessionProvedAt })
        .from(clientCertificates)
        .where(eq(clientCertificates.id, id))
        .limit(1);
      if (!current) return failure('not_found', 'There is no such certificate.');
      if (transition.from.includes(current.status) && current.provedAt === null)
        return failure(
          'possession_unproven',
          'Waiting for the holder to prove the private key: anyone can upload a public certificate, so it is approved only once its holder has proved they hold its private key.',
        );
      return failure('conflict', `This certificate is already ${current.status}.`);
    }
    await appendAudit(tx, { actorId, action: `certificate.${to}`, targetType: 'client_certificate', targetId: id, apiSlug: certificate.apiSlug, reason }, now);
    if (to === 'approved' && certificate.replacesId) {
      // Both certificates work from now until the change date: a switch-over without a gap.
      await tx
        .update(apiAccess)
        .set({ nextCertificateId: certificate.id })
        .where(and(eq(apiAccess.certificateId, certificate.replacesId), eq(apiAccess.status, 'approved')));
    }
    if (to === 'approved') await takeOverSuspendedAccess(context, tx, approver, certificate, now);
    const [holder] = await tx.select().from(users).where(eq(users.id, certificate.userId)).limit(1);
    const api = findApi(context, certificate.apiSlug);
    if (holder && api)
      await enqueueEmail(
        tx,
        holder.email,
        'certificate-decided',
        {
          fullName: holder.fullName,
          decision: to === 'approved' ? 'approved' : 'refused',
          apiTitle: api.title,
          subject: certificate.subject,
          reason: reason?.trim() || undefined,
          accountUrl: siteLink(context, '/account'),
        },
        now,
      );
    return { ok: true as const, certificate };
  });
}

export async function findClientCertificate(context: ServiceContext, id: string): Promise<ClientCertificate | undefined> {
  const [certificate] = await context.db.select().from(clientCertificates).where(eq(clientCertificates.id, id)).limit(1);
  return certificate;
}

export async function listMyCertificates(context: ServiceContext, userId: string) {
  return context.db.select().from(clientCertificates).where(eq(clientCertificates.userId, userId)).orderBy(desc(clientCertificates.createdAt));
}

export async function listCertificatesFor(context: ServiceContext, actor: Actor, status?: ClientCertificate['status']) {
  const slugs = decidableApis(
    actor,
    context.manifest.apis.map((api) => api.slug),
  );
  if (slugs.length === 0) return [];
  return context.db
    .select({ certificate: clientCertificates, user: { email: users.email, fullName: users.fullName, company: users.company } })
    .from(clientCertificates)
    .innerJoin(users, eq(users.id, clientCertificates.userId))
    .where(and(inArray(clientCertificates.apiSlug, slugs), status ? eq(clientCertificates.status, status) : undefined))
    .orderBy(desc(clientCertificates.createdAt));
}
