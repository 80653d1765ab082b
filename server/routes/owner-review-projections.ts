import { z } from '@hono/zod-openapi';
import { AUTH_METHODS, ENVIRONMENTS } from '../../plugins/portico/contract.ts';
import { API_ACCESS_STATUSES } from '../db/schema.ts';
import { OWNER_QUEUES } from '../rules/owner-queues.ts';
import type { ownerQueues } from '../services/owner-queues.ts';
import type { reviewFor } from '../services/owner-review.ts';
import { CertificateFacts, recheckOf } from './certificate-projections.ts';
import { CallBackRecord, EntitlementRecord, callBackRecord, entitlementRecord } from './review-record-projections.ts';

/**
 * What an owner reads in the console's queues and review panel (issue 17). Closed schemas and
 * one mapping function each, as in certificate-projections.ts: a column added to the database
 * reaches no one until it is named here. Never: account ids, who decided, the PEM or chain, the
 * possession challenge, the stored checks.
 */

const KINDS = ['doc_access', 'api_access', 'certificate'] as const;
const Requester = z.object({ fullName: z.string(), company: z.string() }).strict();

const QueueEntry = z
  .object({
    id: z.string(),
    kind: z.enum(KINDS),
    apiSlug: z.string(),
    status: z.string(),
    createdAt: z.number(),
    ageDays: z.number().int().openapi({ description: 'Whole days since it was asked (0 on its first day)' }),
    waiting: z.boolean().openapi({ description: 'The owners (or, for a certificate awaiting its CA, the platform team) still owe a decision' }),
    requester: Requester,
    about: z.string().nullable().openapi({ description: "The app's name or the certificate's subject; null for documentation access" }),
    environment: z.enum(ENVIRONMENTS).nullable(),
    authMethod: z.enum(AUTH_METHODS).nullable(),
  })
  .strict();

export const OwnerQueues = z
  .object({
    queues: z.array(z.object({ name: z.enum(OWNER_QUEUES), count: z.number().int(), entries: z.array(QueueEntry) }).strict()),
  })
  .strict()
  .openapi('OwnerQueues');

type Queues = Awaited<ReturnType<typeof ownerQueues>>;
export function queuesForOwners(queues: Queues): z.infer<typeof OwnerQueues> {
  return {
    queues: queues.map(({ name, count, entries }) => ({
      name,
      count,
      entries: entries.map((entry) => ({
        id: entry.id,
        kind: entry.kind,
        apiSlug: entry.apiSlug,
        status: entry.status,
        createdAt: entry.createdAt,
        ageDays: entry.ageDays,
        waiting: entry.waiting,
        requester: { fullName: entry.requester.fullName, company: entry.requester.company },
        about: entry.about,
        environment: entry.environment,
        authMethod: entry.authMethod ?? null,
      })),
    })),
  };
}

const EarlierRequest = z
  .object({
    kind: z.enum(KINDS),
    apiSlug: z.string(),
    status: z.string(),
    about: z.string().nullable(),
    createdAt: z.number(),
    decidedAt: z.number().nullable(),
    decisionReason: z.string().nullable(),
  })
  .strict();

const CertificateUnderReview = CertificateFacts.pick({
  subject: true,
  issuer: true,
  serialNumber: true,
  sha256: true,
  notBefore: true,
  notAfter: true,
  status: true,
  directlyIssued: true,
  possessionProvedAt: true,
  possessionMethod: true,
  recheck: true,
})
  .extend({
    subjectOrganization: z.string().nullable(),
    companyMatchesSubject: z.boolean().nullable(),
    otherAccounts: z
      .number()
      .int()
      .openapi({ description: 'Other accounts that uploaded a certificate with the same SHA-256: only the one that proves the key holds it' }),
  })
  .strict();

const ChecklistItem = z
  .object({
    id: z.enum(['automatic_checks', 'possession', 'identity', 'entitlement', 'call_back']),
    requirement: z.enum(['mandatory', 'recommended']),
    source: z.enum(['automatic', 'owner']),
    done: z.boolean(),
    words: z.string(),
  })
  .strict();

const RecordedReview = z
  .object({
    identityConfirmed: z.boolean(),
    entitlement: EntitlementRecord.nullable(),
    callBack: CallBackRecord.nullable(),
    callBackRecordedByYou: z
      .boolean()
      .openapi({ description: 'You recorded the call-back: another owner or an administrator approves (two people for production)' }),
  })
  .strict();

