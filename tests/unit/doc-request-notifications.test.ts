import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { auditEvents } from '../../server/db/schema.ts';
import { registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue #13, Medium 7 (second half): request → withdraw → request … must not turn the owners'
 * inbox into the requester's megaphone. One email per requester and API per day; every request
 * is still recorded, audited and waiting in the owner console.
 */
let clock: number;
let portal: TestPortal;
let jane: { client: TestClient; id: string };

beforeEach(async () => {
  clock = Date.parse('2026-11-23T09:00:00Z');
  portal = await createTestPortal({ now: () => clock });
  jane = await registerVerified(portal, JANE);
  await registerVerified(portal, { ...BOB, username: 'claims.owner', email: 'claims-owner@insurer.example' });
});
afterEach(async () => portal.close());

const ownerMails = async () => (await portal.emails('claims-owner@insurer.example')).filter((mail) => mail.template === 'doc-access-requested');

async function request(): Promise<string> {
  const response = await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'A claims app for our 40 brokers.' } });
  expect(response.status).toBe(201);
  return (await response.json()).id;
}

async function withdraw(id: string): Promise<void> {
  expect((await jane.client.request(`/api/doc-access/requests/${id}/withdraw`, { method: 'POST' })).status).toBe(200);
}

it('request, withdraw, request, withdraw, request: the owners get one email; the next day, another', async () => {
  await withdraw(await request());
  clock += 60_000;
  await withdraw(await request());
  clock += 60_000;
  const third = await request();
  expect(await ownerMails()).toHaveLength(1);
  const requested = await portal.handle.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.actorId, jane.id), eq(auditEvents.action, 'doc_access.requested')));
  expect(requested).toHaveLength(3);

  await withdraw(third);
  clock += 86_400_000;
  await request();
  expect(await ownerMails()).toHaveLength(2);
});

it('another requester, or another API, is not held back by Jane’s requests', async () => {
  await withdraw(await request());
  const bob = await registerVerified(portal, { ...BOB, username: 'bob.asks', email: 'bob@third-partner.example' });
  expect((await bob.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'A claims app for our agents.' } })).status).toBe(
    201,
  );
  expect(await ownerMails()).toHaveLength(2);
  await registerVerified(portal, { ...BOB, username: 'payments.owner', email: 'payments-owner@insurer.example' });
  expect((await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'payments', justification: 'Payments for our 40 brokers.' } })).status).toBe(
    201,
  );
  expect((await portal.emails('payments-owner@insurer.example')).filter((mail) => mail.template === 'doc-access-requested')).toHaveLength(1);
});
