import type { ClientCertificate } from '../db/schema.ts';
import type { CertificateVerdict } from './certificate-verdict.ts';
import type { Transition } from './lifecycle.ts';

export type CertificateStatus = ClientCertificate['status'];

/**
 * The client-certificate lifecycle (see rules/lifecycle.ts). An upload starts pending when
 * acceptable, awaiting_ca when only its CA is missing (a rejected one is not stored).
 * awaiting_ca → pending (its CA accepted, checked again) | refused (waited too long);
 * pending → approved (only once the holder proved the private key) | refused;
 * pending, approved → revoked (reported by its holder); approved → expired | revoked (replaced
 * on the announced date). The daily re-check (rules/certificate-recheck.ts): approved → expired
 * when a CA of its chain expired (it can no longer be verified), → revoked when the platform
 * team retired the accepted CA it chains to.
 */
export type CertificateDecision =
  | 'ca_accepted'
  | 'approve'
  | 'refuse'
  | 'expire_waiting'
  | 'report_revoked'
  | 'expire'
  | 'retire'
  | 'ca_expired'
  | 'ca_retired';

interface CertificateTransition extends Transition<CertificateStatus> {
  /** The guard also asks that the holder proved the private key. */
  needsPossession: boolean;
}

const STARTS: Record<Exclude<CertificateVerdict, 'rejected'>, CertificateStatus> = { acceptable: 'pending', awaiting_ca: 'awaiting_ca' };

const TRANSITIONS: Record<CertificateDecision, CertificateTransition> = {
  ca_accepted: { from: ['awaiting_ca'], to: 'pending', needsReason: false, needsPossession: false },
  approve: { from: ['pending'], to: 'approved', needsReason: false, needsPossession: true },
  refuse: { from: ['pending'], to: 'refused', needsReason: true, needsPossession: false },
  expire_waiting: { from: ['awaiting_ca'], to: 'refused', needsReason: true, needsPossession: false },
  report_revoked: { from: ['pending', 'approved'], to: 'revoked', needsReason: true, needsPossession: false },
  expire: { from: ['approved'], to: 'expired', needsReason: false, needsPossession: false },
  retire: { from: ['approved'], to: 'revoked', needsReason: true, needsPossession: false },
  ca_expired: { from: ['approved'], to: 'expired', needsReason: true, needsPossession: false },
  ca_retired: { from: ['approved'], to: 'revoked', needsReason: true, needsPossession: false },
};

/** The status an upload is stored with, from its verdict (rules/certificate-verdict.ts). */
export function certificateStart(verdict: Exclude<CertificateVerdict, 'rejected'>): CertificateStatus {
  return STARTS[verdict];
}

export function certificateTransition(decision: CertificateDecision): CertificateTransition {
  return TRANSITIONS[decision];
}

/** Only an approved certificate opens mTLS access (or can be replaced by a renewal). */
export function opensAccess(status: CertificateStatus): boolean {
  return status === 'approved';
}

/** A public certificate proves nothing: its holder proves the private key while it can still be used. */
export const POSSESSION_PROVABLE: readonly CertificateStatus[] = ['awaiting_ca', 'pending', 'approved'];

export function canProvePossession(status: CertificateStatus): boolean {
  return POSSESSION_PROVABLE.includes(status);
}

/** Its holder may report it revoked while it is, or may become, the one their access uses. */
export function canReportRevoked(status: CertificateStatus): boolean {
  return TRANSITIONS.report_revoked.from.includes(status);
}

/** Certificates kept for a CA that is not accepted yet: a few per consumer, for a month at most. */
export const MAX_AWAITING_CA_PER_USER = 5;
export const AWAITING_CA_DAYS = 30;
const DAY = 86_400_000;

export function waitedTooLongForCa(createdAt: number, now: number): boolean {
  return now - createdAt > AWAITING_CA_DAYS * DAY;
}

export const WAITING_EXPIRED_REASON = `its certification authority was not accepted within ${AWAITING_CA_DAYS} days.`;
