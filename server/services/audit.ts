import { and, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { likeLiteral } from '../db/like.ts';
import type { Database } from '../db/client.ts';
import { apiAccess, apps, auditEvents, caRequests, certificateAuthorities, clientCertificates, docAccess, users } from '../db/schema.ts';
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
  /** Who acted: an account id, or an email address (what the admin page keeps in its URL). */
  actor?: string;
  from?: number;
  to?: number;
  limit?: number;
}

/** The person an event is about: the account itself, a documentation access's reader, a certificate's holder. */
const person = alias(users, 'person');
/** The app an event is about: the app itself, or the app of an API access. */
const app = alias(apps, 'about_app');

const about = (type: string, id: SQLiteColumn) => and(eq(auditEvents.targetType, type), eq(id, auditEvents.targetId));
const personId = sql`case ${auditEvents.targetType} when 'user' then ${auditEvents.targetId} when 'doc_access' then ${docAccess.userId} when 'client_certificate' then ${clientCertificates.userId} end`;
const appId = sql`case ${auditEvents.targetType} when 'app' then ${auditEvents.targetId} when 'api_access' then ${apiAccess.appId} end`;
/** An owner assignment is about an address and a domain rule about a domain: their target is already a name. */
const targetName = sql<string | null>`coalesce(${person.fullName}, ${app.name}, ${certificateAuthorities.name}, ${caRequests.name},
  case when ${auditEvents.targetType} in ('api_owner', 'email_domain') then ${auditEvents.targetId} end)`;

function conditionsOf(filter: AuditFilter) {
  const actor = filter.actor?.includes('@') ? eq(users.email, filter.actor.toLowerCase()) : filter.actor ? eq(auditEvents.actorId, filter.actor) : undefined;
  return [
    filter.apiSlugs ? inArray(auditEvents.apiSlug, filter.apiSlugs) : undefined,
    filter.action ? likeLiteral(auditEvents.action, filter.action, 'prefix') : undefined,
    actor,
    filter.from !== undefined ? gte(auditEvents.createdAt, filter.from) : undefined,
    filter.to !== undefined ? lte(auditEvents.createdAt, filter.to) : undefined,
  ].filter((condition) => condition !== undefined);
}

/**
 * Newest first, with the actor's email and name where there is one, and the name of what the event
 * is about (a person, an app, a CA, an address or a domain; null for anything else or gone).
 */
export async function listAudit(db: Database, filter: AuditFilter) {
  const conditions = conditionsOf(filter);
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
      targetName,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .leftJoin(docAccess, about('doc_access', docAccess.id))
    .leftJoin(clientCertificates, about('client_certificate', clientCertificates.id))
    .leftJoin(apiAccess, about('api_access', apiAccess.id))
    .leftJoin(certificateAuthorities, about('certificate_authority', certificateAuthorities.id))
    .leftJoin(caRequests, about('ca_request', caRequests.id))
    .leftJoin(person, eq(person.id, personId))
    .leftJoin(app, eq(app.id, appId))
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
