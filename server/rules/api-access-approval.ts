import type { ApiAccess } from '../db/schema.ts';
import { opensAccess, type CertificateStatus } from './certificate-states.ts';
import { can, type Actor, type Decision, type DenialReason } from './permissions.ts';
import { evaluateChecklist, type Checklist, type ChecklistVerdict, type IdentityFacts, type StoredReview } from './review-checklist.ts';

/**
 * May this actor approve (or resume) this API access now? One pure answer to the whole
 * question: the permission (owner of the API or admin, not one's own app, not the person who
 * recorded a production call-back), the owners' review checklist for mTLS with the certificate
 * it names, and — to resume a private API's access — the requester's documentation access.
 * The caller gathers the facts; the transition table then decides whether the status allows it.
 */

/** The access as the approver sees it. */
export interface AccessUnderReview {
  /** approve a pending request, or resume a suspended access. */
  decision: 'approve' | 'resume';
  apiSlug: string;
  /** The account whose app asks: nobody decides their own. */
  requesterId: string;
  environment: ApiAccess['environment'];
  authMethod: ApiAccess['authMethod'];
  review: StoredReview | null;
}

export interface ApprovalFacts {
  /** The certificate an mTLS access names, if it still exists. */
  certificate?: { status: CertificateStatus; possessionProvedAt: number | null };
  apiIsPrivate: boolean;
  /** Whether the requester may read the API's private documentation now: gathered to resume a private API's access, unknown (refused) otherwise. */
  requesterReadsDocs?: boolean;
}

export type Approval =
  | { allowed: true /** Who recorded the call-back the approver checked (for the audit). */; callBackRecordedBy?: string; warnings: string[] }
  | { allowed: false; reason: DenialReason }
  | { allowed: false; reason: 'checklist_incomplete'; missing: string[] }
  | { allowed: false; reason: 'needs_doc_access' };

export type GrantedApproval = Extract<Approval, { allowed: true }>;

export function mayApprove(actor: Actor | null, access: AccessUnderReview, facts: ApprovalFacts): Approval {
  const permission = approvalPermission(actor, access);
  if (!permission.allowed) return permission;
  const checklist = checklistVerdict(access.decision === 'resume' ? identityConfirmedOnce(access) : access, facts.certificate);
  if (checklist && !checklist.canApprove) return { allowed: false, reason: 'checklist_incomplete', missing: checklist.missing };
  // A suspended access resumes only once what suspended it is in order (the certificate is the checklist's business).
  if (access.decision === 'resume' && facts.apiIsPrivate && facts.requesterReadsDocs !== true) return { allowed: false, reason: 'needs_doc_access' };
  const callBackRecordedBy = callBackRecorderOf(access);
  return { allowed: true, ...(callBackRecordedBy ? { callBackRecordedBy } : {}), warnings: checklist?.warnings ?? [] };
}

/** The policy's part alone: what the owner console shows beside each row before anyone clicks. */
export function approvalPermission(
  actor: Actor | null,
  access: Pick<AccessUnderReview, 'apiSlug' | 'requesterId' | 'environment' | 'authMethod' | 'review'>,
): Decision {
  return can(actor, { kind: 'decide_for_api', api: access.apiSlug, requesterId: access.requesterId, callBackRecordedBy: callBackRecorderOf(access) });
}

/** The owners' checklist of an mTLS access (client-secret access has none). */
export function checklistVerdict(
  access: Pick<AccessUnderReview, 'environment' | 'authMethod' | 'review'>,
  certificate: ApprovalFacts['certificate'],
): ChecklistVerdict | undefined {
  if (access.authMethod !== 'mtls') return undefined;
  return evaluateChecklist(access.environment, checklistOf(access.review), identityOf(certificate));
}

/** Who recorded a production mTLS access's call-back: approving it takes someone else. */
function callBackRecorderOf(access: Pick<AccessUnderReview, 'environment' | 'authMethod' | 'review'>): string | undefined {
  if (access.environment !== 'production' || access.authMethod !== 'mtls') return undefined;
  return access.review?.callBackRecordedBy;
}

function identityOf(certificate: ApprovalFacts['certificate']): IdentityFacts {
  return { certificateApproved: certificate !== undefined && opensAccess(certificate.status), possessionProved: certificate?.possessionProvedAt != null };
}

function checklistOf(review: StoredReview | null): Checklist {
  return {
    ...(review?.identity ? { identity: review.identity } : {}),
    ...(review?.entitlement ? { entitlement: review.entitlement } : {}),
    ...(review?.callBack ? { callBack: review.callBack } : {}),
  };
}

/**
 * A suspended access was approved once, its requester's identity confirmed then (or approved
 * before the checklist had that item): resuming it on a new certificate checks the certificate
 * (approved, key proved), not the owner's tick again.
 */
function identityConfirmedOnce(access: AccessUnderReview): AccessUnderReview {
  return { ...access, review: { ...access.review, identity: { confirmed: true } } };
}
