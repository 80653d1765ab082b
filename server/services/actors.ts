import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { preparedPerDatabase } from '../db/prepared.ts';
import { apiOwners, docAccess, type User } from '../db/schema.ts';
import { listedAddresses, ownedApis, type ListedOwners } from '../rules/ownership.ts';
import type { Actor } from '../rules/permissions.ts';
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
  const owned = ownedApis(ownershipFacts(user), { fromSpecs: specsListing(context, user.email), assigned });
  return { userId: user.id, role: user.role, emailVerified: user.emailVerifiedAt !== null, ownedApis: owned, grantedApis: granted };
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
