import { and, asc, countDistinct, eq, inArray, ne } from 'drizzle-orm';
import { apiAccess, apps, clientCertificates, docAccess, users, type ApiAccess, type App, type ClientCertificate, type User } from '../db/schema.ts';
import { isId } from '../ids.ts';
import { approvalPermission } from '../rules/api-access-approval.ts';
import { certificateDecidability } from '../rules/certificate-approval.ts';
import { companyMatchesSubject, subjectOrganization } from '../rules/certificate-identity.ts';
import { opensAccess } from '../rules/certificate-states.ts';
import { can, decidableApis, type Actor } from '../rules/permissions.ts';
import { checklistItems, evaluateChecklist, type StoredReview } from '../rules/review-checklist.ts';
import type { ServiceContext } from './context.ts';
import { findApiAccess } from './api-access.ts';
import { failure, type Result } from './result.ts';

/**
 * Everything an owner needs to decide one request, gathered in one place (issue 17): the
 * request, the requester and their earlier requests on the reader's APIs, the app and its other
 * accesses, the certificate and who else holds it, the checklist item by item. Only what concerns
 * the APIs the reader decides for: a request on another API is answered as not found, and the
 * earlier requests and other accesses are cut to the reader's APIs.
 */

type Kind = 'doc_access' | 'api_access' | 'certificate';
type ReviewFailure = 'not_found';

interface Subject {
  kind: Kind;
  id: string;
  apiSlug: string;
  status: string;
  createdAt: number;
  decidedAt: number | null;
  decisionReason: string | null;
  justification: string | null;
  requesterId: string;
  access?: ApiAccess;
  certificate?: ClientCertificate;
  app?: App;
}

async function subjectOf(context: ServiceContext, id: string): Promise<Subject | undefined> {
  if (isId('acc', id)) {
    const [row] = await context.db.select().from(docAccess).where(eq(docAccess.id, id)).limit(1);
    return row && { kind: 'doc_access', ...row, requesterId: row.userId };
  }
  if (isId('sub', id)) {
    const row = await findApiAccess(context, id);
    if (!row) return undefined;
    const certificate = row.access.certificateId ? await certificateById(context, row.access.certificateId) : undefined;
    return { kind: 'api_access', ...row.access, requesterId: row.app.holderId, access: row.access, app: row.app, certificate };
  }
  if (isId('crt', id)) {
    const certificate = await certificateById(context, id);
    return certificate && { kind: 'certificate', ...certificate, justification: null, requesterId: certificate.userId, certificate };
  }
  return undefined;
}

async function certificateById(context: ServiceContext, id: string): Promise<ClientCertificate | undefined> {
  const [row] = await context.db.select().from(clientCertificates).where(eq(clientCertificates.id, id)).limit(1);
  return row;
}

export async function reviewFor(
  context: ServiceContext,
  actor: Actor,
  id: string,
): Promise<Result<{ review: Awaited<ReturnType<typeof gather>> }, ReviewFailure>> {
  const subject = await subjectOf(context, id);
  const apis = decidableApis(
    actor,
    context.manifest.apis.map((api) => api.slug),
  );
  // Another API's request does not exist for this reader: no 403 that would confirm it does.
  if (!subject || !apis.includes(subject.apiSlug)) return failure('not_found', 'There is no such request on your APIs.');
  const [requester] = await context.db.select().from(users).where(eq(users.id, subject.requesterId)).limit(1);
  if (!requester) return failure('not_found', 'There is no such request on your APIs.');
  return { ok: true, review: await gather(context, actor, subject, requester, apis) };
}

async function gather(context: ServiceContext, actor: Actor, subject: Subject, requester: User, apis: string[]) {
  const [{ history, dependents }, otherAccess, holders] = await Promise.all([
    earlierRequests(context, subject, apis),
    subject.app ? otherAccessOf(context, subject.app.id, subject.id, apis) : Promise.resolve([]),
    subject.certificate ? otherHolders(context, subject.certificate) : Promise.resolve(0),
  ]);
  return {
    subject,
    requester: {
      fullName: requester.fullName,
      email: requester.email,
      company: requester.company,
      emailDomain: requester.email.split('@').pop() ?? '',
      domainVerified: requester.emailVerifiedAt !== null,
      accountCreatedAt: requester.createdAt,
    },
    history,
    // What refusing or revoking documentation access also stops: the requester's apps' access to this API.
    dependentApiAccess: subject.kind === 'doc_access' ? dependents.filter((access) => access.apiSlug === subject.apiSlug) : [],
    app: subject.app ? { ...subject.app, otherAccess } : undefined,
    certificate: subject.certificate ? certificateFacts(subject.certificate, requester.company, holders) : undefined,
    checklist: subject.access ? checklistOf(subject.access, subject.certificate) : undefined,
    approvalRefused: approvalRefusedOf(actor, subject),
  };
}

