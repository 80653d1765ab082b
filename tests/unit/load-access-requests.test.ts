import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '../../server/db/client.ts';
import { apiAccess, auditEvents, docAccess, outbox } from '../../server/db/schema.ts';
import { portalClient, startPortalProcess, type HttpAnswer, type PortalProcess } from '../support/portal-process.ts';
import { assignOwner, consumers, seedAccounts, type SeededAccount } from '../support/seed-accounts.ts';

/**
 * 200 consumers at once ask for documentation access to the two private APIs and for sandbox
 * access for a new app, over real HTTP to a portal process, while two owners per API list their
 * queue and decide what they see — on every fourth request both at once, with opposite
 * decisions. No request is lost, none is decided twice, and the counts per state agree with
 * the audit log and the outbox.
 */

const CONSUMERS = 200;
const WHY = 'A claims declaration app for our brokers, please.';

interface Queue {
  slug: 'claims' | 'payments' | 'quotes';
  title: string;
  kind: 'doc' | 'api';
  owner: SeededAccount;
  deputy: SeededAccount;
}
interface Decided {
  id: string;
  decision: 'approve' | 'refuse';
  status: number;
  raced: boolean;
}

let dir: string;
let handle: DatabaseHandle;
let portal: PortalProcess;
let people: SeededAccount[];
let queues: Queue[];
const counters = { busy: 0 };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-load-'));
  const databaseFile = path.join(dir, 'portal.db');
  handle = await openDatabase(`file:${databaseFile}`);
  await migrateDatabase(handle);
  const owners = await seedAccounts(
    handle.db,
    ['claims', 'payments', 'quotes'].flatMap((slug) => [
      { email: `${slug}-owner@insurer.example`, fullName: `${slug} owner`, company: 'Insurer' },
      { email: `${slug}-deputy@insurer.example`, fullName: `${slug} deputy`, company: 'Insurer' },
    ]),
  );
  for (const slug of ['claims', 'payments', 'quotes']) await assignOwner(handle.db, slug, `${slug}-deputy@insurer.example`);
  const [claimsOwner, claimsDeputy, paymentsOwner, paymentsDeputy, quotesOwner, quotesDeputy] = owners as [
    SeededAccount,
    SeededAccount,
    SeededAccount,
    SeededAccount,
    SeededAccount,
    SeededAccount,
  ];
  queues = [
    { slug: 'claims', title: 'Claims API', kind: 'doc', owner: claimsOwner, deputy: claimsDeputy },
    { slug: 'payments', title: 'Payments API', kind: 'doc', owner: paymentsOwner, deputy: paymentsDeputy },
    { slug: 'quotes', title: 'Quotes API', kind: 'api', owner: quotesOwner, deputy: quotesDeputy },
  ];
  people = await seedAccounts(handle.db, consumers(CONSUMERS));
  portal = await startPortalProcess({ databaseFile });
});
afterAll(async () => {
  await portal?.kill('SIGTERM');
  handle?.close();
  await rm(dir, { recursive: true, force: true });
});

/** One consumer, one click after another: two documentation requests, an app, its sandbox request. */
async function consumerJourney(person: SeededAccount): Promise<Array<{ what: string; answer: HttpAnswer }>> {
  const call = portalClient(portal.origin, person.token, counters);
  const steps: Array<{ what: string; answer: HttpAnswer }> = [];
  for (const slug of ['claims', 'payments'])
    steps.push({ what: slug, answer: await call('POST', '/api/doc-access/requests', { apiSlug: slug, justification: WHY }) });
  const app = await call('POST', '/api/apps', { name: `${person.user.company} app`, businessContact: person.user.email, technicalContact: person.user.email });
  steps.push({ what: 'app', answer: app });
  const clientId = (app.body as { clientId?: string }).clientId;
  if (clientId) steps.push({ what: 'quotes', answer: await call('POST', `/api/apps/${clientId}/api-access`, { apiSlug: 'quotes', environment: 'sandbox' }) });
  return steps;
}

/**
 * The owners of one API: list the pending queue (owner and deputy in turn), decide every new
 * entry — alone, split between them, or on every fourth both at once with opposite decisions —
 * until the consumers are done and the queue is empty.
 */
