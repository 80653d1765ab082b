import type { Context } from 'hono';
import type { ValidSession } from '../auth/session.ts';
import { loadActor } from '../services/actors.ts';
import { can, type Action, type Actor, type DenialReason } from '../rules/permissions.ts';
import type { AppEnv } from './env.ts';
import { ApiError } from './errors.ts';

export function requireAuth(c: Context<AppEnv>): ValidSession {
  const auth = c.get('auth');
  if (!auth) throw new ApiError('sign_in', 'Sign in first.');
  return auth;
}

/** The signed-in user and the facts the policy decides on. */
export async function requireActor(c: Context<AppEnv>): Promise<{ auth: ValidSession; actor: Actor }> {
  const auth = requireAuth(c);
  return { auth, actor: await loadActor(c.get('services'), auth.user) };
}

/**
 * Asks the policy; a refusal becomes 401, 403 (verify your email) or 403. `forbidden`: the
 * sentence of a plain refusal, when the route can say more than "not allowed".
 */
export async function requireCan(c: Context<AppEnv>, action: Action, forbidden?: string): Promise<{ auth: ValidSession; actor: Actor }> {
  const { auth, actor } = await requireActor(c);
  const decision = can(actor, action);
  if (!decision.allowed) throw refusal(decision.reason, forbidden);
  return { auth, actor };
}

/** The HTTP error of the policy's refusal (from `can`, or from a rule that asks it, like mayApprove). */
export function refusal(reason: DenialReason, forbidden = 'You are not allowed to do this.'): ApiError {
  if (reason === 'sign_in') return new ApiError('sign_in', 'Sign in first.');
  if (reason === 'verify_email') return new ApiError('verify_email', 'Confirm your email address first: follow the link we sent you.');
  if (reason === 'own_request')
    return new ApiError('own_request', 'You cannot decide your own case: another owner of this API or another administrator decides it.');
  if (reason === 'second_person')
    return new ApiError('second_person', 'You recorded the call-back: another owner of this API or an administrator approves it (two people for production).');
  return new ApiError('forbidden', forbidden);
}
