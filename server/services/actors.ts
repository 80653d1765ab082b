import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { preparedPerDatabase } from '../db/prepared.ts';
import { apiOwners, docAccess, type User } from '../db/schema.ts';
import type { Actor } from '../rules/permissions.ts';
import type { ServiceContext } from './context.ts';

/**
 * The facts `can` decides on. Ownership by email needs a verified address: anyone can
 * type an owner's address into the sign-up form, only the owner can click its link.
 */
export async function loadActor(context: ServiceContext, user: User): Promise<Actor> {
  const verified = user.emailVerifiedAt !== null;
  const owned = new Set<string>();
  const granted = new Set<string>();
  if (verified) for (const api of context.manifest.apis) if (api.owners.includes(user.email)) owned.add(api.slug);
  for (const row of await assignmentsAndGrants(context.db).all({ email: user.email, userId: user.id })) {
    if (row.kind === 'granted') granted.add(row.apiSlug);
    else if (verified) owned.add(row.apiSlug);
  }
  return { userId: user.id, role: user.role, emailVerified: verified, ownedApis: owned, grantedApis: granted };
}

/**
 * Each private page and owner action asks for the actor: one prepared statement (the owner
 * assignments and the approved grants together) instead of two queries built each time.
 */
const assignmentsAndGrants = preparedPerDatabase((db: Database) => {
  const assigned = db.select({ kind: sql<string>`'assigned'`.as('kind'), apiSlug: apiOwners.apiSlug }).from(apiOwners).where(eq(apiOwners.email, sql.placeholder('email')));
  const approved = db.select({ kind: sql<string>`'granted'`.as('kind'), apiSlug: docAccess.apiSlug }).from(docAccess).where(and(eq(docAccess.userId, sql.placeholder('userId')), eq(docAccess.status, 'approved')));
  return assigned.unionAll(approved).prepare();
});
