import type { Role } from '../db/schema.ts';

/**
 * Who may do what: the one place that answers it (Backstage's model: permissions are declared
 * once and asked). Routes, services, the private-docs gate and — through `/api/me` — the pages
 * ask `can` (or the helpers below, which ask `can`); none re-derives a role or ownership rule.
 * Pure: the caller gathers the facts (role, owned APIs from rules/ownership.ts, grants) and this
 * module only decides.
 */

export interface Actor {
  userId: string;
  role: Role;
  emailVerified: boolean;
  /** Slugs this user owns (rules/ownership.ts: listed, verified and confirmed by an admin). */
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
  /** Open the owner console (its queues, cases and audit log): owners of some API, and admins. */
  | { kind: 'use_owner_console' }
  /** Ask the platform team to accept a certification authority: those who review certificates. */
  | { kind: 'ask_for_ca' }
  | { kind: 'manage_users' }
  /** Confirm (or take back) that an account is the person behind its owner address. */
  | { kind: 'confirm_owner'; userId: string }
  | { kind: 'manage_ca_registry' }
  | { kind: 'manage_email_domains' }
  /** Without `api`: the whole log (admins). With it: that API's events. */
  | { kind: 'view_audit_log'; api?: string };

export type DenialReason = 'sign_in' | 'verify_email' | 'forbidden' | 'own_request' | 'second_person';
export type Decision = { allowed: true } | { allowed: false; reason: DenialReason };

const ALLOW: Decision = { allowed: true };

/** Administrators: every API, every queue, the users. */
export const ADMIN_ROLE: Role = 'admin';

/**
 * The role whose members keep the CA registry day to day. They are the ones emailed when an
 * owner asks for a CA: admins may act on the registry too, but it is not their queue.
 */
export const PLATFORM_TEAM: Role = 'platform';

export function can(actor: Actor | null, action: Action): Decision {
  if (!actor) return deny('sign_in');
  const isAdmin = actor.role === ADMIN_ROLE;
  switch (action.kind) {
    case 'read_private_docs':
      return isAdmin || actor.ownedApis.has(action.api) || actor.grantedApis.has(action.api) ? ALLOW : deny('forbidden');
    case 'request_doc_access':
    case 'manage_apps':
      return actor.emailVerified ? ALLOW : deny('verify_email');
    case 'decide_for_api':
      if (!isAdmin && !actor.ownedApis.has(action.api)) return deny('forbidden');
      return separateDuties(actor, action);
    case 'use_owner_console':
    case 'ask_for_ca':
      return isAdmin || actor.ownedApis.size > 0 ? ALLOW : deny('forbidden');
    case 'view_audit_log':
      return isAdmin || (action.api !== undefined && actor.ownedApis.has(action.api)) ? ALLOW : deny('forbidden');
    case 'manage_ca_registry':
      return isAdmin || actor.role === PLATFORM_TEAM ? ALLOW : deny('forbidden');
    case 'confirm_owner':
      if (!isAdmin) return deny('forbidden');
      return separateDuties(actor, { requesterId: action.userId });
    case 'manage_users':
    case 'manage_email_domains':
      return isAdmin ? ALLOW : deny('forbidden');
  }
}

/**
 * Separation of duties: not even an admin decides their own case (a request, certificate or
 * access, or their own owner account), nor approves a production call-back they recorded.
 */
function separateDuties(actor: Actor, involved: { requesterId?: string; callBackRecordedBy?: string }): Decision {
  if (involved.requesterId === actor.userId) return deny('own_request');
  if (involved.callBackRecordedBy === actor.userId) return deny('second_person');
  return ALLOW;
}

/**
 * Acting on one's own resource (an app, a request, a certificate): its holder only — not even an
 * admin, since these actions hand out secrets and tokens or speak for the holder. Admins and owners
 * stop others' resources through their own decisions instead. Services that hold only account ids
 * ask this; to anyone else the resource does not exist (404).
 */
export function actsOnOwn(actorId: string, holderId: string): boolean {
  return actorId === holderId;
}

/**
 * How an account signs in, for its staff roles (decision 026): a password, a staff provider
 * (the insurer's own), a partner company's provider, or the emergency local account made with
 * `portico user create`.
 */
export type SignInSource = 'password' | 'staff_provider' | 'partner_provider' | 'local_staff';

/**
 * Staff roles (platform team, admin, API owner) once staff sign in through a provider come from
 * that provider only — or from the emergency local account. Without a staff provider, as before.
 * A partner's provider never gives one.
 */
export function staffRolesAllowed(source: SignInSource, staffSignIn: boolean): boolean {
  if (source === 'partner_provider') return false;
  return !staffSignIn || source === 'staff_provider' || source === 'local_staff';
}

/** The role `can` decides on: the stored one, or consumer when it may not come from there. */
export function effectiveRole(stored: Role, source: SignInSource, staffSignIn: boolean): Role {
  return staffRolesAllowed(source, staffSignIn) ? stored : 'consumer';
}

/** The role a staff provider's groups give (admin first): recomputed at every sign-in, so a group removed there is gone at the next. */
export function roleFromGroups(groups: readonly string[], mapping: { adminGroups: readonly string[]; platformGroups: readonly string[] }): Role {
  if (groups.some((group) => mapping.adminGroups.includes(group))) return ADMIN_ROLE;
  if (groups.some((group) => mapping.platformGroups.includes(group))) return PLATFORM_TEAM;
  return 'consumer';
}

/** Whether changing an account's role from `from` to `to` would leave the portal without an admin. */
export function leavesNoAdmin(change: { from: Role; to: Role }, adminCount: number): boolean {
  return change.from === ADMIN_ROLE && change.to !== ADMIN_ROLE && adminCount <= 1;
}

/** The APIs among `apis` for which the action is allowed, sorted. */
export function apisWhere(actor: Actor | null, apis: readonly string[], action: (api: string) => Action): string[] {
  return apis.filter((api) => can(actor, action(api)).allowed).sort();
}

/** The APIs this actor decides for (every API for an admin): the owner console's lists. */
export function decidableApis(actor: Actor | null, apis: readonly string[]): string[] {
  return apisWhere(actor, apis, (api) => ({ kind: 'decide_for_api', api }));
}

/** What the pages need to know, so that none of them re-derives a rule (served by `/api/me`). */
interface PortalPermissions {
  manageApps: boolean;
  requestDocAccess: boolean;
  useOwnerConsole: boolean;
  askForCa: boolean;
  manageCaRegistry: boolean;
  manageUsers: boolean;
  manageEmailDomains: boolean;
  viewAuditLog: boolean;
}

interface PortalAnswers {
  permissions: PortalPermissions;
  /** Private APIs whose documentation this actor may read. */
  readableApis: string[];
  /** APIs this actor decides for. */
  decidableApis: string[];
}

export function answersFor(actor: Actor, catalog: ReadonlyArray<{ slug: string; visibility: 'public' | 'private' }>): PortalAnswers {
  const allowed = (action: Action) => can(actor, action).allowed;
  const privateApis = catalog.filter((api) => api.visibility === 'private').map((api) => api.slug);
  return {
    permissions: {
      manageApps: allowed({ kind: 'manage_apps' }),
      requestDocAccess: privateApis.some((api) => allowed({ kind: 'request_doc_access', api })),
      useOwnerConsole: allowed({ kind: 'use_owner_console' }),
      askForCa: allowed({ kind: 'ask_for_ca' }),
      manageCaRegistry: allowed({ kind: 'manage_ca_registry' }),
      manageUsers: allowed({ kind: 'manage_users' }),
      manageEmailDomains: allowed({ kind: 'manage_email_domains' }),
      viewAuditLog: allowed({ kind: 'view_audit_log' }),
    },
    readableApis: apisWhere(actor, privateApis, (api) => ({ kind: 'read_private_docs', api })),
    decidableApis: decidableApis(
      actor,
      catalog.map((api) => api.slug),
    ),
  };
}

function deny(reason: DenialReason): Decision {
  return { allowed: false, reason };
}
