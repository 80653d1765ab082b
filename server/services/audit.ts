import { and, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { likeLiteral } from '../db/like.ts';
import type { Database } from '../db/client.ts';
import { auditEvents, users } from '../db/schema.ts';
import { newId } from '../ids.ts';

interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  apiSlug?: string;
  reason?: string;
}

/**
 * Appends an event. There is no update or delete of events anywhere: the log is append-only.
 * `now` is the caller's clock (ServiceContext.now), never a default, so a test's clock dates every event.
 */
export async function appendAudit(writer: Pick<Database, 'insert'>, entry: AuditEntry, now: number): Promise<void> {
  await writer.insert(auditEvents).values({ id: newId('evt'), ...entry, apiSlug: entry.apiSlug ?? null, reason: entry.reason ?? null, createdAt: now });
}

interface AuditFilter {
  apiSlugs?: string[];
  action?: string;
  actorId?: string;
  from?: number;
  to?: number;
  limit?: number;
}

/** The account an event is about, when it is about a person (a role change, an owner confirmation). */
const target = alias(users, 'target');

/** Newest first, with the actor's email and name where there is one, and the name of the person a user event is about. */
export async function listAudit(db: Database, filter: AuditFilter) {
  const conditions = [
    filter.apiSlugs ? inArray(auditEvents.apiSlug, filter.apiSlugs) : undefined,
    filter.action ? likeLiteral(auditEvents.action, filter.action, 'prefix') : undefined,
    filter.actorId ? eq(auditEvents.actorId, filter.actorId) : undefined,
    filter.from !== undefined ? gte(auditEvents.createdAt, filter.from) : undefined,
    filter.to !== undefined ? lte(auditEvents.createdAt, filter.to) : undefined,
  ].filter((condition) => condition !== undefined);
  return db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      apiSlug: auditEvents.apiSlug,
      reason: auditEvents.reason,
      createdAt: auditEvents.createdAt,
      actorId: auditEvents.actorId,
      actorEmail: users.email,
      actorName: users.fullName,
      targetName: target.fullName,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .leftJoin(target, and(eq(auditEvents.targetType, 'user'), eq(target.id, auditEvents.targetId)))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.createdAt))
    .limit(Math.min(filter.limit ?? 1000, 10_000));
}

/** RFC 4180 CSV; cells starting with = + - @ are prefixed so spreadsheets do not run them. */
export function toCsv(rows: Array<Record<string, string | number | null>>, columns: string[]): string {
  const cell = (value: string | number | null | undefined) => {
    let text = value === null || value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))].join('\r\n')}\r\n`;
}
