import type { ClientCertificate } from '../db/schema.ts';
import { appliesTo } from './lifecycle.ts';
import { certificateTransition } from './certificate-states.ts';
import { type Actor, can } from './permissions.ts';

/** Why a reader may not approve a certificate now, or null when they may. */
type CertificateApprovalRefusal = 'forbidden' | 'own_request' | 'possession_unproven';

interface CertificateDecidability {
  /** The lifecycle still takes a decision (approve or refuse) from this status. */
  decidable: boolean;
  approvalRefused: CertificateApprovalRefusal | null;
}

/**
 * What the owner console may offer on one certificate, asked once on the server so the page
 * does not re-derive it: the policy (owner of the API or admin, never one's own certificate),
 * then the lifecycle's guard (approval waits until the holder proved the private key). The
 * approve route applies the same two rules: `can` in the route, the guarded UPDATE in the service.
 */
export function certificateDecidability(
  actor: Actor | null,
  certificate: Pick<ClientCertificate, 'apiSlug' | 'userId' | 'status' | 'possessionProvedAt'>,
): CertificateDecidability {
  const approve = certificateTransition('approve');
  const decidable = appliesTo(approve, certificate.status) || appliesTo(certificateTransition('refuse'), certificate.status);
  const permission = can(actor, { kind: 'decide_for_api', api: certificate.apiSlug, requesterId: certificate.userId });
  if (!permission.allowed) return { decidable, approvalRefused: permission.reason === 'own_request' ? 'own_request' : 'forbidden' };
  if (approve.needsPossession && certificate.possessionProvedAt === null) return { decidable, approvalRefused: 'possession_unproven' };
  return { decidable, approvalRefused: null };
}