export const OwnerReview = z
  .object({
    request: z
      .object({
        id: z.string(),
        kind: z.enum(KINDS),
        apiSlug: z.string(),
        status: z.string(),
        justification: z.string().nullable(),
        decisionReason: z.string().nullable(),
        createdAt: z.number(),
        decidedAt: z.number().nullable(),
        environment: z.enum(ENVIRONMENTS).nullable(),
        authMethod: z.enum(AUTH_METHODS).nullable(),
      })
      .strict(),
    requester: z
      .object({
        fullName: z.string(),
        email: z.string(),
        company: z.string(),
        emailDomain: z.string(),
        domainVerified: z.boolean().openapi({ description: 'The requester proved they read mail at this domain' }),
        accountCreatedAt: z.number(),
      })
      .strict(),
    earlierRequests: z.array(EarlierRequest).openapi({ description: "The requester's other requests and their decisions, on the APIs you decide for only" }),
    dependentApiAccess: z
      .array(
        z.object({ appName: z.string(), environment: z.enum(ENVIRONMENTS), authMethod: z.enum(AUTH_METHODS), status: z.enum(API_ACCESS_STATUSES) }).strict(),
      )
      .openapi({
        description:
          "Documentation access only: the requester's apps' API access that refusing or revoking it would also stop (approved: suspended, pending: refused)",
      }),
    app: z
      .object({
        name: z.string(),
        description: z.string(),
        businessContact: z.string(),
        technicalContact: z.string(),
        otherAccess: z
          .array(
            z
              .object({ apiSlug: z.string(), environment: z.enum(ENVIRONMENTS), authMethod: z.enum(AUTH_METHODS), status: z.enum(API_ACCESS_STATUSES) })
              .strict(),
          )
          .openapi({ description: "The app's other API access, on the APIs you decide for only" }),
      })
      .strict()
      .nullable(),
    certificate: CertificateUnderReview.nullable(),
    checklist: z
      .object({
        items: z.array(ChecklistItem),
        canApprove: z.boolean(),
        missing: z.array(z.string()),
        warnings: z.array(z.string()),
        recorded: RecordedReview,
      })
      .strict()
      .nullable()
      .openapi({ description: 'mTLS access only: the checklist in the seed words, item by item' }),
    approvalRefused: z.enum(['forbidden', 'own_request', 'second_person', 'possession_unproven']).nullable(),
  })
  .strict()
  .openapi('OwnerReview');

type Gathered = Extract<Awaited<ReturnType<typeof reviewFor>>, { ok: true }>['review'];

export function reviewForOwners(review: Gathered, readerId: string): z.infer<typeof OwnerReview> {
  const { subject, requester, certificate, app, checklist } = review;
  return {
    request: {
      id: subject.id,
      kind: subject.kind,
      apiSlug: subject.apiSlug,
      status: subject.status,
      justification: subject.justification,
      decisionReason: subject.decisionReason,
      createdAt: subject.createdAt,
      decidedAt: subject.decidedAt,
      environment: subject.access?.environment ?? null,
      authMethod: subject.access?.authMethod ?? null,
    },
    requester: {
      fullName: requester.fullName,
      email: requester.email,
      company: requester.company,
      emailDomain: requester.emailDomain,
      domainVerified: requester.domainVerified,
      accountCreatedAt: requester.accountCreatedAt,
    },
    earlierRequests: review.history.map(({ kind, apiSlug, status, about, createdAt, decidedAt, decisionReason }) => ({
      kind,
      apiSlug,
      status,
      about,
      createdAt,
      decidedAt,
      decisionReason,
    })),
    dependentApiAccess: review.dependentApiAccess.map(({ appName, environment, authMethod, status }) => ({ appName, environment, authMethod, status })),
    app: app
      ? {
          name: app.name,
          description: app.description,
          businessContact: app.businessContact,
          technicalContact: app.technicalContact,
          otherAccess: app.otherAccess.map(({ apiSlug, environment, authMethod, status }) => ({ apiSlug, environment, authMethod, status })),
        }
      : null,
    certificate: certificate
      ? {
          subject: certificate.subject,
          issuer: certificate.issuer,
          serialNumber: certificate.serialNumber,
          sha256: certificate.sha256,
          notBefore: certificate.notBefore,
          notAfter: certificate.notAfter,
          status: certificate.status,
          directlyIssued: certificate.directlyIssued,
          possessionProvedAt: certificate.possessionProvedAt,
          possessionMethod: certificate.possessionMethod,
          subjectOrganization: certificate.subjectOrganization,
          companyMatchesSubject: certificate.companyMatchesSubject,
          otherAccounts: certificate.otherAccounts,
          recheck: recheckOf(certificate),
        }
      : null,
    checklist: checklist ? checklistForOwners(checklist, readerId) : null,
    approvalRefused: review.approvalRefused,
  };
}

function checklistForOwners(checklist: NonNullable<Gathered['checklist']>, readerId: string): NonNullable<z.infer<typeof OwnerReview>['checklist']> {
  const { identity, entitlement, callBack, callBackRecordedBy } = checklist.stored;
  return {
    items: checklist.items.map(({ id, requirement, source, done, words }) => ({ id, requirement, source, done, words })),
    canApprove: checklist.verdict.canApprove,
    missing: [...checklist.verdict.missing],
    warnings: [...checklist.verdict.warnings],
    recorded: {
      identityConfirmed: identity?.confirmed === true,
      entitlement: entitlement ? entitlementRecord(entitlement) : null,
      callBack: callBack ? callBackRecord(callBack) : null,
      callBackRecordedByYou: callBackRecordedBy !== undefined && callBackRecordedBy === readerId,
    },
  };
}

/** The console page's types are these answers' own (src/features/owner-console/types.ts). */
export type OwnerQueuesAnswer = z.infer<typeof OwnerQueues>;
export type OwnerReviewAnswer = z.infer<typeof OwnerReview>;
