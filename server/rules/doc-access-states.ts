import type { DocAccessStatus } from '../db/schema.ts';
import type { Transition } from './lifecycle.ts';

/**
 * The documentation-access lifecycle (see rules/lifecycle.ts): a consumer's request starts
 * pending, an admin's grant starts approved; pending → approved | refused | withdrawn;
 * approved → revoked.
 */
type DocAccessStart = 'request' | 'grant';
export type DocAccessDecision = 'approve' | 'refuse' | 'withdraw' | 'revoke';

const STARTS: Record<DocAccessStart, DocAccessStatus> = { request: 'pending', grant: 'approved' };

const TRANSITIONS: Record<DocAccessDecision, Transition<DocAccessStatus>> = {
  approve: { from: ['pending'], to: 'approved', needsReason: false },
  refuse: { from: ['pending'], to: 'refused', needsReason: true },
  withdraw: { from: ['pending'], to: 'withdrawn', needsReason: false },
  revoke: { from: ['approved'], to: 'revoked', needsReason: true },
};

export function docAccessStart(how: DocAccessStart): DocAccessStatus {
  return STARTS[how];
}

export function docAccessTransition(decision: DocAccessDecision): Transition<DocAccessStatus> {
  return TRANSITIONS[decision];
}

/** Statuses that count as "open": one per user and API at most (a unique index says so too). */
export const OPEN_STATUSES: readonly DocAccessStatus[] = ['pending', 'approved'];

export function isOpen(status: DocAccessStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** Whether a person whose latest access to an API has this status may ask for it again: only once none is open. */
export function canAskAgain(status: DocAccessStatus): boolean {
  return !isOpen(status);
}

/** Whether the requester may still withdraw it: only while the owners have not decided. */
export function canWithdraw(status: DocAccessStatus): boolean {
  return TRANSITIONS.withdraw.from.includes(status);
}
