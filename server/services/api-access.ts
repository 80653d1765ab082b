import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { AuthMethod, EnvironmentName } from '../../plugins/portico/contract.ts';
import { isUniqueViolation, writeTransaction } from '../db/client.ts';
import { createHash } from 'node:crypto';
import { apiAccess, apps, clientCertificates, users, type ApiAccess, type App, type User } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { newId } from '../ids.ts';
import { apiAccessStart, apiAccessTransition } from '../rules/api-access-states.ts';
import { checklistVerdict, mayApprove, type Approval, type ApprovalFacts, type GrantedApproval } from '../rules/api-access-approval.ts';
import { opensAccess } from '../rules/certificate-states.ts';
import { callBackRecorder, type Checklist, type ChecklistVerdict, type StoredReview } from '../rules/review-checklist.ts';
import { findClientCertificate } from './client-certificates.ts';
import { actsOnOwn, can, decidableApis, type Actor } from '../rules/permissions.ts';
import { appendAudit } from './audit.ts';
import { siteLink, type ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';
import { loadActor } from './actors.ts';
import { findApi } from './catalog.ts';
import { ownersOf } from './actors.ts';
import { ownerConsolePath, queueOf } from '../rules/owner-queues.ts';

const AUTH_LABEL: Record<AuthMethod, string> = { client_secret: 'client id/secret', mtls: 'mTLS client certificate' };

export async function requestApiAccess(
  context: ServiceContext,
  user: User,
  app: App,
  request: { apiSlug: string; environment: EnvironmentName; authMethod: AuthMethod; justification?: string; certificateId?: string },
): Promise<Result<{ access: ApiAccess }, 'not_found' | 'not_offered' | 'doc_access_required' | 'needs_certificate' | 'already_open'>> {
  const api = findApi(context, request.apiSlug);
  if (!api) return failure('not_found', `There is no API "${request.apiSlug}".`);
  const environment = api.environments.find((candidate) => candidate.name === request.environment);
  if (!environment?.auth.includes(request.authMethod)) {
    const offered = api.environments.map((candidate) => `${candidate.name} (${candidate.auth.join(', ')})`).join('; ');
    return failure(
      'not_offered',
      `${api.title} does not offer ${request.environment} with ${AUTH_LABEL[request.authMethod]}. It offers: ${offered || 'nothing yet'}.`,
    );
  }
  if (request.authMethod === 'mtls') {
    const certificate = request.certificateId ? await findClientCertificate(context, request.certificateId) : undefined;
    if (!certificate || !actsOnOwn(user.id, certificate.userId) || certificate.apiSlug !== api.slug || !opensAccess(certificate.status)) {
      return failure(
        'needs_certificate',
        `mTLS access needs one of your client certificates approved for ${api.title}: upload it on your account and wait for the owners' approval.`,
      );
    }
  }
  if (api.visibility === 'private') {
    const actor = await loadActor(context, user);
    if (!can(actor, { kind: 'read_private_docs', api: api.slug }).allowed) {
      return failure('doc_access_required', `${api.title} is private: request access to its documentation first, from its overview page.`);
    }
  }
  const now = context.now();
  const access: ApiAccess = {
    id: newId('sub'),
    appId: app.id,
    apiSlug: api.slug,
    environment: request.environment,
    authMethod: request.authMethod,
    status: apiAccessStart('request'),
    justification: request.justification ?? null,
    certificateId: request.authMethod === 'mtls' ? (request.certificateId ?? null) : null,
    nextCertificateId: null,
    review: null,
    decidedBy: null,
    decisionReason: null,
    createdAt: now,
    decidedAt: null,
  };
  const owners = await ownersOf(context, api.slug);
  try {
    await writeTransaction(context.db, async (tx) => {
      await tx.insert(apiAccess).values(access);
      await appendAudit(
        tx,
        {
          actorId: user.id,
          action: 'api_access.requested',
          targetType: 'api_access',
          targetId: access.id,
          apiSlug: api.slug,
          reason: `${app.name} · ${request.environment} · ${request.authMethod}`,
        },
        now,
      );
      for (const owner of owners) {
        await enqueueEmail(
          tx,
          owner,
          'api-access-requested',
          {
            apiTitle: api.title,
            environment: request.environment,
            authMethod: AUTH_LABEL[request.authMethod],
            appName: app.name,
            clientId: app.id,
            requesterName: user.fullName,
            company: user.company,
            decideUrl: siteLink(
              context,
              ownerConsolePath({ queue: queueOf({ kind: 'api_access', authMethod: access.authMethod }), apiSlug: api.slug, review: access.id }),
            ),
          },
          now,
        );
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      return failure('already_open', `${app.name} already has an open request or access for ${api.title} in ${request.environment}.`);
    }
    throw error;
  }
  return { ok: true, access };
}

/** Refuse, withdraw or revoke: the decisions that need no approval beyond the caller's `can`. */
export async function decideApiAccess(
  context: ServiceContext,
  actorId: string,
  accessId: string,
  decision: 'refuse' | 'withdraw' | 'revoke',
  reason?: string,
): Promise<Result<{ access: ApiAccess }, 'not_found' | 'conflict' | 'reason_required'>> {
  if (apiAccessTransition(decision).needsReason && !reason?.trim()) return failure('reason_required', 'Give a reason: it is sent to the consumer.');
  return applyDecision(context, actorId, accessId, decision, reason);
}

/** Gathers the facts `mayApprove` (rules/api-access-approval.ts) decides on for one access, and asks it. */
export async function approvalOf(
  context: ServiceContext,
  actor: Actor,
  row: { access: ApiAccess; app: Pick<App, 'holderId'> },
  decision: 'approve' | 'resume',
): Promise<Approval> {
  const { access } = row;
  const api = findApi(context, access.apiSlug);
  const facts: ApprovalFacts = { certificate: await certificateOf(context, access), apiIsPrivate: api?.visibility === 'private' };
  // Only a resume of a private API's access depends on it: one lookup less for every approval.
  if (decision === 'resume' && facts.apiIsPrivate) facts.requesterReadsDocs = await readsDocs(context, row.app.holderId, access.apiSlug);
  return mayApprove(
    actor,
    { decision, apiSlug: access.apiSlug, requesterId: row.app.holderId, environment: access.environment, authMethod: access.authMethod, review: access.review },
    facts,
  );
}

/** Approve or resume, with the approval `mayApprove` granted: the type makes asking it mandatory. */
export async function approveApiAccess(
  context: ServiceContext,
  actorId: string,
  accessId: string,
  decision: 'approve' | 'resume',
  approval: GrantedApproval,
): Promise<Result<{ access: ApiAccess }, 'not_found' | 'conflict'>> {
  return applyDecision(context, actorId, accessId, decision, undefined, approval.callBackRecordedBy);
}

/** The sentence of a refusal that is not the policy's (the checklist, the documentation access). */
export function approvalRefusalMessage(refusal: Extract<Approval, { reason: 'checklist_incomplete' | 'needs_doc_access' }>): string {
  if (refusal.reason === 'checklist_incomplete') return `Approval needs the mandatory review items: ${refusal.missing.join('; ')}.`;
  return "The consumer no longer reads this API's documentation: grant it again first, then resume.";
}

/** One guarded UPDATE through the transition table, audited, the consumer emailed. */
async function applyDecision(
  context: ServiceContext,
  actorId: string,
  accessId: string,
  decision: 'approve' | 'resume' | 'refuse' | 'withdraw' | 'revoke',
  reason?: string,
  callBackRecordedBy?: string,
): Promise<Result<{ access: ApiAccess }, 'not_found' | 'conflict'>> {
  const transition = apiAccessTransition(decision);
  const now = context.now();
  return writeTransaction(context.db, async (tx) => {
    const [access] = await tx
      .update(apiAccess)
      .set({ status: transition.to, decidedBy: actorId, decisionReason: reason?.trim() || null, decidedAt: now })
      .where(and(eq(apiAccess.id, accessId), inArray(apiAccess.status, transition.from)))
      .returning();
    if (!access) {
      const [current] = await tx.select({ status: apiAccess.status }).from(apiAccess).where(eq(apiAccess.id, accessId)).limit(1);
      return current
        ? failure('conflict', `This access is already ${current.status}: nothing was changed.`)
        : failure('not_found', 'There is no such API access.');
    }
    await appendAudit(
      tx,
      {
        actorId,
        action: `api_access.${transition.to}`,
        targetType: 'api_access',
        targetId: access.id,
        apiSlug: access.apiSlug,
        reason: reason ?? (await recorderNote(tx, callBackRecordedBy)),
      },
      now,
    );
    const [holder] = await tx
      .select({ user: users, app: apps })
      .from(apps)
      .innerJoin(users, eq(users.id, apps.holderId))
      .where(eq(apps.id, access.appId))
      .limit(1);
    const api = findApi(context, access.apiSlug);
    if (holder && api && (transition.to === 'approved' || transition.to === 'refused' || transition.to === 'revoked')) {
      await enqueueEmail(
        tx,
        holder.user.email,
        'api-access-decided',
        {
          fullName: holder.user.fullName,
          decision: transition.to,
          apiTitle: api.title,
          environment: access.environment,
          appName: holder.app.name,
          clientId: holder.app.id,
          reason: reason?.trim() || undefined,
          appsUrl: siteLink(context, '/apps'),
        },
        now,
      );
    }
    return { ok: true as const, access };
  });
}

/** The certificate an mTLS access names, as the approval needs it. */
async function certificateOf(context: ServiceContext, access: ApiAccess): Promise<ApprovalFacts['certificate']> {
  const certificate = access.certificateId ? await findClientCertificate(context, access.certificateId) : undefined;
  return certificate ? { status: certificate.status, possessionProvedAt: certificate.possessionProvedAt } : undefined;
}

/** Whether this account may read the API's private documentation now (the policy's answer). */
async function readsDocs(context: ServiceContext, userId: string, apiSlug: string): Promise<boolean> {
  const [user] = await context.db.select().from(users).where(eq(users.id, userId)).limit(1);
  return user !== undefined && can(await loadActor(context, user), { kind: 'read_private_docs', api: apiSlug }).allowed;
}

/** The audit line of a two-person approval: who recorded the call-back the approver checked. */
async function recorderNote(tx: Pick<ServiceContext['db'], 'select'>, recorderId: string | undefined): Promise<string | undefined> {
  if (!recorderId) return undefined;
  const [recorder] = await tx.select({ email: users.email }).from(users).where(eq(users.id, recorderId)).limit(1);
  return `call-back recorded by ${recorder?.email ?? recorderId}`;
}

/** The checklist verdict of an mTLS access (undefined for client-secret access, which needs none). */
async function checklistOf(context: ServiceContext, accessId: string): Promise<ChecklistVerdict | undefined> {
  const row = await findApiAccess(context, accessId);
  return row ? checklistVerdict(row.access, await certificateOf(context, row.access)) : undefined;
}

/**
 * The owners fill the checklist while the request is pending; each save is audited. Who
 * recorded the call-back is the session's user (never the body's): in production a second
 * person approves.
 */
export async function saveReview(
  context: ServiceContext,
  actorId: string,
  accessId: string,
  input: Checklist,
): Promise<Result<{ verdict: ChecklistVerdict }, 'not_found' | 'conflict'>> {
  const now = context.now();
  // Only the known parts are kept: a client cannot smuggle a recorder (or anything else) in.
  const checklist: Checklist = {
    ...(input.identity ? { identity: { confirmed: input.identity.confirmed } } : {}),
    ...(input.entitlement ? { entitlement: input.entitlement } : {}),
    ...(input.callBack ? { callBack: input.callBack } : {}),
  };
  const saved = await writeTransaction(context.db, async (tx) => {
    const [current] = await tx.select({ review: apiAccess.review }).from(apiAccess).where(eq(apiAccess.id, accessId)).limit(1);
    const previous = current?.review ?? null;
    const recorder = callBackRecorder(previous, checklist, actorId);
    const review: StoredReview = { ...checklist, ...(recorder ? { callBackRecordedBy: recorder } : {}) };
    // The checklist is what an approval reads: it is written while the lifecycle still takes one.
    const reviewable = apiAccessTransition('approve').from;
    const updated = await tx
      .update(apiAccess)
      .set({ review })
      .where(and(eq(apiAccess.id, accessId), inArray(apiAccess.status, reviewable), eq(apiAccess.authMethod, 'mtls')))
      .returning({ id: apiAccess.id, apiSlug: apiAccess.apiSlug });
    const recordedNow = recorder === actorId && previous?.callBackRecordedBy !== actorId;
    if (updated[0])
      await appendAudit(
        tx,
        {
          actorId,
          action: 'api_access.review_updated',
          targetType: 'api_access',
          targetId: accessId,
          apiSlug: updated[0].apiSlug,
          reason: recordedNow ? 'recorded the call-back' : undefined,
        },
        now,
      );
    return updated.length > 0;
  });
  if (!saved)
    return (await findApiAccess(context, accessId))
      ? failure('conflict', 'Only a pending mTLS request has a review checklist.')
      : failure('not_found', 'There is no such API access.');
  return { ok: true, verdict: (await checklistOf(context, accessId)) as ChecklistVerdict };
}

export async function findApiAccess(context: ServiceContext, id: string) {
  const [row] = await context.db
    .select({ access: apiAccess, app: apps })
    .from(apiAccess)
    .innerJoin(apps, eq(apps.id, apiAccess.appId))
    .where(eq(apiAccess.id, id))
    .limit(1);
  return row;
}

/** Per API the owner decides for: which apps have (or ask for) access, in which environment. */
export async function listApiAccessFor(context: ServiceContext, actor: Actor, filter: { apiSlug?: string; status?: ApiAccess['status'] }) {
  const visible = decidableApis(
    actor,
    context.manifest.apis.map((api) => api.slug),
  );
  const slugs = filter.apiSlug ? visible.filter((slug) => slug === filter.apiSlug) : visible;
  if (slugs.length === 0) return [];
  return context.db
    .select({
      access: apiAccess,
      app: { id: apps.id, name: apps.name, technicalContact: apps.technicalContact, businessContact: apps.businessContact, holderId: apps.holderId },
      user: { email: users.email, fullName: users.fullName, company: users.company },
    })
    .from(apiAccess)
    .innerJoin(apps, eq(apps.id, apiAccess.appId))
    .innerJoin(users, eq(users.id, apps.holderId))
    .where(and(inArray(apiAccess.apiSlug, slugs), filter.status ? eq(apiAccess.status, filter.status) : undefined))
    .orderBy(asc(apiAccess.createdAt))
    .limit(1000);
}

/** The approved accesses an app may get tokens for, with a given auth method. */
export async function approvedAccessOf(context: ServiceContext, appId: string, authMethod: AuthMethod): Promise<ApiAccess[]> {
  return context.db
    .select()
    .from(apiAccess)
    .where(and(eq(apiAccess.appId, appId), eq(apiAccess.authMethod, authMethod), eq(apiAccess.status, 'approved')));
}

/**
 * RFC 8705: an app's approved mTLS accesses that a certificate opens, the certificate named by
 * its SHA-256 (hex; a token's `cnf.x5t#S256` is the same digest in base64url). Certificates are
 * reviewed per API, so one certificate approved for two APIs is two records: each access is
 * honoured through its own record (approved, not expired), never through whichever record a
 * query happened to return first. `only` narrows to the accesses a token was issued under.
 */
export async function mtlsAccessesOpenedBy(context: ServiceContext, appId: string, sha256Hex: string, only?: readonly string[]): Promise<ApiAccess[]> {
  const rows = await context.db
    .select({ access: apiAccess, certificate: clientCertificates })
    .from(apiAccess)
    .innerJoin(clientCertificates, or(eq(clientCertificates.id, apiAccess.certificateId), eq(clientCertificates.id, apiAccess.nextCertificateId)))
    .where(
      and(
        eq(apiAccess.appId, appId),
        eq(apiAccess.authMethod, 'mtls'),
        eq(apiAccess.status, 'approved'),
        eq(clientCertificates.sha256, sha256Hex),
        only ? inArray(apiAccess.id, [...only]) : undefined,
      ),
    );
  const now = context.now();
  const opened = rows.filter((row) => opensAccess(row.certificate.status) && row.certificate.notAfter >= now).map((row) => row.access);
  // An access whose current and announced certificates are both this one joins twice.
  return [...new Map(opened.map((access) => [access.id, access])).values()];
}

/** Which of an app's approved mTLS accesses the presented certificate (DER) opens; undefined when none. */
export async function mtlsAccessFor(context: ServiceContext, appId: string, certificateDer: Buffer): Promise<{ accesses: ApiAccess[] } | undefined> {
  const accesses = await mtlsAccessesOpenedBy(context, appId, createHash('sha256').update(certificateDer).digest('hex'));
  return accesses.length > 0 ? { accesses } : undefined;
}
