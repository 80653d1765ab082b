import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '../../server/db/client.ts';
import { apiAccess, auditEvents, docAccess, outbox } from '../../server/db/schema.ts';
import { requestApiAccess } from '../../server/services/api-access.ts';
import { createConsumerApp } from '../../server/services/apps.ts';
import { createServiceContext, type ServiceContext } from '../../server/services/context.ts';
import { requestDocAccess } from '../../server/services/doc-access.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { portalClient, startPortalProcess, type PortalProcess } from '../support/portal-process.ts';
import { assignOwner, consumers, seedAccounts, type SeededAccount } from '../support/seed-accounts.ts';
import { syntheticSite } from '../support/synthetic-site.ts';
import { ORIGIN, TEST_APIS } from '../support/test-portal.ts';

/**
 * SIGKILL in the middle of approvals. A real portal process decides pending documentation and
 * API access requests sent by owners over HTTP while its email worker sends through the real
 * Resend SDK; it is killed after some answers came back and while others are in flight, then
 * restarted on the same SQLite file. After every restart: each request is in exactly one valid
 * state, every 2xx the owners saw holds, every decision has one audit event and one email, and
 * the fake provider receives each email exactly once.
 */

const CONSUMERS = 50;
const BATCH = 50;
/**
 * Per round: which decisions the owners send, and the kill — this many answers after the batch
 * went out, plus a few milliseconds. Refusals carry a body, approvals none: the embedded driver
 * answers the approvals of a mixed batch first, so rounds 1 and 2 kill in the middle of one kind.
 */
const ROUNDS: Array<{ mix: Mix; killAfter: number; delayMs: number }> = [
  { mix: 'refuse', killAfter: 9, delayMs: 0 },
  { mix: 'approve', killAfter: 20, delayMs: 8 },
  { mix: 'mixed', killAfter: 42, delayMs: 3 },
];
/** A restart comes "later" than the email leases (60 s) the killed process held. */
const LEASE_GAP_MS = 61_000;
const WHY = 'A claims declaration app for our brokers, please.';

type Kind = 'doc' | 'api';
type Decision = 'approve' | 'refuse';
type Mix = Decision | 'mixed';
interface SeededRequest {
  id: string;
  kind: Kind;
  apiTitle: string;
  consumer: SeededAccount;
  decider: SeededAccount;
  /** A second owner of the same API, raced against the first on some requests. */
  deputy?: SeededAccount;
}
interface Outcome {
  id: string;
  decision: Decision;
  status: number | 'no answer';
}

let dir: string;
let databaseFile: string;
let handle: DatabaseHandle;
let resend: FakeResend;
const requests: SeededRequest[] = [];
const outcomes: Outcome[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-crash-'));
  databaseFile = path.join(dir, 'portal.db');
  handle = await openDatabase(`file:${databaseFile}`);
  await migrateDatabase(handle);
  await seedRequests();
  resend = await startFakeResend();
  // The provider takes a moment: a kill often lands between "sent" and "recorded".
  resend.setDelay(10);
});
afterAll(async () => {
  await resend?.close();
  handle?.close();
  await rm(dir, { recursive: true, force: true });
});

async function seedRequests(): Promise<void> {
  const [claimsOwner, claimsDeputy, paymentsOwner, quotesOwner] = await seedAccounts(handle.db, [
    { email: 'claims-owner@insurer.example', fullName: 'Claire Owner', company: 'Insurer' },
    { email: 'claims-deputy@insurer.example', fullName: 'Dan Deputy', company: 'Insurer' },
    { email: 'payments-owner@insurer.example', fullName: 'Paul Owner', company: 'Insurer' },
    { email: 'quotes-owner@insurer.example', fullName: 'Quentin Owner', company: 'Insurer' },
  ]);
  await assignOwner(handle.db, 'claims', 'claims-deputy@insurer.example');
  const context: ServiceContext = createServiceContext({ db: handle.db, siteUrl: ORIGIN, manifest: syntheticSite(TEST_APIS).manifest, now: Date.now });
  for (const consumer of await seedAccounts(handle.db, consumers(CONSUMERS))) {
    const claims = await requestDocAccess(context, consumer.user, 'claims', WHY);
    const payments = await requestDocAccess(context, consumer.user, 'payments', WHY);
    const { app } = await createConsumerApp(context, consumer.user, {
      name: `${consumer.user.company} app`,
      description: '',
      businessContact: consumer.user.email,
      technicalContact: consumer.user.email,
    });
    const quotes = await requestApiAccess(context, consumer.user, app, { apiSlug: 'quotes', environment: 'sandbox', authMethod: 'client_secret' });
    if (!claims.ok || !payments.ok || !quotes.ok) throw new Error('seeding a request failed');
    requests.push({ id: claims.access.id, kind: 'doc', apiTitle: 'Claims API', consumer, decider: claimsOwner!, deputy: claimsDeputy! });
    requests.push({ id: payments.access.id, kind: 'doc', apiTitle: 'Payments API', consumer, decider: paymentsOwner! });
    requests.push({ id: quotes.access.id, kind: 'api', apiTitle: 'Quotes API', consumer, decider: quotesOwner! });
  }
}

