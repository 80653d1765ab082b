import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerAdmin, registerVerified, registerAndSignIn } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

let portal: TestPortal;
let jane: { client: TestClient; id: string };
let claimsOwner: { client: TestClient; id: string };
let paymentsOwner: { client: TestClient; id: string };

beforeEach(async () => {
  portal = await createTestPortal();
  jane = await registerVerified(portal, JANE);
  claimsOwner = await registerVerified(portal, { ...BOB, username: 'claims.owner', fullName: 'Claire Owner', email: 'claims-owner@insurer.example' });
  paymentsOwner = await registerVerified(portal, { ...BOB, username: 'payments.owner', fullName: 'Paul Owner', email: 'payments-owner@insurer.example' });
});
afterEach(async () => portal.close());

const WHY = 'A claims declaration app for our 40 brokers, Broker Partner SA.';

async function requestClaims(client = jane.client): Promise<string> {
  const response = await client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: WHY } });
  expect(response.status).toBe(201);
  return (await response.json()).id;
}

describe('doc-access requests: happy path', () => {
  it('request → owners emailed → owner approves → requester emailed and reads the docs', async () => {
    const id = await requestClaims();
    const [ownerMail] = (await portal.emails('claims-owner@insurer.example')).filter((mail) => mail.template === 'doc-access-requested');
    expect(ownerMail?.subject).toBe('Jane Doe (Broker Partner SA) asks to read the Claims API documentation');
    expect(ownerMail?.text).toContain(WHY);
    // The link opens this request in the console's documentation queue (issue 17 item 6).
    expect(ownerMail?.text).toContain(`http://portal.test/owner?queue=documentation&api=claims&review=${id}`);
    expect((await portal.emails('payments-owner@insurer.example')).filter((mail) => mail.template === 'doc-access-requested')).toEqual([]);

    const mine = await (await jane.client.request('/api/doc-access/mine')).json();
    expect(mine.requests[0]).toMatchObject({ id, apiSlug: 'claims', status: 'pending', justification: WHY });

    const queue = await (await claimsOwner.client.request('/api/owner/requests?status=pending')).json();
    expect(queue.apis).toEqual(['claims']);
    expect(queue.requests.map((row: { access: { id: string } }) => row.access.id)).toEqual([id]);

    expect((await claimsOwner.client.request(`/api/owner/requests/${id}/approve`, { method: 'POST' })).status).toBe(200);
    expect((await jane.client.request('/private/claims/')).status).toBe(200);
    const approval = (await portal.emails('jane.doe@broker-partner.example')).at(-1);
    expect(approval?.subject).toBe('You can now read the Claims API documentation');
    expect(approval?.text).toContain('http://portal.test/private/claims/');
    const history = (await (await jane.client.request('/api/doc-access/mine')).json()).requests[0].history.map((event: { action: string }) => event.action);
    expect(history).toEqual(['doc_access.requested', 'doc_access.approved']);
  });

  it('refusal needs a reason, which reaches the requester; a new request is possible afterwards', async () => {
    const id = await requestClaims();
    const noReason = await claimsOwner.client.request(`/api/owner/requests/${id}/refuse`, { json: {} });
    expect(noReason.status).toBe(400);
    expect((await claimsOwner.client.request(`/api/owner/requests/${id}/refuse`, { json: { reason: 'No distribution agreement yet' } })).status).toBe(200);
    const mail = (await portal.emails('jane.doe@broker-partner.example')).at(-1);
    expect(mail?.text).toContain('Their reason: No distribution agreement yet');
    const mine = (await (await jane.client.request('/api/doc-access/mine')).json()).requests[0];
    expect(mine).toMatchObject({ status: 'refused', decisionReason: 'No distribution agreement yet' });
    expect((await jane.client.request('/private/claims/')).status).toBe(403);
    await requestClaims();
  });

  it('withdraws a pending request; revocation closes the docs again', async () => {
    const first = await requestClaims();
    expect((await jane.client.request(`/api/doc-access/requests/${first}/withdraw`, { method: 'POST' })).status).toBe(200);
    const second = await requestClaims();
    await claimsOwner.client.request(`/api/owner/requests/${second}/approve`, { method: 'POST' });
    expect((await jane.client.request('/private/claims/')).status).toBe(200);
    expect((await claimsOwner.client.request(`/api/owner/requests/${second}/revoke`, { json: { reason: 'Contract ended' } })).status).toBe(200);
    expect((await jane.client.request('/private/claims/')).status).toBe(403);
  });
});

