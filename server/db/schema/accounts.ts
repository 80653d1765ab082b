import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns.ts';

/** Global roles. Ownership of an API is per API: x-portal.owners or api_owners. */
export const ROLES = ['consumer', 'platform', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull().unique(),
    username: text('username').notNull().unique(),
    fullName: text('full_name').notNull(),
    company: text('company').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull().default('consumer'),
    emailVerifiedAt: integer('email_verified_at', { mode: 'number' }),
    guidelinesAcceptedAt: integer('guidelines_accepted_at', { mode: 'number' }),
    /**
     * An admin confirmed that this account is the person behind its address, once: only then does
     * an address listed as an API owner (x-portal.owners or an assignment) give owner rights.
     */
    ownerConfirmedAt: integer('owner_confirmed_at', { mode: 'number' }),
    ownerConfirmedBy: text('owner_confirmed_by'),
    /** The OpenID Provider (its configured id) and subject this account signs in with; such an account has no usable password (decision 026). */
    identityProvider: text('identity_provider'),
    identitySubject: text('identity_subject'),
    /** JSON list of the groups a staff provider's ID token held at the last sign-in; null unless the account signs in through a staff provider. */
    staffGroups: text('staff_groups'),
    /** Made by `portico user create`: the one local account that keeps a staff role once staff sign in through a provider (emergency). */
    localStaffAt: integer('local_staff_at', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('users_identity').on(table.identityProvider, table.identitySubject)],
);

/**
 * Failed sign-ins per account (not per address): after a few, each further attempt waits longer.
 * Keyed by the normalized identifier typed, so unknown accounts back off the same way.
 */
export const signInFailures = sqliteTable('sign_in_failures', {
  accountKey: text('account_key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: integer('last_failure_at', { mode: 'number' }).notNull(),
  blockedUntil: integer('blocked_until', { mode: 'number' }).notNull(),
});

/** Lucia-style sessions: the token is `<id>.<secret>`, only SHA-256(secret) is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    secretHash: text('secret_hash').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'number' }).notNull(),
    /** This session's own lifetime (staff signed in through a provider: shorter); null: the portal's SESSION_TTL_DAYS. */
    ttlMs: integer('ttl_ms', { mode: 'number' }),
  },
  (table) => [index('sessions_user_id').on(table.userId)],
);

/**
 * A sign-in through an OpenID Provider under way: the state (hashed), the nonce and the PKCE
 * verifier stay here, never in the browser; the callback deletes the row it uses (single use).
 */
export const oidcLogins = sqliteTable('oidc_logins', {
  stateHash: text('state_hash').primaryKey(),
  provider: text('provider').notNull(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  /** Where to go once signed in (a path of the portal, checked before it is stored). */
  next: text('next').notNull(),
  expiresAt: integer('expires_at', { mode: 'number' }).notNull(),
});

export const EMAIL_TOKEN_PURPOSES = ['verify_email', 'reset_password'] as const;

/** One-time links sent by email (verification, password reset): hashed like sessions. */
export const emailTokens = sqliteTable(
  'email_tokens',
  {
    id: text('id').primaryKey(),
    secretHash: text('secret_hash').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: EMAIL_TOKEN_PURPOSES }).notNull(),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'number' }).notNull(),
    usedAt: integer('used_at', { mode: 'number' }),
  },
  (table) => [index('email_tokens_user_id').on(table.userId)],
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