const decisionOf = (index: number, mix: Mix): Decision => (mix === 'mixed' ? (index % 3 === 1 ? 'refuse' : 'approve') : mix);

async function decide(origin: string, request: SeededRequest, decision: Decision, by: SeededAccount): Promise<number> {
  const call = portalClient(origin, by.token);
  const base = request.kind === 'doc' ? `/api/owner/requests/${request.id}` : `/api/owner/api-access/${request.id}`;
  return (await call('POST', `${base}/${decision}`, decision === 'refuse' ? { reason: 'No contract with this partner yet' } : undefined)).status;
}

/**
 * Fires decisions at once — on every fifth Claims request the deputy owner races the owner with
 * the opposite decision — and, given `kill`, SIGKILLs the portal after that many answers.
 */
async function decideBatch(portal: PortalProcess, batch: SeededRequest[], mix: Mix, kill?: { killAfter: number; delayMs: number }) {
  let answered = 0;
  const calls = batch.flatMap((request, index) => {
    const decision = decisionOf(index, mix);
    const racers: Array<[Decision, SeededAccount]> = [[decision, request.decider]];
    if (request.deputy && index % 5 === 0) racers.push([decision === 'approve' ? 'refuse' : 'approve', request.deputy]);
    return racers.map(async ([chosen, by]): Promise<Outcome> => {
      try {
        const status = await decide(portal.origin, request, chosen, by);
        if (++answered === kill?.killAfter) setTimeout(() => void portal.kill('SIGKILL'), kill.delayMs);
        return { id: request.id, decision: chosen, status };
      } catch {
        return { id: request.id, decision: chosen, status: 'no answer' };
      }
    });
  });
  const results = await Promise.all(calls);
  if (kill) await portal.kill('SIGKILL');
  outcomes.push(...results);
  return {
    fired: results.length,
    ok: results.filter((result) => result.status === 200).length,
    conflicts: results.filter((result) => result.status === 409).length,
    noAnswer: results.filter((result) => result.status === 'no answer').length,
  };
}

async function pendingRequests(): Promise<SeededRequest[]> {
  const docs = await handle.db.select({ id: docAccess.id }).from(docAccess).where(eq(docAccess.status, 'pending'));
  const apis = await handle.db.select({ id: apiAccess.id }).from(apiAccess).where(eq(apiAccess.status, 'pending'));
  const ids = new Set([...docs, ...apis].map((row) => row.id));
  return requests.filter((request) => ids.has(request.id));
}

