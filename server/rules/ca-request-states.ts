import type { CaRequest, ClientCertificate } from '../db/schema.ts';
import type { Transition } from './lifecycle.ts';

/**
 * The lifecycle of an owner's request that the platform team accept a CA (see
 * rules/lifecycle.ts): it starts pending; pending → added (the CA joins the registry) | declined.
 * An API owner asks, or the holder of a certificate waiting for that CA (issue 16); a second
 * holder asking for a CA already asked for joins the pending request.
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

/**
 * The holder of a certificate may ask for its CA while the certificate waits for it and no
 * request for that CA is pending (one declined, or accepted while the certificate still fails,
 * may be asked again, with another chain).
 */
export function holderMayAskForCa(certificate: ClientCertificate['status'], request: CaRequestStatus | undefined): boolean {
  return certificate === 'awaiting_ca' && request !== 'pending';
}
