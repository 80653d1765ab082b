import type { CaRequest } from '../db/schema.ts';
import type { Transition } from './lifecycle.ts';

/**
 * The lifecycle of an owner's request that the platform team accept a CA (see
 * rules/lifecycle.ts): it starts pending; pending → added (the CA joins the registry) | declined.
 */
type CaRequestStatus = CaRequest['status'];
type CaRequestStart = 'request';
export type CaRequestDecision = 'add' | 'decline';

const STARTS: Record<CaRequestStart, CaRequestStatus> = { request: 'pending' };

const TRANSITIONS: Record<CaRequestDecision, Transition<CaRequestStatus>> = {
  add: { from: ['pending'], to: 'added', needsReason: false },
  decline: { from: ['pending'], to: 'declined', needsReason: true },
};

export function caRequestStart(how: CaRequestStart): CaRequestStatus {
  return STARTS[how];
}

export function caRequestTransition(decision: CaRequestDecision): Transition<CaRequestStatus> {
  return TRANSITIONS[decision];
}
