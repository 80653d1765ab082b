import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { AUTH_METHODS, ENVIRONMENTS } from '../../plugins/portico/contract.ts';
import type { StoredReview } from '../rules/review-checklist.ts';

/** Times are Unix milliseconds (integer): comparable in SQL, no time-zone surprises. */
const createdAt = () => integer('created_at', { mode: 'number' }).notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

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

export const DOC_ACCESS_STATUSES = ['pending', 'approved', 'refused', 'revoked', 'withdrawn'] as const;
export type DocAccessStatus = (typeof DOC_ACCESS_STATUSES)[number];

/** A reader's access to one private API's documentation, and where it stands. */
export const docAccess = sqliteTable(
  'doc_access',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    apiSlug: text('api_slug').notNull(),
    status: text('status', { enum: DOC_ACCESS_STATUSES }).notNull(),
    justification: text('justification'),
    decidedBy: text('decided_by'),
    decisionReason: text('decision_reason'),
    createdAt: createdAt(),
    decidedAt: integer('decided_at', { mode: 'number' }),
  },
  (table) => [
    index('doc_access_user_api').on(table.userId, table.apiSlug),
    index('doc_access_api_status').on(table.apiSlug, table.status),
    // One open (pending or approved) access per user and API, enforced by the database.
    uniqueIndex('doc_access_one_open').on(table.userId, table.apiSlug).where(sql`status in ('pending', 'approved')`),
  ],
);

/** One digest per recipient per day, whatever the number of instances or restarts. */
export const digestRuns = sqliteTable(
  'digest_runs',
  {
    recipient: text('recipient').notNull(),
    day: text('day').notNull(),
    itemCount: integer('item_count').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.recipient, table.day] })],
);

/** Owners an admin assigned to an API, beside those its x-portal.owners names. */
export const apiOwners = sqliteTable(
  'api_owners',
  {
    apiSlug: text('api_slug').notNull(),
    email: text('email').notNull(),
    assignedBy: text('assigned_by').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.apiSlug, table.email] })],
);

/** Admin overrides of the business-email lists. */
export const emailDomainRules = sqliteTable('email_domain_rules', {
  domain: text('domain').primaryKey(),
  mode: text('mode', { enum: ['allow', 'deny'] }).notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
});

/** Append-only: no code path updates or deletes an event. */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: text('id').primaryKey(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    apiSlug: text('api_slug'),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (table) => [index('audit_events_created_at').on(table.createdAt), index('audit_events_api').on(table.apiSlug)],
);

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;

/** Email waiting to be sent: written in the same transaction as the change it announces. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    recipient: text('recipient').notNull(),
    template: text('template').notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'number' }).notNull(),
    lockedUntil: integer('locked_until', { mode: 'number' }),
    lastError: text('last_error'),
    providerId: text('provider_id'),
    createdAt: createdAt(),
    sentAt: integer('sent_at', { mode: 'number' }),
  },
  (table) => [index('outbox_due').on(table.status, table.nextAttemptAt)],
);

/** Fixed-window counters shared by every instance. */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: integer('window_start', { mode: 'number' }).notNull(),
  count: integer('count').notNull(),
});

/**
 * When each person last opened their portal: the navbar's notices count the decisions made after
 * it. A table of its own (no row: never), so that no account row is built with it.
 */
export const noticesSeen = sqliteTable('notices_seen', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  seenAt: integer('seen_at', { mode: 'number' }).notNull(),
});

/** Small facts about the installation (e.g. that demo accounts were seeded). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type DocAccess = typeof docAccess.$inferSelect;
export type OutboxMessage = typeof outbox.$inferSelect;

/** A consumer app: the software that calls the APIs. Its id is the OAuth client_id. */
export const apps = sqliteTable(
  'apps',
  {
    id: text('id').primaryKey(),
    /** The consumer who holds the app (docs/glossary.md: "holder", never "owner"); the column keeps its first name. */
    holderId: text('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    businessContact: text('business_contact').notNull(),
    technicalContact: text('technical_contact').notNull(),
    createdAt: createdAt(),
    deletedAt: integer('deleted_at', { mode: 'number' }),
  },
  (table) => [index('apps_owner').on(table.holderId)],
);

/** Client secrets: shown once, stored as SHA-256 (they carry 256 random bits). At most two live. */
export const clientSecrets = sqliteTable(
  'client_secrets',
  {
    id: text('id').primaryKey(),
    appId: text('app_id')
      .notNull()
      .references(() => apps.id, { onDelete: 'cascade' }),
    secretHash: text('secret_hash').notNull().unique(),
    /** The last characters, so a person can tell secrets apart without seeing them. */
    hint: text('hint').notNull(),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'number' }),
    revokedAt: integer('revoked_at', { mode: 'number' }),
  },
  (table) => [index('client_secrets_app').on(table.appId)],
);

export const API_ACCESS_STATUSES = ['pending', 'approved', 'refused', 'revoked', 'suspended', 'withdrawn'] as const;
export type ApiAccessStatus = (typeof API_ACCESS_STATUSES)[number];

