import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { preparedPerDatabase } from '../db/prepared.ts';
import { apiOwners, docAccess, type User } from '../db/schema.ts';
import { listedAddresses, ownedApis, type ListedOwners } from '../rules/ownership.ts';
import { effectiveRole, staffRolesAllowed, type Actor, type SignInSource } from '../rules/permissions.ts';
import { findApi } from './catalog.ts';
import type { ServiceContext } from './context.ts';

/** The facts `can` decides on; who owns what is rules/ownership.ts's answer. */
export async function loadActor(context: ServiceContext, user: User): Promise<Actor> {
  const assigned: string[] = [];
  const granted = new Set<string>();
  for (const row of await assignmentsAndGrants(context.db).all({ email: user.email, userId: user.id })) {
    if (row.kind === 'granted') granted.add(row.apiSlug);
    else assigned.push(row.apiSlug);
  }
  const facts = accountOwnershipFacts(context, user);
  const owned = ownedApis(facts, { fromSpecs: specsListing(context, user.email), assigned, fromGroups: groupsListing(context, staffGroupsOf(user)) });
  const role = effectiveRole(user.role, signInSourceOf(user), context.staffSignIn);
  return { userId: user.id, role, emailVerified: user.emailVerifiedAt !== null, ownedApis: owned, grantedApis: granted };
}

/**
 * What rules/ownership.ts decides on for a signed-in account, with how it signs in (decision
 * 026): `can` and /api/me's "waiting for an admin" must read the same facts, or a staff owner the
 * provider vouches for is told to wait for a confirmation that is not needed.
 */
export function accountOwnershipFacts(context: ServiceContext, user: User) {
  const source = signInSourceOf(user);
  return {
    ...ownershipFacts(user),
    vouchedByProvider: source === 'staff_provider' && user.emailVerifiedAt !== null,
    staffRolesAllowed: staffRolesAllowed(source, context.staffSignIn),
  };
}

/** How this account signs in (decision 026): the staff groups are kept only for a staff provider's accounts. */
function signInSourceOf(user: Pick<User, 'identityProvider' | 'staffGroups' | 'localStaffAt'>): SignInSource {
  if (user.identityProvider !== null) return user.staffGroups !== null ? 'staff_provider' : 'partner_provider';
  return user.localStaffAt !== null ? 'local_staff' : 'password';
}

function staffGroupsOf(user: Pick<User, 'staffGroups'>): string[] {
  if (user.staffGroups === null) return [];
  const parsed: unknown = JSON.parse(user.staffGroups);
  return Array.isArray(parsed) ? parsed.filter((group): group is string => typeof group === 'string') : [];
}

/** The APIs whose x-portal.owners_group is one of these groups. */
function groupsListing(context: ServiceContext, groups: readonly string[]): string[] {
  if (groups.length === 0) return [];
  return context.manifest.apis.filter((api) => api.ownersGroup !== undefined && groups.includes(api.ownersGroup)).map((api) => api.slug);
}

export function ownershipFacts(user: Pick<User, 'email' | 'emailVerifiedAt' | 'ownerConfirmedAt'>) {
  return { email: user.email, emailVerified: user.emailVerifiedAt !== null, ownerConfirmed: user.ownerConfirmedAt !== null };
}

/** The APIs whose spec lists this address in x-portal.owners. */
function specsListing(context: ServiceContext, email: string): string[] {
  return context.manifest.apis.filter((api) => api.owners.includes(email)).map((api) => api.slug);
}

/** Where an address is listed as an owner: the specs and the admins' assignments. */
export async function listingsOf(context: ServiceContext, email: string): Promise<ListedOwners> {
  const assigned = await context.db.select({ apiSlug: apiOwners.apiSlug }).from(apiOwners).where(eq(apiOwners.email, email));
  return { fromSpecs: specsListing(context, email), assigned: assigned.map((row) => row.apiSlug) };
}

/** The addresses listed as an API's owners (rules/ownership.ts): those told about its queue. */
export async function ownersOf(context: ServiceContext, apiSlug: string): Promise<string[]> {
  const assigned = await context.db.select({ email: apiOwners.email }).from(apiOwners).where(eq(apiOwners.apiSlug, apiSlug));
  return listedAddresses(
    findApi(context, apiSlug)?.owners ?? [],
    assigned.map((row) => row.email),
  );
}

/**
 * Each private page and owner action asks for the actor: one prepared statement (the owner
 * assignments and the approved grants together) instead of two queries built each time.
 */
const assignmentsAndGrants = preparedPerDatabase((db: Database) => {
  const assigned = db
    .select({ kind: sql<string>`'assigned'`.as('kind'), apiSlug: apiOwners.apiSlug })
    .from(apiOwners)
    .where(eq(apiOwners.email, sql.placeholder('email')));
  const approved = db
    .select({ kind: sql<string>`'granted'`.as('kind'), apiSlug: docAccess.apiSlug })
    .from(docAccess)
    .where(and(eq(docAccess.userId, sql.placeholder('userId')), eq(docAccess.status, 'approved')));
  return assigned.unionAll(approved).prepare();
});
