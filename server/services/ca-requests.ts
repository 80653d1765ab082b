import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { caName, isCa, issuingChain } from '../certificates/issuing-chain.ts';
import { parseCertificates, x509 } from '../certificates/parse-certificates.ts';
import { writeTransaction, type Transaction } from '../db/client.ts';
import { caRequests, clientCertificates, users, type CaRequest, type ClientCertificate, type User } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { newId } from '../ids.ts';
import { caRequestStart, caRequestTransition, holderMayAskForCa } from '../rules/ca-request-states.ts';
import { appliesTo } from '../rules/lifecycle.ts';
import { PLATFORM_TEAM, actsOnOwn } from '../rules/permissions.ts';
import { ownersOf } from './actors.ts';
import { appendAudit } from './audit.ts';
import { setCaCertificate } from './ca-registry.ts';
import { findApi } from './catalog.ts';
import { findClientCertificate, recheckAwaitingCertificates } from './client-certificates.ts';
import { siteLink, type ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';
import { ownerConsolePath } from '../rules/owner-queues.ts';

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
  const platform = await platformTeam(context);
  await writeTransaction(context.db, async (tx) => {
    await tx.insert(caRequests).values(request);
    await appendAudit(tx, { actorId: requester.id, action: 'ca_request.created', targetType: 'ca_request', targetId: request.id, reason: input.reason }, now);
    await tellPlatformTeam(context, tx, platform, request, requester.fullName);
  });
  return { ok: true, request };
}

async function platformTeam(context: ServiceContext): Promise<string[]> {
  return (await context.db.select({ email: users.email }).from(users).where(eq(users.role, PLATFORM_TEAM))).map((member) => member.email);
}

async function tellPlatformTeam(context: ServiceContext, tx: Transaction, platform: string[], request: CaRequest, requesterName: string): Promise<void> {
  for (const member of platform)
    await enqueueEmail(
      tx,
      member,
      'ca-request',
      { event: 'requested', name: request.name, requesterName, reason: request.reason, url: siteLink(context, '/registry') },
      request.createdAt,
    );
}

export async function listCaRequests(context: ServiceContext) {
  return context.db
    .select({ request: caRequests, requester: { email: users.email, fullName: users.fullName } })
    .from(caRequests)
    .innerJoin(users, eq(users.id, caRequests.requestedBy))
    .orderBy(desc(caRequests.createdAt));
}

/**
 * The platform team adds the CA (EV confirmed) or declines; the requester and the holders of the
 * certificates waiting for it are told; waiting certificates are re-checked.
 */
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
    await tellDecision(context, tx, request, decision.add ? { event: 'added' } : { event: 'declined', reason: decision.reason }, now);
    return true;
  });
  if (!changed) return failure('conflict', 'This request was decided meanwhile.');
  return { ok: true, rechecked: decision.add ? await recheckAwaitingCertificates(context) : 0 };
}

/**
 * Who hears the decision: every holder of a certificate waiting for this CA (their certificates
 * page), and the requester if they are not one of them (an owner: the owner console).
 */
async function tellDecision(
  context: ServiceContext,
  tx: Transaction,
  request: CaRequest,
  decision: { event: 'added' } | { event: 'declined'; reason: string },
  now: number,
): Promise<void> {
  const waiting = await tx
    .selectDistinct({ id: users.id, email: users.email, fullName: users.fullName })
    .from(clientCertificates)
    .innerJoin(users, eq(users.id, clientCertificates.userId))
    .where(and(eq(clientCertificates.status, 'awaiting_ca'), sql`instr(${clientCertificates.chainPem}, ${request.certificatePem}) > 0`));
  const [requester] = await tx
    .select({ id: users.id, email: users.email, fullName: users.fullName })
    .from(users)
    .where(eq(users.id, request.requestedBy))
    .limit(1);
  const recipients = [
    ...waiting.map((holder) => ({ ...holder, page: '/certificates' })),
    ...(requester && !waiting.some((holder) => holder.id === requester.id) ? [{ ...requester, page: '/owner' }] : []),
  ];
  for (const recipient of recipients)
    await enqueueEmail(
      tx,
      recipient.email,
      'ca-request',
      {
        event: decision.event,
        name: request.name,
        requesterName: recipient.fullName,
        reason: decision.event === 'declined' ? decision.reason : request.reason,
        url: siteLink(context, recipient.page),
      },
      now,
    );
}

/** Each certificate with the latest CA request for a CA of its chain (its holder's, an owner's, or one it joined). */
export async function withCaRequests(
  context: ServiceContext,
  certificates: ClientCertificate[],
): Promise<Array<{ certificate: ClientCertificate; caRequest: CaRequest | undefined }>> {
  const chained = certificates.filter((certificate) => certificate.chainPem !== '').map((certificate) => certificate.id);
  const rows =
    chained.length === 0
      ? []
      : await context.db
          .select({ certificateId: clientCertificates.id, request: caRequests })
          .from(clientCertificates)
          .innerJoin(caRequests, sql`instr(${clientCertificates.chainPem}, ${caRequests.certificatePem}) > 0`)
          .where(inArray(clientCertificates.id, chained));
  const latest = new Map<string, CaRequest>();
  for (const { certificateId, request } of rows) {
    const known = latest.get(certificateId);
    if (!known || request.createdAt > known.createdAt) latest.set(certificateId, request);
  }
  return certificates.map((certificate) => ({ certificate, caRequest: latest.get(certificate.id) }));
}

