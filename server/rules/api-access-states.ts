import type { ApiAccessStatus } from '../db/schema.ts';

/**
 * API access (app × API × environment × auth method): pending → approved | refused |
 * withdrawn; approved → revoked | suspended (its certificate revoked or expired);
 * suspended → revoked. Applied as `UPDATE … WHERE status IN (from)`.
 */
export type ApiAccessDecision = 'approve' | 'refuse' | 'withdraw' | 'revoke' | 'suspend';

const TRANSITIONS: Record<ApiAccessDecision, { from: ApiAccessStatus[]; to: ApiAccessStatus; needsReason: boolean }> = {
  approve: { from: ['pending'], to: 'approved', needsReason: false },
  refuse: { from: ['pending'], to: 'refused', needsReason: true },
  withdraw: { from: ['pending'], to: 'withdrawn', needsReason: false },
  revoke: { from: ['approved', 'suspended'], to: 'revoked', needsReason: true },
  suspend: { from: ['approved'], to: 'suspended', needsReason: true },
};

export function apiAccessTransition(decision: ApiAccessDecision) {
  return TRANSITIONS[decision];
}

/** Only approved access lets tokens be issued or used. */
export function grantsCalls(status: ApiAccessStatus): boolean {
  return status === 'approved';
}
