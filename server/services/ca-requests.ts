import { and, desc, eq, inArray } from 'drizzle-orm';
import { parseCertificates, x509 } from '../certificates/parse-certificates.ts';
import { writeTransaction } from '../db/client.ts';
import { caRequests, users, type CaRequest, type User } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { newId } from '../ids.ts';
import { caRequestStart, caRequestTransition } from '../rules/ca-request-states.ts';
import { appliesTo } from '../rules/lifecycle.ts';
import { PLATFORM_TEAM } from '../rules/permissions.ts';
import { appendAudit } from './audit.ts';
import { setCaCertificate } from './ca-registry.ts';
import { recheckAwaitingCertificates } from './client-certificates.ts';
import { siteLink, type ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';

/** An owner asks the platform team to accept a CA; every platform-team member is emailed. */
export async function requestCa(
  context: ServiceContext,
  requester: User,
  input: { name: string; certificate: string; reason: string },
): Promise<Result<{ request: CaRequest }, 'not_a_ca'>> {
  const parsed = parseCertificates(input.certificate);
  const certificate = parsed.ok && parsed.certificates.length === 1 ? parsed.certificates[0] : undefined;
  if (!certificate?.getExtension(x509.BasicConstraintsExtension)?.ca)
    return failure('not_a_ca', 'Attach the certification authority certificate itself (one PEM certificate with CA:TRUE).');
  const now = context.now();
  const request: CaRequest = {
    id: newId('car'),
    requestedBy: requester.id,
    name: input.name,
    certificatePem: certificate.toString('pem'),
    reason: input.reason,
    status: caRequestStart('request'),
    decidedBy: null,
    decisionReason: null,
    createdAt: now,
    decidedAt: null,
  };
  const platform = await context.db.select({ email: users.email }).from(users).where(eq(users.role, PLATFORM_TEAM));
  await writeTransaction(context.db, async (tx) => {
    await tx.insert(caRequests).values(request);
    await appendAudit(tx, { actorId: requester.id, action: 'ca_request.created', targetType: 'ca_request', targetId: request.id, reason: input.reason }, now);
    for (const member of platform)
      await enqueueEmail(
        tx,
        member.email,
        'ca-request',
        { event: 'requested', name: input.name, requesterName: requester.fullName, reason: input.reason, url: siteLink(context, '/registry') },
        now,
      );
  });
  return { ok: true, request };
}

export async function listCaRequests(context: ServiceContext) {
  return context.db
    .select({ request: caRequests, requester: { email: users.email, fullName: users.fullName } })
    .from(caRequests)
    .innerJoin(users, eq(users.id, caRequests.requestedBy))
    .orderBy(desc(caRequests.createdAt));
}

/** The platform team adds the CA (EV confirmed) or declines; the requester is told; waiting certificates are re-checked. */
export async function decideCaRequest(
  context: ServiceContext,
  actorId: string,
  id: string,
  decision: { add: true; ev: boolean } | { add: false; reason: string },
): Promise<Result<{ rechecked: number }, 'not_found' | 'conflict' | 'not_ev' | 'unreadable' | 'not_a_ca'>> {
  const [request] = await context.db.select().from(caRequests).where(eq(caRequests.id, id)).limit(1);
  if (!request) return failure('not_found', 'There is no such request.');
  const transition = caRequestTransition(decision.add ? 'add' : 'decline');
  if (!appliesTo(transition, request.status)) return failure('conflict', `This request is already ${request.status}.`);
  if (decision.add) {
    const added = await setCaCertificate(context, actorId, { name: request.name, pem: request.certificatePem, ev: decision.ev });
    if (!added.ok) return added;
  }
  const now = context.now();
  const changed = await writeTransaction(context.db, async (tx) => {
    const rows = await tx
      .update(caRequests)
      .set({ status: transition.to, decidedBy: actorId, decisionReason: decision.add ? null : decision.reason, decidedAt: now })
      .where(and(eq(caRequests.id, id), inArray(caRequests.status, transition.from)))
      .returning();
    if (rows.length === 0) return false;
    await appendAudit(
      tx,
      {
        actorId,
        action: decision.add ? 'ca_request.added' : 'ca_request.declined',
        targetType: 'ca_request',
        targetId: id,
        reason: decision.add ? undefined : decision.reason,
      },
      now,
    );
    const [requester] = await tx.select().from(users).where(eq(users.id, request.requestedBy)).limit(1);
    if (requester)
      await enqueueEmail(
        tx,
        requester.email,
        'ca-request',
        {
          event: decision.add ? 'added' : 'declined',
          name: request.name,
          requesterName: requester.fullName,
          reason: decision.add ? request.reason : decision.reason,
          url: siteLink(context, '/owner'),
        },
        now,
      );
    return true;
  });
  if (!changed) return failure('conflict', 'This request was decided meanwhile.');
  return { ok: true, rechecked: decision.add ? await recheckAwaitingCertificates(context) : 0 };
}