type AskFailure = 'not_found' | 'conflict' | 'unreadable' | 'rejected' | 'not_a_ca';

/**
 * The holder of a certificate waiting for its CA attaches the CA chain and asks the platform
 * team to accept the CA at its top (issue 16: a dead end until then). The CAs that issued the
 * certificate become its chain, so that its recheck reaches the CA once accepted. A CA already
 * asked for is joined, not asked twice. The platform team (a new request) and the API's owners
 * are emailed, in the same transaction.
 */
export async function askForCertificateCa(
  context: ServiceContext,
  holder: User,
  certificateId: string,
  input: { chain: string; note?: string },
): Promise<Result<{ request: CaRequest; joined: boolean }, AskFailure>> {
  const certificate = await findClientCertificate(context, certificateId);
  if (!certificate || !actsOnOwn(holder.id, certificate.userId)) return failure('not_found', 'There is no such certificate.');
  const [current] = await withCaRequests(context, [certificate]);
  if (!holderMayAskForCa(certificate.status, current?.caRequest?.status))
    return failure(
      'conflict',
      certificate.status === 'awaiting_ca'
        ? "You already asked for this certificate's CA: the platform team has not decided yet. You are emailed when they do."
        : 'This certificate is not waiting for its certification authority: there is nothing to ask.',
    );
  const attached = await issuingCas(certificate, input.chain);
  if (!attached.ok) return attached;
  const top = attached.chain.at(-1) as x509.X509Certificate;
  const api = findApi(context, certificate.apiSlug);
  const apiTitle = api?.title ?? certificate.apiSlug;
  const note = input.note?.trim();
  const now = context.now();
  const fresh: CaRequest = {
    id: newId('car'),
    requestedBy: holder.id,
    name: caName(top),
    certificatePem: top.toString('pem'),
    reason: `${holder.company} needs it for the certificate ${certificate.subject} (${apiTitle})${note ? `: ${note}` : '.'}`,
    status: caRequestStart('request'),
    decidedBy: null,
    decisionReason: null,
    createdAt: now,
    decidedAt: null,
  };
  const [owners, platform] = await Promise.all([ownersOf(context, certificate.apiSlug), platformTeam(context)]);
  return writeTransaction(context.db, async (tx) => {
    const [pending] = await tx
      .select()
      .from(caRequests)
      .where(and(eq(caRequests.certificatePem, fresh.certificatePem), inArray(caRequests.status, caRequestTransition('add').from)))
      .limit(1);
    const stored = await tx
      .update(clientCertificates)
      .set({ chainPem: attached.chain.map((ca) => ca.toString('pem')).join('\n') })
      .where(and(eq(clientCertificates.id, certificate.id), eq(clientCertificates.status, 'awaiting_ca')))
      .returning({ id: clientCertificates.id });
    if (stored.length === 0) return failure('conflict', 'This certificate is not waiting for its certification authority any more.');
    const request = pending ?? fresh;
    if (!pending) {
      await tx.insert(caRequests).values(request);
      await tellPlatformTeam(context, tx, platform, request, holder.fullName);
    }
    await appendAudit(
      tx,
      {
        actorId: holder.id,
        action: pending ? 'ca_request.joined' : 'ca_request.created',
        targetType: 'ca_request',
        targetId: request.id,
        apiSlug: certificate.apiSlug,
        reason: `for certificate ${certificate.id}`,
      },
      now,
    );
    for (const owner of owners)
      await enqueueEmail(
        tx,
        owner,
        'ca-request',
        {
          event: 'holder_asked',
          name: request.name,
          requesterName: holder.fullName,
          company: holder.company,
          apiTitle,
          subject: certificate.subject,
          reason: note || 'no reason given',
          url: siteLink(context, ownerConsolePath({ queue: 'certificates', apiSlug: certificate.apiSlug, review: certificate.id })),
        },
        now,
      );
    return { ok: true as const, request, joined: pending !== undefined };
  });
}

/** The CAs among the stored and the attached certificates that issued this one, each a CA; refused in plain words otherwise. */
async function issuingCas(
  certificate: ClientCertificate,
  chain: string,
): Promise<Result<{ chain: x509.X509Certificate[] }, 'unreadable' | 'rejected' | 'not_a_ca'>> {
  const parsed = parseCertificates(chain);
  if (!parsed.ok) return failure('unreadable', parsed.message);
  const stored = certificate.chainPem ? parseCertificates(certificate.chainPem) : undefined;
  const leaf = new x509.X509Certificate(certificate.certificatePem);
  const issued = await issuingChain(leaf, [...(stored?.ok ? stored.certificates : []), ...parsed.certificates]);
  if (issued.length === 0)
    return failure(
      'rejected',
      `None of these certificates issued yours. Attach the certificate of "${leaf.issuer}", the authority named as its issuer, and those above it up to the root.`,
    );
  const notCa = issued.find((candidate) => !isCa(candidate));
  if (notCa) return failure('not_a_ca', `"${notCa.subject}" is not a certification authority certificate (CA:TRUE missing): attach the CA certificates only.`);
  return { ok: true, chain: issued };
}