async function ownersWork(queue: Queue, consumersDone: () => boolean): Promise<{ decided: Decided[]; lists: number }> {
  const decided: Decided[] = [];
  const dispatched = new Set<string>();
  const base = queue.kind === 'doc' ? '/api/owner/requests' : '/api/owner/api-access';
  let lists = 0;
  for (;;) {
    const doneBefore = consumersDone();
    const lister = portalClient(portal.origin, (lists++ % 2 === 0 ? queue.owner : queue.deputy).token, counters);
    const listed = await lister('GET', `${base}?api=${queue.slug}&status=pending`);
    expect(listed.status).toBe(200);
    const rows =
      queue.kind === 'doc'
        ? (listed.body as { requests: Array<{ access: { id: string } }> }).requests
        : (listed.body as { access: Array<{ access: { id: string } }> }).access;
    const fresh = rows.map((row) => row.access.id).filter((id) => !dispatched.has(id));
    if (fresh.length === 0 && doneBefore) return { decided, lists };
    await Promise.all(
      fresh.map(async (id) => {
        const turn = dispatched.size;
        dispatched.add(id);
        const decision = turn % 3 === 2 ? 'refuse' : 'approve';
        if (turn % 4 === 0) {
          const other = decision === 'approve' ? 'refuse' : 'approve';
          const answers = await Promise.all([decide(queue, queue.owner, id, decision), decide(queue, queue.deputy, id, other)]);
          decided.push({ id, decision, status: answers[0], raced: true }, { id, decision: other, status: answers[1], raced: true });
        } else {
          decided.push({ id, decision, status: await decide(queue, turn % 2 === 0 ? queue.owner : queue.deputy, id, decision), raced: false });
        }
      }),
    );
    if (fresh.length === 0) await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

async function decide(queue: Queue, by: SeededAccount, id: string, decision: 'approve' | 'refuse'): Promise<number> {
  const call = portalClient(portal.origin, by.token, counters);
  const base = queue.kind === 'doc' ? `/api/owner/requests/${id}` : `/api/owner/api-access/${id}`;
  return (await call('POST', `${base}/${decision}`, decision === 'refuse' ? { reason: 'No distribution agreement yet' } : undefined)).status;
}

const count = <T>(list: T[], test: (item: T) => boolean) => list.filter(test).length;
type Row = { id: string; status: string };

/** None decided twice: one 200 per request, every other decider got 409, the row holds the winner's decision. */
function expectDecidedOnce(rows: Row[], decided: Decided[]): void {
  expect(decided.filter((entry) => entry.status !== 200 && entry.status !== 409)).toEqual([]);
  for (const row of rows) {
    const answers = decided.filter((entry) => entry.id === row.id);
    const winners = answers.filter((entry) => entry.status === 200);
    expect(winners).toHaveLength(1);
    expect(row.status).toBe(winners[0]!.decision === 'approve' ? 'approved' : 'refused');
    expect(answers.filter((entry) => entry.status === 409)).toHaveLength(answers.length - 1);
  }
  const raced = decided.filter((entry) => entry.raced);
  expect(count(raced, (entry) => entry.status === 409)).toBe(raced.length / 2);
}

/** Counts per state equal the audit events by action; one decision email per request; both owners told of each. */
async function expectCountsReconcile(docRows: Row[], apiRows: Row[]): Promise<void> {
  const events = await handle.db.select().from(auditEvents);
  const mails = await handle.db.select().from(outbox);
  for (const [prefix, list] of [
    ['doc_access', docRows],
    ['api_access', apiRows],
  ] as const) {
    expect(count(list, (row) => row.status === 'pending')).toBe(0);
    expect(count(events, (event) => event.action === `${prefix}.requested`)).toBe(list.length);
    for (const state of ['approved', 'refused'])
      expect(count(events, (event) => event.action === `${prefix}.${state}`)).toBe(count(list, (row) => row.status === state));
  }
  const decisionMail = mails.filter((mail) => ['doc-access-granted', 'doc-access-refused', 'api-access-decided'].includes(mail.template));
  expect(decisionMail).toHaveLength(docRows.length + apiRows.length);
  expect(new Set(decisionMail.map((mail) => `${mail.recipient}|${(mail.payload as { apiTitle: string }).apiTitle}`)).size).toBe(decisionMail.length);
  expect(count(decisionMail, (mail) => mail.template === 'doc-access-granted')).toBe(count(docRows, (row) => row.status === 'approved'));
  expect(count(decisionMail, (mail) => (mail.payload as { decision?: string }).decision === 'approved')).toBe(
    count(apiRows, (row) => row.status === 'approved'),
  );
  expect(count(mails, (mail) => mail.template === 'doc-access-requested')).toBe(docRows.length * 2);
  expect(count(mails, (mail) => mail.template === 'api-access-requested')).toBe(apiRows.length * 2);
}

describe('load: 200 consumers requesting access while owners decide', () => {
  it('loses no request, decides none twice, and the counts reconcile with the audit log and the outbox', async () => {
    const started = Date.now();
    let done = false;
    const owners = queues.map((queue) => ownersWork(queue, () => done));
    const journeys = await Promise.all(people.map((person) => consumerJourney(person)));
    done = true;
    const work = await Promise.all(owners);
    const elapsed = Date.now() - started;

    // Every consumer step succeeded (a 503 would have been retried and counted).
    const steps = journeys.flat();
    const byStatus = new Map<number, number>();
    for (const step of steps) byStatus.set(step.answer.status, (byStatus.get(step.answer.status) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ 201: CONSUMERS * 4 });

    // No request lost, none invented.
    const requestIds = (what: string) => steps.filter((step) => step.what === what).map((step) => (step.answer.body as { id: string }).id);
    const docRows = await handle.db.select().from(docAccess);
    const apiRows = await handle.db.select().from(apiAccess);
    expect(docRows.map((row) => row.id).sort()).toEqual([...requestIds('claims'), ...requestIds('payments')].sort());
    expect(apiRows.map((row) => row.id).sort()).toEqual(requestIds('quotes').sort());

    const decided = work.flatMap((queue) => queue.decided);
    expectDecidedOnce([...docRows, ...apiRows], decided);
    await expectCountsReconcile(docRows, apiRows);

    const rows = [...docRows, ...apiRows];
    const states = Object.fromEntries(['approved', 'refused'].map((state) => [state, count(rows, (row) => row.status === state)]));
    const raced = count(decided, (entry) => entry.raced) / 2;
    console.info(
      `[load] ${CONSUMERS} consumers, ${steps.length} consumer calls (${rows.length} requests + ${CONSUMERS} apps), ${decided.length} decisions sent (${raced} raced pairs, ${count(decided, (entry) => entry.status === 409)} × 409), ${work.reduce((sum, queue) => sum + queue.lists, 0)} queue listings, final ${JSON.stringify(states)}, ${counters.busy} × 503 retried, ${elapsed} ms`,
    );
  }, 90_000);
});
