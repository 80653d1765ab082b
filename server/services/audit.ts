import type { Database } from '../db/client.ts';
import { auditEvents } from '../db/schema.ts';
import { newId } from '../ids.ts';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  apiSlug?: string;
  reason?: string;
}

/** Appends an event. There is no update or delete of events anywhere: the log is append-only. */
export async function appendAudit(writer: Pick<Database, 'insert'>, entry: AuditEntry, now = Date.now()): Promise<void> {
  await writer.insert(auditEvents).values({ id: newId('evt'), ...entry, apiSlug: entry.apiSlug ?? null, reason: entry.reason ?? null, createdAt: now });
}
