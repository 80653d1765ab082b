import { expect, it } from 'vitest';
import { addWorkingDays, workingDaysBetween } from '../../server/rules/working-days.ts';

it('counts Monday to Friday only', () => {
  // Monday 23 November 2026 + 5 working days = Monday 30 November.
  expect(addWorkingDays(new Date('2026-11-23T10:00:00Z'), 5).toISOString()).toBe('2026-11-30T10:00:00.000Z');
  // Friday + 1 = Monday.
  expect(addWorkingDays(new Date('2026-11-27T09:00:00Z'), 1).toISOString().slice(0, 10)).toBe('2026-11-30');
  expect(workingDaysBetween(new Date('2026-11-23T00:00:00Z'), new Date('2026-11-30T00:00:00Z'))).toBe(5);
  expect(workingDaysBetween(new Date('2026-11-30T00:00:00Z'), new Date('2026-11-23T00:00:00Z'))).toBe(-5);
});
