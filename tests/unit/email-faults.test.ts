import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../server/db/schema.ts';
import { deliverDueEmails, enqueueEmail } from '../../server/email/outbox.ts';
import { EmailSendError, createResendTransport, retryAfterOf, type EmailTransport } from '../../server/email/transports.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { createTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * The email provider down, slow, rate limiting or failing: with a batch of messages, each
 * is delivered exactly once when it is back — counted at the fake by Idempotency-Key and by
 * recipient + subject — and every retry carried the message's own key. The real Resend SDK
 * talks to tests/support/fake-resend.ts; the clock is simulated so backoffs take no time.
 */

const FROM = 'Portico <portal@insurer.example>';
const N = 50;
const T0 = 1_000_000;
let portal: TestPortal;
let resend: FakeResend;
let ids: string[];

beforeEach(async () => {
  portal = await createTestPortal();
  resend = await startFakeResend();
  ids = [];
  for (let index = 0; index < N; index++) {
    ids.push(
      await enqueueEmail(
        portal.handle.db,
        `reader${index}@broker.example`,
        'password-changed',
        { fullName: `Reader ${index}`, signInUrl: 'http://portal.test/signin' },
        T0,
      ),
    );
  }
});
afterEach(async () => {
  await resend.close();
  await portal.close();
});

const rows = () => portal.handle.db.select().from(outbox).orderBy(asc(outbox.createdAt));

/**
 * Worker rounds on a simulated clock — `workers` instances at once — jumping to the next due
 * time, until nothing is pending. `beforeRound` injects the faults of that round.
 */
async function drain(transport: EmailTransport, options: { from?: number; workers?: number; beforeRound?: (round: number) => void | Promise<void> } = {}) {
  let now = options.from ?? T0;
  for (let round = 1; round <= 400; round++) {
    await options.beforeRound?.(round);
    await Promise.all(Array.from({ length: options.workers ?? 1 }, () => deliverDueEmails(portal.handle.db, transport, FROM, now)));
    const pending = (await rows()).filter((row) => row.status === 'pending');
    if (pending.length === 0) return { rounds: round, now };
    now = Math.max(now + 1000, Math.min(...pending.map((row) => row.nextAttemptAt)));
  }
  throw new Error('the outbox did not drain in 400 rounds');
}

/** Every message sent, once: by key, by recipient + subject, and as the outbox recorded it. */
async function expectEachDeliveredOnce() {
  const all = await rows();
  expect(all.filter((row) => row.status !== 'sent')).toEqual([]);
  expect(resend.received).toHaveLength(N);
  expect(new Set(resend.received.map((email) => email.idempotencyKey))).toEqual(new Set(ids));
  const byRecipientAndSubject = new Map<string, number>();
  for (const email of resend.received)
    byRecipientAndSubject.set(`${email.to.join()}|${email.subject}`, (byRecipientAndSubject.get(`${email.to.join()}|${email.subject}`) ?? 0) + 1);
  expect(byRecipientAndSubject.size).toBe(N);
  expect([...byRecipientAndSubject.values()].every((count) => count === 1)).toBe(true);
  expect(new Set(all.map((row) => row.providerId)).size).toBe(N);
  // Every call to the provider carried the key of one of our messages: retries reuse it.
  expect(resend.attempts.every((attempt) => attempt.idempotencyKey !== undefined && ids.includes(attempt.idempotencyKey))).toBe(true);
  expect(resend.attempts.filter((attempt) => attempt.outcome === 'accepted')).toHaveLength(N);
  return all;
}

function attemptsByKey() {
  const counts = new Map<string, number>();
  for (const attempt of resend.attempts) counts.set(attempt.idempotencyKey ?? '', (counts.get(attempt.idempotencyKey ?? '') ?? 0) + 1);
  return counts;
}

