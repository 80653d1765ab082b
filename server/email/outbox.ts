import { and, asc, eq, isNull, lte, or, lt } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { outbox, type OutboxMessage } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { renderTemplate, type TemplateName, type TemplatePayload } from './templates/index.ts';
import { EmailSendError, type EmailTransport } from './transports.ts';

/** A database or transaction: enqueueing happens inside the change it announces. */
type Writer = Pick<Database, 'insert'>;

export async function enqueueEmail<Name extends TemplateName>(writer: Writer, to: string, template: Name, payload: TemplatePayload<Name>, now = Date.now()): Promise<string> {
  const id = newId('msg');
  await writer.insert(outbox).values({ id, recipient: to, template, payload, status: 'pending', attempts: 0, nextAttemptAt: now });
  return id;
}

export const MAX_ATTEMPTS = 20;
const CLAIM_MS = 60_000;

/** 30 s, 1 min, 2 min … capped at 1 h: about a day of retries before giving up. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends what is due. Each message is claimed first (a lease in the database), so two
 * instances never send the same message; the outbox id is the Idempotency-Key, so a
 * crash between "sent" and "recorded" cannot send it twice either.
 */
export async function deliverDueEmails(db: Database, transport: EmailTransport, from: string, now = Date.now(), limit = 20): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  const due = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now), or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now))))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(limit);
  for (const message of due) {
    if (!(await claim(db, message, now))) continue;
    report[await deliverOne(db, transport, from, message, now)]++;
  }
  return report;
}

async function claim(db: Database, message: OutboxMessage, now: number): Promise<boolean> {
  const claimed = await db
    .update(outbox)
    .set({ lockedUntil: now + CLAIM_MS })
    .where(and(eq(outbox.id, message.id), eq(outbox.status, 'pending'), or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now))))
    .returning({ id: outbox.id });
  return claimed.length === 1;
}

async function deliverOne(db: Database, transport: EmailTransport, from: string, message: OutboxMessage, now: number): Promise<keyof DeliveryReport> {
  const attempts = message.attempts + 1;
  try {
    const rendered = renderTemplate(message.template, message.payload);
    const { providerId } = await transport.send({ id: message.id, from, to: message.recipient, ...rendered });
    await db.update(outbox).set({ status: 'sent', attempts, sentAt: now, providerId, lockedUntil: null, lastError: null }).where(eq(outbox.id, message.id));
    return 'sent';
  } catch (error) {
    const retryable = error instanceof EmailSendError ? error.retryable : false;
    const giveUp = !retryable || attempts >= MAX_ATTEMPTS;
    await db
      .update(outbox)
      .set({ status: giveUp ? 'failed' : 'pending', attempts, nextAttemptAt: now + backoffMs(attempts), lockedUntil: null, lastError: (error as Error).message.slice(0, 500) })
      .where(eq(outbox.id, message.id));
    return giveUp ? 'failed' : 'retried';
  }
}