async function waitForOutboxDrained(portal: PortalProcess): Promise<void> {
  for (let waited = 0; waited < 40_000; waited += 100) {
    const left = await handle.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.status, 'pending'));
    if (left.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the outbox did not drain:\n${portal.stderr()}`);
}

const STATUS_OF: Record<Decision, string> = { approve: 'approved', refuse: 'refused' };

/** Every request in exactly one valid state, agreeing with what owners were told, the audit log and the outbox. */
async function expectConsistent(): Promise<{ pending: number; approved: number; refused: number }> {
  const rows = [
    ...(await handle.db.select().from(docAccess)).map((row) => ({ ...row, kind: 'doc' as const })),
    ...(await handle.db.select().from(apiAccess)).map((row) => ({ ...row, kind: 'api' as const })),
  ];
  const events = await handle.db.select().from(auditEvents);
  const mails = await handle.db.select().from(outbox);
  expect(rows.map((row) => row.id).sort()).toEqual(requests.map((request) => request.id).sort());
  const counts = { pending: 0, approved: 0, refused: 0 };
  const decisionMails = mails.filter((mail) => ['doc-access-granted', 'doc-access-refused', 'api-access-decided'].includes(mail.template));
  for (const request of requests) {
    const row = rows.find((candidate) => candidate.id === request.id)!;
    expect(['pending', 'approved', 'refused']).toContain(row.status);
    counts[row.status as keyof typeof counts]++;
    const decided = row.status !== 'pending';
    // No half state: a decision is its status, its decider and its time, or none of them.
    expect([row.decidedAt !== null, row.decidedBy !== null]).toEqual([decided, decided]);
    if (row.status === 'refused') expect(row.decisionReason).toBeTruthy();
    const prefix = request.kind === 'doc' ? 'doc_access' : 'api_access';
    const mine = events.filter((event) => event.targetId === request.id);
    expect(mine.filter((event) => event.action === `${prefix}.requested`)).toHaveLength(1);
    expect(mine.filter((event) => event.action !== `${prefix}.requested`).map((event) => event.action)).toEqual(decided ? [`${prefix}.${row.status}`] : []);
    const mail = decisionMails.filter(
      (candidate) => candidate.recipient === request.consumer.user.email && (candidate.payload as { apiTitle: string }).apiTitle === request.apiTitle,
    );
    expect(mail).toHaveLength(decided ? 1 : 0);
    if (decided)
      expect(request.kind === 'doc' ? mail[0]!.template : (mail[0]!.payload as { decision: string }).decision).toBe(
        request.kind === 'doc' ? (row.status === 'approved' ? 'doc-access-granted' : 'doc-access-refused') : row.status,
      );
    const seen = outcomes.filter((outcome) => outcome.id === request.id);
    const won = seen.filter((outcome) => outcome.status === 200);
    expect(won.length).toBeLessThanOrEqual(1);
    if (won[0]) expect(row.status).toBe(STATUS_OF[won[0].decision]);
    if (seen.some((outcome) => outcome.status === 409)) expect(decided).toBe(true);
  }
  expect(decisionMails).toHaveLength(counts.approved + counts.refused);
  // No orphan: every audit event about a request names one that exists.
  const ids = new Set(rows.map((row) => row.id));
  expect(events.filter((event) => (event.targetType === 'doc_access' || event.targetType === 'api_access') && !ids.has(event.targetId))).toEqual([]);
  return counts;
}

/** Each queued email reached the provider exactly once: all keys, no key twice, no (recipient, subject) twice. */
async function expectEachEmailDeliveredOnce(): Promise<void> {
  const mails = await handle.db.select().from(outbox);
  expect(mails.filter((mail) => mail.status !== 'sent')).toEqual([]);
  expect(resend.received).toHaveLength(mails.length);
  expect(new Set(resend.received.map((email) => email.idempotencyKey))).toEqual(new Set(mails.map((mail) => mail.id)));
  expect(new Set(resend.received.map((email) => `${email.to.join()}|${email.subject}`)).size).toBe(resend.received.length);
}

describe('SIGKILL in the middle of approvals', () => {
  it('after each restart every request is in one consistent state and every decision email goes out once', async () => {
    const figures: string[] = [];
    let portal = await startPortalProcess({ databaseFile, resendUrl: resend.url });
    for (const [round, plan] of ROUNDS.entries()) {
      const before = (await pendingRequests()).length;
      const fired = await decideBatch(portal, (await pendingRequests()).slice(0, BATCH), plan.mix, plan);
      portal = await startPortalProcess({ databaseFile, resendUrl: resend.url, clockOffsetMs: (round + 1) * LEASE_GAP_MS });
      await waitForOutboxDrained(portal);
      const counts = await expectConsistent();
      await expectEachEmailDeliveredOnce();
      const decidedWithoutAnswer = before - counts.pending - fired.ok;
      figures.push(
        `round ${round + 1}: ${fired.fired} ${plan.mix} decisions fired (${before} pending), killed ${plan.delayMs} ms after ${plan.killAfter} answers: ${fired.ok} × 200, ${fired.conflicts} × 409, ${fired.noAnswer} cut off; ${decidedWithoutAnswer} committed without an answer; now ${JSON.stringify(counts)}`,
      );
    }
    // The undecided ones can be decided after the last restart.
    const left = await pendingRequests();
    expect(left.length).toBeGreaterThan(0);
    const last = await decideBatch(portal, left, 'mixed');
    expect(last.noAnswer).toBe(0);
    expect(last.ok).toBe(left.length);
    expect(last.conflicts).toBe(last.fired - left.length);
    await waitForOutboxDrained(portal);
    const final = await expectConsistent();
    expect(final.pending).toBe(0);
    await expectEachEmailDeliveredOnce();
    await portal.kill('SIGTERM');
    const replays = resend.attempts.filter((attempt) => attempt.outcome === 'replayed' || attempt.outcome === 'concurrent').length;
    figures.push(
      `final: ${left.length} decided after restart (${last.conflicts} racing deciders got 409); ${JSON.stringify(final)}; ${resend.received.length} emails delivered once each, ${replays} resends answered by Idempotency-Key without sending`,
    );
    console.info(`[crash-recovery] ${requests.length} requests, ${ROUNDS.length} SIGKILLs\n  ${figures.join('\n  ')}`);
  }, 120_000);
});