describe('what the requester may do next is the server’s answer (the access box re-derives no rule)', () => {
  it('a pending request may be withdrawn and not asked again; once decided, the reverse', async () => {
    const mine = async () => {
      const [latest] = (await (await jane.client.request('/api/doc-access/mine')).json()).requests;
      return { status: latest.status, canWithdraw: latest.canWithdraw, canAskAgain: latest.canAskAgain };
    };
    const id = await requestClaims();
    expect(await mine()).toEqual({ status: 'pending', canWithdraw: true, canAskAgain: false });
    expect((await claimsOwner.client.request(`/api/owner/requests/${id}/approve`, { method: 'POST' })).status).toBe(200);
    expect(await mine()).toEqual({ status: 'approved', canWithdraw: false, canAskAgain: false });
    expect((await claimsOwner.client.request(`/api/owner/requests/${id}/revoke`, { json: { reason: 'Contract ended' } })).status).toBe(200);
    expect(await mine()).toEqual({ status: 'revoked', canWithdraw: false, canAskAgain: true });
  });
});

describe('doc-access requests: errors', () => {
  it('one open request per user and API', async () => {
    await requestClaims();
    const again = await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: WHY } });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('already_open');
  });

  it('an unverified account, a public API, an unknown API, a too short justification', async () => {
    const unverified = portal.client();
    await registerAndSignIn(unverified, { ...BOB, username: 'new.one', email: 'new.one@partner.example' });
    const refused = await unverified.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: WHY } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('verify_email');
    expect((await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'quotes', justification: WHY } })).status).toBe(422);
    expect((await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'nope', justification: WHY } })).status).toBe(404);
    expect((await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'pls' } })).status).toBe(400);
    expect((await portal.emails('claims-owner@insurer.example')).filter((mail) => mail.template === 'doc-access-requested')).toEqual([]);
  });
});

describe('doc-access requests: security', () => {
  it('an owner of another API and a consumer cannot see or decide, and nothing changes', async () => {
    const id = await requestClaims();
    const other = await registerVerified(portal, { ...BOB });
    for (const client of [paymentsOwner.client, other.client, jane.client]) {
      expect((await client.request(`/api/owner/requests/${id}/approve`, { method: 'POST' })).status).toBe(403);
      expect((await client.request(`/api/owner/requests/${id}/refuse`, { json: { reason: 'no' } })).status).toBe(403);
    }
    const paymentsQueue = await (await paymentsOwner.client.request('/api/owner/requests')).json();
    expect(paymentsQueue.requests).toEqual([]);
    expect((await paymentsOwner.client.request('/api/owner/requests?api=claims')).status).toBe(200);
    expect((await (await paymentsOwner.client.request('/api/owner/requests?api=claims')).json()).requests).toEqual([]);
    expect((await other.client.request('/api/owner/requests')).status).toBe(403);
    expect((await other.client.request(`/api/doc-access/requests/${id}/withdraw`, { method: 'POST' })).status).toBe(404);
    expect((await paymentsOwner.client.request('/api/owner/audit?api=claims')).status).toBe(403);
    const mine = (await (await jane.client.request('/api/doc-access/mine')).json()).requests[0];
    expect(mine.status).toBe('pending');
    expect(mine.history).toHaveLength(1);
  });

  it('two owners deciding at once: exactly one decision, the other gets 409', async () => {
    const second = await registerVerified(portal, { ...BOB, username: 'second.owner', email: 'second@insurer.example' });
    const admin = await registerAdmin(portal);
    await admin.client.request('/api/admin/apis/claims/owners', { json: { email: 'second@insurer.example' } });
    await admin.client.request(`/api/admin/users/${second.id}/owner-confirmation`, { method: 'POST' });
    for (let round = 0; round < 5; round++) {
      const id = await requestClaims();
      const [a, b] = await Promise.all([
        claimsOwner.client.request(`/api/owner/requests/${id}/approve`, { method: 'POST' }),
        second.client.request(`/api/owner/requests/${id}/refuse`, { json: { reason: 'Not now' } }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect((await loser.json()).error.message).toMatch(/already (approved|refused)/);
      const history = (await (await jane.client.request('/api/doc-access/mine')).json()).requests[0].history;
      expect(history).toHaveLength(2);
      const status = (await (await jane.client.request('/api/doc-access/mine')).json()).requests[0].status;
      if (status === 'approved') await claimsOwner.client.request(`/api/owner/requests/${id}/revoke`, { json: { reason: 'next round' } });
    }
  });

  it('owners read their APIs history; admins read everything and export CSV with formulas defused', async () => {
    await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: '=HYPERLINK("http://evil.example") please' } });
    const events = (await (await claimsOwner.client.request('/api/owner/audit')).json()).events;
    expect(events.map((event: { action: string }) => event.action)).toEqual(['doc_access.requested']);
    const admin = await registerAdmin(portal);
    const csv = await admin.client.request('/api/admin/audit?format=csv&action=doc_access');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    if (!text.includes('HYPERLINK')) throw new Error(text);
    expect(text.split('\r\n')[0]).toBe('createdAt,action,actorEmail,targetType,targetId,apiSlug,reason');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"") please"`);
    expect((await jane.client.request('/api/admin/audit')).status).toBe(403);
  });
});
