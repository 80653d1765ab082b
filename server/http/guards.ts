import type { Context } from 'hono';
import type { ValidSession } from '../auth/session.ts';
import { loadActor } from '../services/actors.ts';
import { can, type Action, type Actor } from '../rules/permissions.ts';
import type { AppEnv } from './env.ts';
import { ApiError } from './errors.ts';

export function requireAuth(c: Context<AppEnv>): ValidSession {
  const auth = c.get('auth');
  if (!auth) throw new ApiError('sign_in', 'Sign in first.');
  return auth;
}

/** Asks the policy; a refusal becomes 401, 403 (verify your email) or 403. */
export async function requireCan(c: Context<AppEnv>, action: Action): Promise<{ auth: ValidSession; actor: Actor }> {
  const auth = requireAuth(c);
  const actor = await loadActor(c.get('services'), auth.user);
  const decision = can(actor, action);
  if (!decision.allowed) {
    if (decision.reason === 'verify_email') throw new ApiError('verify_email', 'Confirm your email address first: follow the link we sent you.');
    if (decision.reason === 'own_request') throw new ApiError('own_request', 'You cannot decide your own case: another owner of this API or another administrator decides it.');
    if (decision.reason === 'second_person') throw new ApiError('second_person', 'You recorded the call-back: another owner of this API or an administrator approves it (two people for production).');
    throw new ApiError('forbidden', 'You are not allowed to do this.');
  }
  return { auth, actor };
}