describe('email delivery through provider faults (50 messages, real Resend SDK)', () => {
  it('500/502/503 bursts with two workers at once: each message goes out once, retries carry the same key', async () => {
    const transport = createResendTransport('re_test_key', resend.url);
    const bursts = [500, 502, 503, 500, 500, 503];
    let injected = 0;
    const { rounds } = await drain(transport, {
      workers: 2,
      beforeRound: (round) => {
        if (round % 2 === 1 && round <= 9) {
          resend.failNext(...bursts);
          injected += bursts.length;
        }
      },
    });
    const all = await expectEachDeliveredOnce();
    const failed = resend.attempts.filter((attempt) => attempt.outcome === 'failed');
    expect(failed.length).toBe(injected);
    const retriedKeys = [...attemptsByKey()].filter(([, count]) => count > 1).map(([key]) => key);
    expect(retriedKeys.length).toBeGreaterThan(0);
    for (const key of retriedKeys) expect(all.find((row) => row.id === key)?.attempts).toBeGreaterThan(1);
    console.info(
      `[email-faults] 5xx bursts: ${N} messages, ${injected} failures injected, ${rounds} rounds, ${retriedKeys.length} messages retried, ${resend.received.length} delivered`,
    );
  });

  it('429 with Retry-After: the message waits as long as the provider asks, the others go on, none doubled', async () => {
    const transport = createResendTransport('re_test_key', resend.url);
    resend.rateLimitNext(1, 600);
    expect(await deliverDueEmails(portal.handle.db, transport, FROM, T0)).toEqual({ sent: 0, retried: 1, failed: 0 });
    const [limited] = (await rows()).filter((row) => row.attempts === 1);
    expect(limited?.status).toBe('pending');
    expect(limited?.lastError).toContain('429');
    // Our backoff would retry after 30 s; the provider asked for 600 s.
    expect(limited?.nextAttemptAt).toBeGreaterThanOrEqual(T0 + 600_000);
    // A short Retry-After does not shorten our own backoff.
    resend.rateLimitNext(3, 2);
    let now = T0 + 1000;
    for (let round = 0; round < 3; round++, now += 1000) await deliverDueEmails(portal.handle.db, transport, FROM, now);
    for (let round = 0; round < 5; round++, now += 1000) await deliverDueEmails(portal.handle.db, transport, FROM, now);
    const waiting = (await rows()).filter((row) => row.status === 'pending');
    expect(waiting).toHaveLength(4);
    expect(waiting.every((row) => row.attempts === 1)).toBe(true);
    for (const row of waiting) expect(row.nextAttemptAt - now).toBeGreaterThan(20_000);
    expect(resend.inbox(limited?.recipient ?? '')).toEqual([]);
    const { rounds } = await drain(transport, { from: now });
    await expectEachDeliveredOnce();
    expect(resend.attempts.filter((attempt) => attempt.status === 429)).toHaveLength(4);
    console.info(
      `[email-faults] 429: ${N} messages, 4 rate limits (Retry-After 600 s and 2 s), ${rounds} rounds to drain, ${resend.received.length} delivered`,
    );
  });

  it('provider down (connection refused) then back: nothing lost, nothing doubled', async () => {
    const transport = createResendTransport('re_test_key', resend.url);
    expect((await deliverDueEmails(portal.handle.db, transport, FROM, T0)).sent).toBe(20);
    await resend.down();
    let now = T0 + 1000;
    let refused = 0;
    for (let round = 0; round < 12; round++, now += 30_000) refused += (await deliverDueEmails(portal.handle.db, transport, FROM, now)).retried;
    expect(refused).toBeGreaterThan(5);
    expect(resend.received).toHaveLength(20);
    const retried = (await rows()).filter((row) => row.status === 'pending' && row.attempts > 0);
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((row) => /unreachable|an error/.test(row.lastError ?? ''))).toBe(true);
    await resend.up();
    const { rounds } = await drain(transport, { from: now });
    await expectEachDeliveredOnce();
    console.info(
      `[email-faults] down: ${N} messages, ${refused} sends refused while down, ${rounds} rounds after it came back, ${resend.received.length} delivered`,
    );
  });

  it('slow provider (answers after the timeout): the late answer is retried with the same key and not sent twice', async () => {
    const transport = createResendTransport('re_test_key', resend.url, { timeoutMs: 150 });
    resend.setDelay(600);
    let now = T0;
    for (let round = 0; round < 6; round++, now += 31_000) {
      expect(await deliverDueEmails(portal.handle.db, transport, FROM, now)).toMatchObject({ sent: 0, retried: 1 });
    }
    const timedOut = (await rows()).filter((row) => row.lastError?.includes('did not answer within 150 ms'));
    expect(timedOut.length).toBeGreaterThan(0);
    // The provider did send those: they must not be sent again when it answers in time.
    const sentWhileSlow = resend.received.length;
    expect(sentWhileSlow).toBeGreaterThan(0);
    resend.setDelay(0);
    const { rounds } = await drain(transport, { from: now });
    await expectEachDeliveredOnce();
    const replayed = resend.attempts.filter((attempt) => attempt.outcome === 'replayed' || attempt.outcome === 'concurrent');
    expect(replayed.length).toBeGreaterThanOrEqual(sentWhileSlow);
    console.info(
      `[email-faults] slow: ${N} messages, ${timedOut.length} timed out (answer 600 ms > timeout 150 ms), ${replayed.length} retries answered by key without sending, ${rounds} rounds, ${resend.received.length} delivered`,
    );
  });

  it('a provider that never answers does not hold the worker: the round ends at the timeout', async () => {
    const transport = createResendTransport('re_test_key', resend.url, { timeoutMs: 200 });
    resend.setDelay(Infinity);
    // Without a timeout this call waits for Node's 5-minute header timeout and the test fails.
    expect(await deliverDueEmails(portal.handle.db, transport, FROM, T0)).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(resend.received).toHaveLength(1);
    resend.setDelay(0);
    await drain(transport, { from: T0 + 31_000 });
    await expectEachDeliveredOnce();
    expect(resend.attempts.filter((attempt) => attempt.outcome === 'replayed')).toHaveLength(1);
  });

  it('every fault in turn, two workers at once: each message exactly once', async () => {
    const transport = createResendTransport('re_test_key', resend.url, { timeoutMs: 150 });
    const faults = { '5xx': 0, '429': 0, down: 0, slow: 0 };
    const { rounds } = await drain(transport, {
      workers: 2,
      beforeRound: async (round) => {
        const step = round % 8;
        if (step === 1) {
          resend.failNext(500, 503, 500);
          faults['5xx'] += 3;
        }
        if (step === 2) {
          resend.rateLimitNext(2, 120);
          faults['429'] += 2;
        }
        if (step === 3) {
          await resend.down();
          faults.down++;
        }
        if (step === 4) await resend.up();
        if (step === 5) {
          resend.setDelay(400);
          faults.slow++;
        }
        if (step === 6) resend.setDelay(0);
      },
    });
    await expectEachDeliveredOnce();
    console.info(
      `[email-faults] mixed: ${N} messages, faults ${JSON.stringify(faults)}, ${resend.attempts.length} provider calls, ${rounds} rounds, ${resend.received.length} delivered`,
    );
  });

  it('the same key with other content is refused for good (Resend 409 invalid_idempotent_request), not retried', async () => {
    const transport = createResendTransport('re_test_key', resend.url);
    const email = { id: 'msg_same_key_other_body', from: FROM, to: 'jane@broker.example', subject: 'One', html: '<p>1</p>', text: '1' };
    await transport.send(email);
    const error = await transport.send({ ...email, subject: 'Two' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmailSendError);
    expect(error).toMatchObject({ retryable: false });
    expect(await rows().then((all) => all.filter((row) => row.status !== 'pending'))).toEqual([]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterOf({ 'retry-after': '120' })).toBe(120_000);
    expect(retryAfterOf({ 'retry-after': new Date(T0 + 90_000).toUTCString() }, T0)).toBe(90_000);
    expect(retryAfterOf({ 'retry-after': 'soon' })).toBeUndefined();
    expect(retryAfterOf(null)).toBeUndefined();
  });
});
