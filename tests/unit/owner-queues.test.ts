import { describe, expect, it } from 'vitest';
import { ageInDays, arrangeQueues, isWaiting, queueOf, type QueueFacts } from '../../server/rules/owner-queues.ts';

const DAY = 86_400_000;
const now = Date.parse('2026-12-02T12:00:00Z');
const row = (kind: QueueFacts['kind'], status: string, daysAgo: number, extra: Partial<QueueFacts> = {}): QueueFacts & { name: string } => ({
  kind,
  status,
  apiSlug: 'claims',
  createdAt: now - daysAgo * DAY,
  name: `${kind}-${status}-${daysAgo}`,
  ...extra,
});

describe('which queue, and whether it waits', () => {
  it('sorts each kind into its queue: mTLS access is reviewed apart from client-secret access', () => {
    expect(queueOf({ kind: 'doc_access' })).toBe('documentation');
    expect(queueOf({ kind: 'certificate' })).toBe('certificates');
    expect(queueOf({ kind: 'api_access', authMethod: 'client_secret' })).toBe('app_access');
    expect(queueOf({ kind: 'api_access', authMethod: 'mtls' })).toBe('mtls_reviews');
  });

  it.each([
    ['doc_access', 'pending', true],
    ['doc_access', 'approved', false],
    ['doc_access', 'withdrawn', false],
    ['api_access', 'pending', true],
    ['api_access', 'suspended', true],
    ['api_access', 'revoked', false],
    ['certificate', 'pending', true],
    ['certificate', 'awaiting_ca', true],
    ['certificate', 'expired', false],
  ] as const)('%s %s waits: %s', (kind, status, waiting) => {
    expect(isWaiting({ kind, status })).toBe(waiting);
  });

  it('the age is whole days, never negative', () => {
    expect(ageInDays(now - DAY + 1, now)).toBe(0);
    expect(ageInDays(now - 3 * DAY, now)).toBe(3);
    expect(ageInDays(now + DAY, now)).toBe(0);
  });
});

describe('arrangeQueues: one filter for every queue', () => {
  const rows = [
    row('api_access', 'pending', 2, { authMethod: 'client_secret' }),
    row('doc_access', 'approved', 9),
    row('api_access', 'pending', 5, { authMethod: 'mtls' }),
    row('certificate', 'awaiting_ca', 1),
    row('api_access', 'pending', 7, { authMethod: 'client_secret', apiSlug: 'payments' }),
  ];

  it('waiting: every queue is listed, an empty one with 0, the others oldest first with their age', () => {
    const queues = arrangeQueues(rows, { state: 'waiting' }, now);
    expect(queues.map((queue) => [queue.name, queue.count])).toEqual([
      ['documentation', 0],
      ['app_access', 2],
      ['certificates', 1],
      ['mtls_reviews', 1],
    ]);
    expect(queues[1]!.entries.map((entry) => [entry.apiSlug, entry.ageDays])).toEqual([
      ['payments', 7],
      ['claims', 2],
    ]);
  });

  it('decided and one API: the same filter in every queue', () => {
    const decided = arrangeQueues(rows, { state: 'decided', apiSlug: 'claims' }, now);
    expect(decided.map((queue) => queue.count)).toEqual([1, 0, 0, 0]);
    const payments = arrangeQueues(rows, { state: 'all', apiSlug: 'payments' }, now);
    expect(payments.flatMap((queue) => queue.entries).map((entry) => entry.apiSlug)).toEqual(['payments']);
  });
});
