import type { DocAccessStatus } from '../db/schema.ts';

/**
 * The doc-access state machine: pending → approved | refused | withdrawn; approved → revoked.
 * Services turn a transition into `UPDATE … WHERE status IN (from)`, so the database, not
 * the code's timing, decides which of two concurrent deciders wins.
 */
export type DocAccessDecision = 'approve' | 'refuse' | 'withdraw' | 'revoke';

const TRANSITIONS: Record<DocAccessDecision, { from: DocAccessStatus; to: DocAccessStatus; needsReason: boolean }> = {
  approve: { from: 'pending', to: 'approved', needsReason: false },
  refuse: { from: 'pending', to: 'refused', needsReason: true },
  withdraw: { from: 'pending', to: 'withdrawn', needsReason: false },
  revoke: { from: 'approved', to: 'revoked', needsReason: true },
};

export function transitionOf(decision: DocAccessDecision) {
  return TRANSITIONS[decision];
}

/** Statuses that count as "open": one per user and API at most. */
export const OPEN_STATUSES: readonly DocAccessStatus[] = ['pending', 'approved'];

export function isOpen(status: DocAccessStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** What a consumer reads about a request's state. */
export function describeState(status: DocAccessStatus): string {
  switch (status) {
    case 'pending':
      return 'waiting for the API owners';
    case 'approved':
      return 'approved';
    case 'refused':
      return 'refused';
    case 'revoked':
      return 'revoked';
    case 'withdrawn':
      return 'withdrawn';
  }
}