/** An app's access to one API in one environment with one auth method (a subscription). */
export const apiAccess = sqliteTable(
  'api_access',
  {
    id: text('id').primaryKey(),
    appId: text('app_id')
      .notNull()
      .references(() => apps.id, { onDelete: 'cascade' }),
    apiSlug: text('api_slug').notNull(),
    environment: text('environment', { enum: ENVIRONMENTS }).notNull(),
    authMethod: text('auth_method', { enum: AUTH_METHODS }).notNull(),
    status: text('status', { enum: API_ACCESS_STATUSES }).notNull(),
    justification: text('justification'),
    /** mTLS access: the approved client certificate it uses. */
    certificateId: text('certificate_id'),
    /** An announced replacement, approved: accepted beside the current one until the switch. */
    nextCertificateId: text('next_certificate_id'),
    /** The owners' review checklist (entitlement, call-back), see rules/review-checklist.ts. */
    review: text('review', { mode: 'json' }).$type<StoredReview>(),
    decidedBy: text('decided_by'),
    decisionReason: text('decision_reason'),
    createdAt: createdAt(),
    decidedAt: integer('decided_at', { mode: 'number' }),
  },
  (table) => [
    index('api_access_api_status').on(table.apiSlug, table.status),
    uniqueIndex('api_access_one_open')
      .on(table.appId, table.apiSlug, table.environment, table.authMethod)
      .where(sql`status in ('pending', 'approved', 'suspended')`),
  ],
);

export type App = typeof apps.$inferSelect;
export type ClientSecret = typeof clientSecrets.$inferSelect;
export type ApiAccess = typeof apiAccess.$inferSelect;

/** The accepted certification authorities (the platform team's registry). */
export const certificateAuthorities = sqliteTable('certificate_authorities', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  ev: integer('ev', { mode: 'boolean' }).notNull().default(true),
  /** mozilla: loaded from Node's bundled store; upload: added by the platform team; awaiting: no certificate yet. */
  source: text('source', { enum: ['mozilla', 'upload', 'awaiting'] }).notNull(),
  certificatePem: text('certificate_pem'),
  sha256: text('sha256'),
  notBefore: integer('not_before', { mode: 'number' }),
  notAfter: integer('not_after', { mode: 'number' }),
  addedBy: text('added_by').notNull(),
  /** The platform team withdrew its acceptance: no new certificate chains to it, and the daily re-check stops those that do. */
  retiredAt: integer('retired_at', { mode: 'number' }),
  retiredReason: text('retired_reason'),
  createdAt: createdAt(),
});

export const CERTIFICATE_STATUSES = ['awaiting_ca', 'pending', 'approved', 'refused', 'revoked', 'expired'] as const;

/** What the daily re-check of an approved certificate found (rules/certificate-recheck.ts); null: nothing. */
export const RECHECK_FLAGS = ['expiring_soon', 'ca_expired', 'ca_retired', 'rule_failed'] as const;

/** Client certificates that passed every check at upload, waiting for or past owner review. */
export const clientCertificates = sqliteTable(
  'client_certificates',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    apiSlug: text('api_slug').notNull(),
    subject: text('subject').notNull(),
    issuer: text('issuer').notNull(),
    serialNumber: text('serial_number').notNull(),
    sha256: text('sha256').notNull(),
    notBefore: integer('not_before', { mode: 'number' }).notNull(),
    notAfter: integer('not_after', { mode: 'number' }).notNull(),
    certificatePem: text('certificate_pem').notNull(),
    chainPem: text('chain_pem').notNull().default(''),
    anchorCaId: text('anchor_ca_id').notNull(),
    directlyIssued: integer('directly_issued', { mode: 'boolean' }).notNull(),
    checks: text('checks', { mode: 'json' }).notNull(),
    status: text('status', { enum: CERTIFICATE_STATUSES }).notNull(),
    /** Proof that the uploader holds the private key: a random challenge to sign, and when and how it was proved. */
    possessionChallenge: text('possession_challenge'),
    possessionProvedAt: integer('possession_proved_at', { mode: 'number' }),
    possessionMethod: text('possession_method', { enum: ['tls_handshake', 'signature'] }),
    /** A renewal or CA change: the certificate this one replaces, and when the switch happens. */
    replacesId: text('replaces_id'),
    changeAt: integer('change_at', { mode: 'number' }),
    /** A reported revocation is a support case: due within 5 working days, closed when handled. */
    caseDueAt: integer('case_due_at', { mode: 'number' }),
    caseHandledAt: integer('case_handled_at', { mode: 'number' }),
    /** The daily re-check against today's registry and rules: what it found, in words, and when. */
    recheckFlag: text('recheck_flag', { enum: RECHECK_FLAGS }),
    recheckDetail: text('recheck_detail'),
    recheckedAt: integer('rechecked_at', { mode: 'number' }),
    decidedBy: text('decided_by'),
    decisionReason: text('decision_reason'),
    createdAt: createdAt(),
    decidedAt: integer('decided_at', { mode: 'number' }),
  },
  (table) => [
    index('client_certificates_user').on(table.userId),
    index('client_certificates_api_status').on(table.apiSlug, table.status),
    uniqueIndex('client_certificates_one_per_user').on(table.userId, table.sha256, table.apiSlug),
  ],
);

/**
 * What the daily re-check told, once each: (certificate, notice) is the key, inserted in the
 * transaction that queues the emails, so a second run, a restart or another instance tells nobody again.
 */
export const certificateNotices = sqliteTable(
  'certificate_notices',
  {
    certificateId: text('certificate_id')
      .notNull()
      .references(() => clientCertificates.id, { onDelete: 'cascade' }),
    notice: text('notice').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.certificateId, table.notice] })],
);

export type CertificateAuthority = typeof certificateAuthorities.$inferSelect;
export type ClientCertificate = typeof clientCertificates.$inferSelect;

/** An owner ("support team") asks the platform team to accept a new CA. */
export const caRequests = sqliteTable('ca_requests', {
  id: text('id').primaryKey(),
  requestedBy: text('requested_by')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  certificatePem: text('certificate_pem').notNull(),
  reason: text('reason').notNull(),
  status: text('status', { enum: ['pending', 'added', 'declined'] }).notNull(),
  decidedBy: text('decided_by'),
  decisionReason: text('decision_reason'),
  createdAt: createdAt(),
  decidedAt: integer('decided_at', { mode: 'number' }),
});

export type CaRequest = typeof caRequests.$inferSelect;