function certificateFacts(certificate: ClientCertificate, company: string, holders: number) {
  const organization = subjectOrganization(certificate.subject);
  return { ...certificate, subjectOrganization: organization, companyMatchesSubject: companyMatchesSubject(company, organization), otherAccounts: holders };
}

/** The checklist of an mTLS access, item by item, with what the owners recorded so far. */
function checklistOf(access: ApiAccess, certificate: ClientCertificate | undefined) {
  if (access.authMethod !== 'mtls') return undefined;
  const stored: StoredReview = access.review ?? {};
  const facts = {
    certificateApproved: certificate !== undefined && opensAccess(certificate.status),
    possessionProved: certificate?.possessionProvedAt != null,
  };
  return { items: checklistItems(access.environment, stored, facts), verdict: evaluateChecklist(access.environment, stored, facts), stored };
}

/** Why this reader may not approve now, in the words each queue already uses; null when they may (the checklist is checked on approval). */
function approvalRefusedOf(actor: Actor, subject: Subject): 'forbidden' | 'own_request' | 'second_person' | 'possession_unproven' | null {
  if (subject.kind === 'certificate' && subject.certificate) return certificateDecidability(actor, subject.certificate).approvalRefused;
  if (subject.kind === 'api_access' && subject.access) {
    const { apiSlug, environment, authMethod, review } = subject.access;
    const permission = approvalPermission(actor, { apiSlug, requesterId: subject.requesterId, environment, authMethod, review });
    return permission.allowed ? null : permission.reason === 'own_request' || permission.reason === 'second_person' ? permission.reason : 'forbidden';
  }
  const permission = can(actor, { kind: 'decide_for_api', api: subject.apiSlug, requesterId: subject.requesterId });
  return permission.allowed ? null : permission.reason === 'own_request' ? 'own_request' : 'forbidden';
}

/** The requester's other requests on the reader's APIs (documentation, API access of their apps, certificates), oldest first. */
async function earlierRequests(context: ServiceContext, subject: Subject, apis: string[]) {
  const who = subject.requesterId;
  const [docs, accesses, certificates] = await Promise.all([
    context.db
      .select()
      .from(docAccess)
      .where(and(eq(docAccess.userId, who), inArray(docAccess.apiSlug, apis), ne(docAccess.id, subject.id))),
    context.db
      .select({ access: apiAccess, appName: apps.name })
      .from(apiAccess)
      .innerJoin(apps, eq(apps.id, apiAccess.appId))
      .where(and(eq(apps.holderId, who), inArray(apiAccess.apiSlug, apis), ne(apiAccess.id, subject.id))),
    context.db
      .select()
      .from(clientCertificates)
      .where(and(eq(clientCertificates.userId, who), inArray(clientCertificates.apiSlug, apis), ne(clientCertificates.id, subject.id))),
  ]);
  const entry = (
    kind: Kind,
    row: { apiSlug: string; status: string; createdAt: number; decidedAt: number | null; decisionReason: string | null },
    about: string | null,
  ) => ({
    kind,
    apiSlug: row.apiSlug,
    status: row.status,
    about,
    createdAt: row.createdAt,
    decidedAt: row.decidedAt,
    decisionReason: row.decisionReason,
  });
  const history = [
    ...docs.map((row) => entry('doc_access', row, null)),
    ...accesses.map((row) => entry('api_access', row.access, `${row.appName} · ${row.access.environment} · ${row.access.authMethod}`)),
    ...certificates.map((row) => entry('certificate', row, row.subject)),
  ]
    .sort((a, b) => a.createdAt - b.createdAt)
    .slice(-100);
  const dependents = accesses
    .filter((row) => row.access.status === 'approved' || row.access.status === 'pending')
    .map(({ access, appName }) => ({
      apiSlug: access.apiSlug,
      appName,
      environment: access.environment,
      authMethod: access.authMethod,
      status: access.status,
    }));
  return { history, dependents };
}

async function otherAccessOf(context: ServiceContext, appId: string, exceptId: string, apis: string[]) {
  return context.db
    .select({ apiSlug: apiAccess.apiSlug, environment: apiAccess.environment, authMethod: apiAccess.authMethod, status: apiAccess.status })
    .from(apiAccess)
    .where(and(eq(apiAccess.appId, appId), inArray(apiAccess.apiSlug, apis), ne(apiAccess.id, exceptId)))
    .orderBy(asc(apiAccess.createdAt))
    .limit(100);
}

/** How many other accounts uploaded a certificate with the same SHA-256 (only the one that proves the key holds it). */
async function otherHolders(context: ServiceContext, certificate: ClientCertificate): Promise<number> {
  const [row] = await context.db
    .select({ accounts: countDistinct(clientCertificates.userId) })
    .from(clientCertificates)
    .where(and(eq(clientCertificates.sha256, certificate.sha256), ne(clientCertificates.userId, certificate.userId)));
  return row?.accounts ?? 0;
}
