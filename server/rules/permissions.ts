import type { Role } from '../db/schema.ts';

/**
 * Who may do what: the one place that answers it. Routes, the private-docs gate and pages
 * ask `can`; none re-derives a rule. Pure: the caller gathers the facts (role, owned APIs,
 * grants) and this function only decides.
 */

export interface Actor {
  userId: string;
  role: Role;
  emailVerified: boolean;
  /** Slugs this user owns (x-portal.owners by email, or assigned by an admin). */
  ownedApis: ReadonlySet<string>;
  /** Slugs whose private docs this user holds an approved grant for. */
  grantedApis: ReadonlySet<string>;
}

export type Action =
  | { kind: 'read_private_docs'; api: string }
  | { kind: 'request_doc_access'; api: string }
  | { kind: 'manage_apps' }
  /**
   * Decide a request, certificate or access of an API. `requesterId`: whose it is (nobody
   * decides their own). `callBackRecordedBy`: who recorded a production call-back (the approval
   * needs a second person).
   */
  | { kind: 'decide_for_api'; api: string; requesterId?: string; callBackRecordedBy?: string }
  | { kind: 'manage_users' }
  /** Confirm (or take back) that an account is the person behind its owner address. */
  | { kind: 'confirm_owner'; userId: string }
  | { kind: 'manage_ca_registry' }
  | { kind: 'manage_email_domains' }
  | { kind: 'view_audit_log'; api?: string };

export type DenialReason = 'sign_in' | 'verify_email' | 'forbidden' | 'own_request' | 'second_person';
export type Decision = { allowed: true } | { allowed: false; reason: DenialReason };

const ALLOW: Decision = { allowed: true };

export function can(actor: Actor | null, action: Action): Decision {
  if (!actor) return { allowed: false, reason: 'sign_in' };
  const isAdmin = actor.role === 'admin';
  switch (action.kind) {
    case 'read_private_docs':
      return isAdmin || actor.ownedApis.has(action.api) || actor.grantedApis.has(action.api) ? ALLOW : deny('forbidden');
    case 'request_doc_access':
    case 'manage_apps':
      return actor.emailVerified ? ALLOW : deny('verify_email');
    case 'decide_for_api':
      if (!isAdmin && !actor.ownedApis.has(action.api)) return deny('forbidden');
      // Separation of duties: not even an admin decides their own case or checks their own call-back.
      if (action.requesterId === actor.userId) return deny('own_request');
      if (action.callBackRecordedBy === actor.userId) return deny('second_person');
      return ALLOW;
    case 'view_audit_log':
      return isAdmin || (action.api !== undefined && actor.ownedApis.has(action.api)) ? ALLOW : deny('forbidden');
    case 'manage_ca_registry':
      return isAdmin || actor.role === 'platform' ? ALLOW : deny('forbidden');
    case 'confirm_owner':
      if (!isAdmin) return deny('forbidden');
      return action.userId === actor.userId ? deny('own_request') : ALLOW;
    case 'manage_users':
    case 'manage_email_domains':
      return isAdmin ? ALLOW : deny('forbidden');
  }
}

function deny(reason: DenialReason): Decision {
  return { allowed: false, reason };
}
