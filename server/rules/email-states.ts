import type { OUTBOX_STATUSES } from '../db/schema.ts';
import type { Transition } from './lifecycle.ts';

/**
 * The lifecycle of an email in the outbox (see rules/lifecycle.ts): queued pending; a delivery
 * attempt leaves it sent, pending again (a retryable failure, tried later) or failed (given up).
 * Only the worker holding the message's lease applies a transition (server/email/outbox.ts).
 */
type EmailStatus = (typeof OUTBOX_STATUSES)[number];
export type EmailOutcome = 'sent' | 'retry' | 'give_up';

const TRANSITIONS: Record<EmailOutcome, Transition<EmailStatus>> = {
  sent: { from: ['pending'], to: 'sent', needsReason: false },
  retry: { from: ['pending'], to: 'pending', needsReason: true },
  give_up: { from: ['pending'], to: 'failed', needsReason: true },
};

export function emailStart(): EmailStatus {
  return 'pending';
}

export function emailTransition(outcome: EmailOutcome): Transition<EmailStatus> {
  return TRANSITIONS[outcome];
}
