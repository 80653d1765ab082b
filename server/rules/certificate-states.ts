import type { ClientCertificate } from '../db/schema.ts';

type Status = ClientCertificate['status'];

/**
 * The client-certificate state machine. awaiting_ca → pending (its CA added; rechecked) |
 * refused (waited too long); pending → approved (only once the holder proved the private
 * key) | refused; approved → revoked | expired (lifecycle). Services apply a transition as
 * `UPDATE … WHERE status IN (from)`, so the database decides between concurrent deciders.
 */
export type CertificateDecision = 'approve' | 'refuse' | 'expire_waiting';

const TRANSITIONS: Record<CertificateDecision, { from: Status[]; to: Status; needsReason: boolean; needsPossession: boolean }> = {
  approve: { from: ['pending'], to: 'approved', needsReason: false, needsPossession: true },
  refuse: { from: ['pending'], to: 'refused', needsReason: true, needsPossession: false },
  expire_waiting: { from: ['awaiting_ca'], to: 'refused', needsReason: true, needsPossession: false },
};

export function certificateTransition(decision: CertificateDecision) {
  return TRANSITIONS[decision];
}

/** A public certificate proves nothing: its holder proves the private key before approval. */
export const POSSESSION_PROVABLE: readonly Status[] = ['awaiting_ca', 'pending', 'approved'];

export function canProvePossession(status: Status): boolean {
  return POSSESSION_PROVABLE.includes(status);
}

/** Certificates kept for a CA that is not accepted yet: a few per consumer, for a month at most. */
export const MAX_AWAITING_CA_PER_USER = 5;
export const AWAITING_CA_DAYS = 30;
const DAY = 86_400_000;

export function waitedTooLongForCa(createdAt: number, now: number): boolean {
  return now - createdAt > AWAITING_CA_DAYS * DAY;
}

export const WAITING_EXPIRED_REASON = `its certification authority was not accepted within ${AWAITING_CA_DAYS} days.`;
