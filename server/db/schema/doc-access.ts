import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns.ts';
import { users } from './accounts.ts';

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

export type DocAccess = typeof docAccess.$inferSelect;
