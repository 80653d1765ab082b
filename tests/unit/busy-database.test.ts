import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHelper, type RunningChild } from '../support/child-processes.ts';
import { registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * Another process (a second instance, a long migration) holds SQLite's write lock. The app
 * waits up to its busy timeout (5 s, server/db/client.ts), then answers 503 + Retry-After with
 * nothing changed; reads go on (WAL). A lock released within the timeout is simply waited for.
 */

let portal: TestPortal;
let jane: { client: TestClient; id: string };
let bob: { client: TestClient; id: string };
let owner: { client: TestClient; id: string };
let bobRequest: string;
const helpers: RunningChild[] = [];
const WHY = 'A claims declaration app for our 40 brokers, Broker Partner SA.';
const CAROL = { ...BOB, username: 'carol', fullName: 'Carol Lane', email: 'carol@third-partner.example' };

beforeAll(async () => {
  portal = await createTestPortal();
  jane = await registerVerified(portal, JANE);
  bob = await registerVerified(portal, BOB);
  owner = await registerVerified(portal, { ...BOB, username: 'claims.owner', fullName: 'Claire Owner', email: 'claims-owner@insurer.example' });
  const response = await bob.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: WHY } });
  bobRequest = ((await response.json()) as { id: string }).id;
});
afterAll(async () => {
  await Promise.all(helpers.map((helper) => helper.stop()));
  await portal.close();
});

async function holdLock(hold: 'stdin' | number): Promise<RunningChild> {
  const holder = await startHelper('hold-write-lock.mjs', [portal.databaseFile, String(hold)], 'locked');
  helpers.push(holder);
  return holder;
}

/** Row counts of every table the requests below write to, and the state of Bob's request. */
async function state() {
  const count = async (table: string) => Number((await portal.handle.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);
  const tables = ['users', 'sessions', 'email_tokens', 'doc_access', 'audit_events', 'outbox'];
  const counts = Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await count(table)] as const)));
  const bobStatus = (await portal.handle.client.execute({ sql: 'SELECT status FROM doc_access WHERE id = ?', args: [bobRequest] })).rows[0]?.status;
  return { ...counts, bobStatus } as Record<string, number | unknown>;
}

const unsafeRequests = () => [
  { label: 'register', run: () => portal.client().request('/api/auth/register', { json: CAROL }), ok: 201 },
  { label: 'sign in', run: () => portal.client().request('/api/auth/sign-in', { json: { identifier: 'jane.doe', password: JANE.password } }), ok: 200 },
  { label: 'doc-access request', run: () => jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: WHY } }), ok: 201 },
  { label: 'owner approves', run: () => owner.client.request(`/api/owner/requests/${bobRequest}/approve`, { method: 'POST' }), ok: 200 },
];

describe('a database locked by another process', () => {
  it('past the busy timeout: 503 + Retry-After and nothing changed; reads still served; the same requests succeed once the lock is gone', async () => {
    const before = await state();
    const holder = await holdLock('stdin');

    for (const request of unsafeRequests()) {
      const started = Date.now();
      const response = await request.run();
      expect(response.status, request.label).toBe(503);
      expect(response.headers.get('retry-after'), request.label).toBe('1');
      expect(await response.json(), request.label).toEqual({
        error: { code: 'busy', message: 'The portal is busy; nothing was changed. Try again in a moment.' },
      });
      // It waited for the lock (the busy timeout) before giving up, rather than failing at once.
      expect(Date.now() - started, request.label).toBeGreaterThanOrEqual(4000);
    }

    // Reads need no write lock in WAL mode: served at once, and they see nothing half-done.
    expect((await jane.client.request('/api/me')).status).toBe(200);
    expect((await (await jane.client.request('/api/doc-access/mine')).json()).requests).toEqual([]);
    const queue = await (await owner.client.request('/api/owner/requests?status=pending')).json();
    expect(queue.requests.map((row: { access: { id: string } }) => row.access.id)).toEqual([bobRequest]);
    expect(await state()).toEqual(before);

    holder.child.stdin?.write('release\n');
    expect(await holder.exited).toBe(0);
    expect(holder.output()).toMatch(/released \d+/);
    expect(await state()).toEqual(before);

    for (const request of unsafeRequests()) expect((await request.run()).status, `${request.label} after the lock`).toBe(request.ok);
    const after = await state();
    expect(after).toMatchObject({
      users: Number(before.users) + 1,
      sessions: Number(before.sessions) + 1,
      email_tokens: Number(before.email_tokens) + 1,
      doc_access: Number(before.doc_access) + 1,
      audit_events: Number(before.audit_events) + 2,
      bobStatus: 'approved',
    });
  }, 120_000);

  it('within the busy timeout: the request waits for the lock and succeeds', async () => {
    const [mine] = (await (await jane.client.request('/api/doc-access/mine')).json()).requests as Array<{ id: string; status: string }>;
    expect(mine?.status).toBe('pending');
    const before = Number((await state()).audit_events);
    const holder = await holdLock(2000);
    const response = await jane.client.request(`/api/doc-access/requests/${mine?.id}/withdraw`, { method: 'POST' });
    const answeredAt = Date.now();
    expect(response.status).toBe(200);
    expect(await holder.exited).toBe(0);
    const releasedAt = Number(/released (\d+)/.exec(holder.output())?.[1]);
    expect(answeredAt).toBeGreaterThanOrEqual(releasedAt);
    expect(Number((await state()).audit_events)).toBe(before + 1);
    expect((await (await jane.client.request('/api/doc-access/mine')).json()).requests[0].status).toBe('withdrawn');
  }, 60_000);
});
