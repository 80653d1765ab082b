import type { ApiAccessStatus } from '../db/schema.ts';

/**
 * API access (app × API × environment × auth method): pending → approved | refused |
 * withdrawn; approved → revoked | suspended (its certificate revoked or expired, or the reader's
 * documentation access ended); suspended → revoked | approved again ("resume", once what
 * suspended it is in order). Applied as `UPDATE … WHERE status IN (from)`.
 */
export type ApiAccessDecision = 'approve' | 'refuse' | 'withdraw' | 'revoke' | 'suspend' | 'resume';

const TRANSITIONS: Record<ApiAccessDecision, { from: ApiAccessStatus[]; to: ApiAccessStatus; needsReason: boolean }> = {
  approve: { from: ['pending'], to: 'approved', needsReason: false },
  refuse: { from: ['pending'], to: 'refused', needsReason: true },
  withdraw: { from: ['pending'], to: 'withdrawn', needsReason: false },
  revoke: { from: ['approved', 'suspended'], to: 'revoked', needsReason: true },
  suspend: { from: ['approved'], to: 'suspended', needsReason: true },
  resume: { from: ['suspended'], to: 'approved', needsReason: false },
};

export function apiAccessTransition(decision: ApiAccessDecision) {
  return TRANSITIONS[decision];
}

/** Only approved access lets tokens be issued or used. */
export function grantsCalls(status: ApiAccessStatus): boolean {
  return status === 'approved';
}

/**
 * A reader's documentation access to a private API ended (revoked, or refused): their apps'
 * access to that API may not outlive it. Approved access is suspended, a pending request refused;
 * anything else is already closed. The caller applies the transition like any other decision.
 */
export function decisionWhenDocAccessEnds(status: ApiAccessStatus): Extract<ApiAccessDecision, 'suspend' | 'refuse'> | undefined {
  if (status === 'approved') return 'suspend';
  if (status === 'pending') return 'refuse';
  return undefined;
}

/** The statuses {@link decisionWhenDocAccessEnds} acts on. */
export const ENDED_WITH_DOC_ACCESS: readonly ApiAccessStatus[] = ['approved', 'pending'];
