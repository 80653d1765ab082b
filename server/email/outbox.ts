import { and, asc, eq, inArray, isNull, lte, or, lt } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { outbox, type OutboxMessage } from '../db/schema.ts';
import { newId } from '../ids.ts';
import type { Transition } from '../rules/lifecycle.ts';
import { emailStart, emailTransition } from '../rules/email-states.ts';
import { renderTemplate, type TemplateName, type TemplatePayload } from './templates/index.ts';
import { EmailSendError, type EmailTransport } from './transports.ts';

/** A database or transaction: enqueueing happens inside the change it announces. */
type Writer = Pick<Database, 'insert'>;

/** Queues a message due at `now`: the caller's clock (ServiceContext.now), never a default. */
export async function enqueueEmail<Name extends TemplateName>(
  writer: Writer,
  to: string,
  template: Name,
  payload: TemplatePayload<Name>,
  now: number,
): Promise<string> {
  const id = newId('msg');
  await writer.insert(outbox).values({ id, recipient: to, template, payload, status: emailStart(), attempts: 0, nextAttemptAt: now });
  return id;
}

const MAX_ATTEMPTS = 20;
const CLAIM_MS = 60_000;

const MAX_BACKOFF_MS = 3_600_000;

/**
 * 30 s, 1 min, 2 min … capped at 1 h: about 13 hours of retries before giving up, inside the
 * 24 hours Resend remembers an Idempotency-Key (so a late retry is still recognised).
 */
function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends what is due. Each message is claimed first (a lease in the database), so two
 * instances never send the same message; the outbox id is the Idempotency-Key, so a
 * crash between "sent" and "recorded" cannot send it twice either. A retryable failure ends
 * the round: the provider is down, slow or limiting us, and the rest can wait for the next.
 */
export async function deliverDueEmails(db: Database, transport: EmailTransport, from: string, now: number, limit = 20): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  // `now` may be simulated (tests); the time a round has really taken is added to it, so a
  // lease taken late in a slow round is still a full lease.
  const startedAt = Date.now();
  const clock = () => now + (Date.now() - startedAt);
  const due = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now), or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now))))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(limit);
  for (const message of due) {
    const lease = await claim(db, message, clock());
    if (lease === undefined) continue;
    const outcome = await deliverOne(db, transport, from, message, lease, clock);
    report[outcome]++;
    if (outcome === 'retried') break;
  }
  return report;
}

/** Takes the message for CLAIM_MS; returns the lease (its end), or undefined if another worker holds it. */
async function claim(db: Database, message: OutboxMessage, now: number): Promise<number | undefined> {
  const lease = now + CLAIM_MS;
  const claimed = await db
    .update(outbox)
    .set({ lockedUntil: lease })
    .where(and(eq(outbox.id, message.id), eq(outbox.status, 'pending'), or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now))))
    .returning({ id: outbox.id });
  return claimed.length === 1 ? lease : undefined;
}

async function deliverOne(
  db: Database,
  transport: EmailTransport,
  from: string,
  message: OutboxMessage,
  lease: number,
  clock: () => number,
): Promise<keyof DeliveryReport> {
  const attempts = message.attempts + 1;
  // Only the holder of this lease records the outcome: a lease that ran out and was taken by
  // another worker is theirs to record (the provider answers them by the same key).
  const ours = (transition: Transition<OutboxMessage['status']>) =>
    and(eq(outbox.id, message.id), inArray(outbox.status, [...transition.from]), eq(outbox.lockedUntil, lease));
  try {
    const rendered = renderTemplate(message.template, message.payload);
    const { providerId } = await transport.send({ id: message.id, from, to: message.recipient, ...rendered });
    const sent = emailTransition('sent');
    await db.update(outbox).set({ status: sent.to, attempts, sentAt: clock(), providerId, lockedUntil: null, lastError: null }).where(ours(sent));
    return 'sent';
  } catch (error) {
    const retryable = error instanceof EmailSendError ? error.retryable : false;
    const giveUp = !retryable || attempts >= MAX_ATTEMPTS;
    // A provider's Retry-After is honoured when it asks for longer than our own backoff.
    const asked = error instanceof EmailSendError ? Math.min(error.retryAfterMs ?? 0, MAX_BACKOFF_MS) : 0;
    const outcome = emailTransition(giveUp ? 'give_up' : 'retry');
    await db
      .update(outbox)
      .set({
        status: outcome.to,
        attempts,
        nextAttemptAt: clock() + Math.max(backoffMs(attempts), asked),
        lockedUntil: null,
        lastError: (error as Error).message.slice(0, 500),
      })
      .where(ours(outcome));
    return giveUp ? 'failed' : 'retried';
  }
}
