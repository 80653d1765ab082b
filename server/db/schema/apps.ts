import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { AUTH_METHODS, ENVIRONMENTS } from '../../../plugins/portico/contract.ts';
import type { StoredReview } from '../../rules/review-checklist.ts';
import { createdAt } from './columns.ts';
import { users } from './accounts.ts';

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
