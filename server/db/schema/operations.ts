import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns.ts';
import { users } from './accounts.ts';

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

export type OutboxMessage = typeof outbox.$inferSelect;
