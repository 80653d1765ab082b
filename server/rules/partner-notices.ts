import type { Journey } from './partner-journey.ts';

/**
 * The in-portal notices of a partner: the decisions others made on their requests, accesses and
 * certificates (newest first, those after they last looked marked new), and the steps of their
 * journeys that wait on them. Pure: the service gathers the rows and the time last seen.
 */

export const DECISION_SUBJECTS = ['documentation', 'api_access', 'certificate'] as const;
type DecisionSubject = (typeof DECISION_SUBJECTS)[number];

export interface DecidedRecord {
  subject: DecisionSubject;
  id: string;
  apiSlug: string;
  status: string;
  decidedAt: number | null;
  /** Who decided: the partner's own acts (a withdrawal, a reported revocation) are no decision for them. */
  decidedBy: string | null;
  decisionReason: string | null;
}

export interface Decision {
  subject: DecisionSubject;
  id: string;
  apiSlug: string;
  status: string;
  decidedAt: number;
  reason: string | null;
  /** Decided after the partner last looked at their portal. */
  unseen: boolean;
}

/** Every decision others made on the partner's records, newest first. */
export function decisionsFor(partnerId: string, records: readonly DecidedRecord[], seenAt: number | null): Decision[] {
  return records
    .filter((record): record is DecidedRecord & { decidedAt: number } => record.decidedAt !== null && record.decidedBy !== partnerId)
    .sort((a, b) => b.decidedAt - a.decidedAt || a.id.localeCompare(b.id))
    .map((record) => ({
      subject: record.subject,
      id: record.id,
      apiSlug: record.apiSlug,
      status: record.status,
      decidedAt: record.decidedAt,
      reason: record.decisionReason,
      unseen: seenAt === null || record.decidedAt > seenAt,
    }));
}

export interface Notices {
  /** Decisions made since the partner last looked. */
  decisions: number;
  /** Steps that wait on the partner (a refusal to answer, a key to prove, a suspension to fix), and an address to confirm. */
  actions: number;
  /** What the navbar's badge says. */
  total: number;
}

export function noticesOf(decisions: readonly Decision[], journeys: readonly Journey[], emailVerified: boolean): Notices {
  const unseen = decisions.filter((decision) => decision.unseen).length;
  const steps = journeys.flatMap((journey) => journey.steps).filter((step) => step.state === 'action_needed').length;
  const actions = steps + (emailVerified ? 0 : 1);
  return { decisions: unseen, actions, total: unseen + actions };
}
