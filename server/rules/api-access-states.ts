import type { ApiAccess, ApiAccessStatus } from '../db/schema.ts';
import type { Transition } from './lifecycle.ts';

/**
 * The API-access lifecycle (app × API × environment × auth method; see rules/lifecycle.ts): a
 * request starts pending; pending → approved | refused | withdrawn; approved → revoked |
 * suspended (its certificate revoked or expired, or the reader's documentation access ended);
 * suspended → revoked | approved again ("resume", once what suspended it is in order). Deleting
 * the app ends whatever is still open or suspended.
 */
type ApiAccessStart = 'request';
export type ApiAccessDecision = 'approve' | 'refuse' | 'withdraw' | 'revoke' | 'suspend' | 'resume' | 'end_with_app';

const STARTS: Record<ApiAccessStart, ApiAccessStatus> = { request: 'pending' };

const TRANSITIONS: Record<ApiAccessDecision, Transition<ApiAccessStatus>> = {
  approve: { from: ['pending'], to: 'approved', needsReason: false },
  refuse: { from: ['pending'], to: 'refused', needsReason: true },
  withdraw: { from: ['pending'], to: 'withdrawn', needsReason: false },
  revoke: { from: ['approved', 'suspended'], to: 'revoked', needsReason: true },
  suspend: { from: ['approved'], to: 'suspended', needsReason: true },
  resume: { from: ['suspended'], to: 'approved', needsReason: false },
  end_with_app: { from: ['pending', 'approved', 'suspended'], to: 'revoked', needsReason: true },
};

export function apiAccessStart(how: ApiAccessStart): ApiAccessStatus {
  return STARTS[how];
}

export function apiAccessTransition(decision: ApiAccessDecision): Transition<ApiAccessStatus> {
  return TRANSITIONS[decision];
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

/** Approved sandbox access: the app may call the API's sandbox ("Try it", /try). */
export function opensSandbox(access: Pick<ApiAccess, 'status' | 'environment'>): boolean {
  return access.status === 'approved' && access.environment === 'sandbox';
}

/** ...by client secret: the docs' token bar can get the app a sandbox token (services/sandbox-token.ts). */
export function givesSandboxToken(access: Pick<ApiAccess, 'status' | 'environment' | 'authMethod'>): boolean {
  return opensSandbox(access) && access.authMethod === 'client_secret';
}
