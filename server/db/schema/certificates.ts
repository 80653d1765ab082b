import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns.ts';
import { users } from './accounts.ts';

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
