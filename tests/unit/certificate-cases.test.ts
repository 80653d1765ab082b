import { describe, expect, it } from 'vitest';
import { arrangeCases, caseTimes, type CaseFacts } from '../../server/rules/certificate-cases.ts';
import { workingDaysBefore } from '../../server/rules/working-days.ts';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const day = (time: number) => new Date(time).toISOString().slice(0, 10);

describe('a certificate case: its due date in working days', () => {
  it('a revocation reported on a Thursday is due 5 working days later, the next Thursday (the weekend does not count)', () => {
    const times = caseTimes({ kind: 'revocation', reportedAt: at('2026-11-26T10:00:00Z'), handledAt: null }, at('2026-11-27T10:00:00Z'));
    expect(day(times.dueAt)).toBe('2026-12-03');
    expect(times).toMatchObject({ open: true, overdue: false, ageDays: 1 });
  });

  it('a revocation reported on a Saturday is due the Friday after (5 working days, Monday to Friday)', () => {
    expect(day(caseTimes({ kind: 'revocation', reportedAt: at('2026-11-28T10:00:00Z'), handledAt: null }, at('2026-11-28T11:00:00Z')).dueAt)).toBe(
      '2026-12-04',
    );
  });

  it('is overdue once its due date has passed while still open; never once handled', () => {
    const reportedAt = at('2026-11-20T09:00:00Z'); // a Friday: due Friday 27 November
    expect(caseTimes({ kind: 'revocation', reportedAt, handledAt: null }, at('2026-11-27T08:59:00Z')).overdue).toBe(false);
    expect(caseTimes({ kind: 'revocation', reportedAt, handledAt: null }, at('2026-11-27T09:01:00Z')).overdue).toBe(true);
    const handled = caseTimes({ kind: 'revocation', reportedAt, handledAt: at('2026-11-30T09:00:00Z') }, at('2026-12-02T09:00:00Z'));
    expect(handled).toMatchObject({ open: false, overdue: false, handledAt: at('2026-11-30T09:00:00Z') });
  });

  it('an announced change is due on its change date (the replacement decided before the switch), overdue after it while undecided', () => {
    const facts: CaseFacts = { kind: 'change', announcedAt: at('2026-11-23T10:00:00Z'), changeAt: at('2026-12-01T00:00:00Z'), decidedAt: null };
    expect(caseTimes(facts, at('2026-11-30T12:00:00Z'))).toMatchObject({ dueAt: at('2026-12-01T00:00:00Z'), open: true, overdue: false, ageDays: 7 });
    expect(caseTimes(facts, at('2026-12-01T12:00:00Z')).overdue).toBe(true);
    expect(caseTimes({ ...facts, decidedAt: at('2026-11-25T00:00:00Z') }, at('2026-12-02T12:00:00Z'))).toMatchObject({ open: false, overdue: false });
  });

  it('an expiring certificate is due 5 working days before it ends: the last day to announce its renewal with the notice the guidelines ask', () => {
    // Ends Tuesday 15 December 2026: 5 working days earlier is Tuesday 8 December.
    const facts: CaseFacts = { kind: 'expiring', endsAt: at('2026-12-15T12:00:00Z'), flaggedAt: null, renewedAt: null };
    const times = caseTimes(facts, at('2026-12-02T12:00:00Z'));
    expect(day(times.dueAt)).toBe('2026-12-08');
    // Opened when it entered the 30 days before its end.
    expect(times.openedAt).toBe(at('2026-12-15T12:00:00Z') - 30 * DAY);
    expect(times.ageDays).toBe(17);
    expect(caseTimes(facts, at('2026-12-09T12:00:00Z')).overdue).toBe(true);
    // A renewal announced closes it (the change case takes over).
    expect(caseTimes({ ...facts, renewedAt: at('2026-12-03T00:00:00Z') }, at('2026-12-09T12:00:00Z'))).toMatchObject({ open: false, overdue: false });
  });

  it('a certificate the re-check flagged long before its end opens on the day it was flagged', () => {
    const flaggedAt = at('2026-11-25T03:00:00Z');
    const times = caseTimes({ kind: 'expiring', endsAt: at('2027-06-01T00:00:00Z'), flaggedAt, renewedAt: null }, at('2026-12-02T12:00:00Z'));
    expect(times).toMatchObject({ openedAt: flaggedAt, ageDays: 7, overdue: false });
  });
});

describe('counting working days backwards', () => {
  it('skips the weekend: 1 working day before a Monday is the Friday; 5 before a Wednesday is the Wednesday before', () => {
    expect(day(workingDaysBefore(new Date('2026-11-30T10:00:00Z'), 1).getTime())).toBe('2026-11-27');
    expect(day(workingDaysBefore(new Date('2026-12-02T10:00:00Z'), 5).getTime())).toBe('2026-11-25');
    expect(workingDaysBefore(new Date('2026-12-02T10:30:00Z'), 0).toISOString()).toBe('2026-12-02T10:30:00.000Z');
  });
});

describe('the cases as one list', () => {
  const now = at('2026-12-02T12:00:00Z');
  const rows = [
    { id: 'late', apiSlug: 'claims', kind: 'revocation' as const, reportedAt: at('2026-11-20T09:00:00Z'), handledAt: null },
    { id: 'soon', apiSlug: 'payments', kind: 'expiring' as const, endsAt: at('2026-12-20T00:00:00Z'), flaggedAt: null, renewedAt: null },
    { id: 'done', apiSlug: 'claims', kind: 'revocation' as const, reportedAt: at('2026-11-10T09:00:00Z'), handledAt: at('2026-11-11T09:00:00Z') },
  ];

  it('open cases by default, the earliest due first, each with its due date, age and overdue flag', () => {
    const list = arrangeCases(rows, { state: 'waiting' }, now);
    expect(list.map((entry) => [entry.id, entry.overdue])).toEqual([
      ['late', true],
      ['soon', false],
    ]);
    expect(list[0]).toMatchObject({ ageDays: 12, open: true });
  });

  it('the same filter as the queues: decided, all, one API', () => {
    expect(arrangeCases(rows, { state: 'decided' }, now).map((entry) => entry.id)).toEqual(['done']);
    expect(arrangeCases(rows, { state: 'all' }, now).map((entry) => entry.id)).toEqual(['done', 'late', 'soon']);
    expect(arrangeCases(rows, { state: 'all', apiSlug: 'payments' }, now).map((entry) => entry.id)).toEqual(['soon']);
  });
});
