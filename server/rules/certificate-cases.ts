import { EXPIRING_SOON_DAYS } from './certificate-recheck.ts';
import { ageInDays, type QueueFilter } from './owner-queues.ts';
import { addWorkingDays, workingDaysBefore } from './working-days.ts';

/**
 * Certificate cases: what the owners of an API must see to before a date, in one list (the
 * owner console's "Certificate cases" queue). Pure: the service gathers the facts, this gives
 * each case its due date, age and overdue flag at `now`.
 */

/** The guidelines' 5 working days: a reported revocation is handled, and a change announced, within them. */
const CASE_WORKING_DAYS = 5;
const DAY = 86_400_000;

export const CASE_KINDS = ['revocation', 'change', 'expiring'] as const;

export type CaseFacts =
  /** A holder reported the certificate revoked: the owners handle it within 5 working days. */
  | { kind: 'revocation'; reportedAt: number; handledAt: number | null }
  /** A renewal or CA change announced for a date: the replacement must be decided before the switch. */
  | { kind: 'change'; announcedAt: number; changeAt: number; decidedAt: number | null }
  /**
   * An approved certificate that ends within EXPIRING_SOON_DAYS (itself or the CA it chains to), or
   * that the daily re-check flagged: its renewal must be announced 5 working days before it ends.
   */
  | { kind: 'expiring'; endsAt: number; flaggedAt: number | null; renewedAt: number | null };

interface CaseTimes {
  openedAt: number;
  dueAt: number;
  /** When the owners (or the holder's renewal) closed it; null while open. */
  handledAt: number | null;
  open: boolean;
  overdue: boolean;
  ageDays: number;
}

function opened(facts: CaseFacts): Pick<CaseTimes, 'openedAt' | 'dueAt' | 'handledAt'> {
  switch (facts.kind) {
    case 'revocation':
      return { openedAt: facts.reportedAt, dueAt: addWorkingDays(new Date(facts.reportedAt), CASE_WORKING_DAYS).getTime(), handledAt: facts.handledAt };
    case 'change':
      return { openedAt: facts.announcedAt, dueAt: facts.changeAt, handledAt: facts.decidedAt };
    case 'expiring': {
      const windowOpens = facts.endsAt - EXPIRING_SOON_DAYS * DAY;
      return {
        openedAt: facts.flaggedAt === null ? windowOpens : Math.min(windowOpens, facts.flaggedAt),
        dueAt: workingDaysBefore(new Date(facts.endsAt), CASE_WORKING_DAYS).getTime(),
        handledAt: facts.renewedAt,
      };
    }
  }
}

/** A case's due date, age and whether it is overdue (open past its due date) at `now`. */
export function caseTimes(facts: CaseFacts, now: number): CaseTimes {
  const times = opened(facts);
  const open = times.handledAt === null;
  return { ...times, open, overdue: open && now > times.dueAt, ageDays: ageInDays(times.openedAt, now) };
}

/** The queues' filter (waiting: still open; decided: handled), earliest due first. */
export function arrangeCases<T extends CaseFacts & { apiSlug: string }>(rows: readonly T[], filter: QueueFilter, now: number): Array<T & CaseTimes> {
  return rows
    .filter((row) => filter.apiSlug === undefined || row.apiSlug === filter.apiSlug)
    .map((row) => ({ ...row, ...caseTimes(row, now) }))
    .filter((row) => filter.state === 'all' || (filter.state === 'waiting') === row.open)
    .sort((a, b) => a.dueAt - b.dueAt);
}
