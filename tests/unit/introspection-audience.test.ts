import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerVerified } from '../support/make-admin.ts';
import { discover } from '../support/oauth-client.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue #13, Low (RFC 7662 §4): introspection answers about a token only to the client the
 * token was issued to. Anyone else — another app of the same consumer, or another consumer's
 * app — learns nothing: `{ "active": false }`, the answer for a token that does not exist.
 */
let portal: TestPortal;
let owner: { client: TestClient; id: string };

beforeEach(async () => {
  portal = await createTestPortal();
  owner = await registerVerified(portal, { ...BOB, username: 'quotes.owner', email: 'quotes-owner@insurer.example' });
});
afterEach(async () => portal.close());

async function approvedApp(consumer: { client: TestClient }, name: string): Promise<{ clientId: string; clientSecret: string }> {
  const app = await (
    await consumer.client.request('/api/apps', { json: { name, businessContact: 'Contact', technicalContact: 'dev@example.example' } })
  ).json();
  const { id } = await (await consumer.client.request(`/api/apps/${app.clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } })).json();
  expect((await owner.client.request(`/api/owner/api-access/${id}/approve`, { method: 'POST' })).status).toBe(200);
  return app;
}

describe('token introspection is for the token’s own client', () => {
  it("app B introspecting app A's live token gets active:false; app A gets the details", async () => {
    const jane = await registerVerified(portal, JANE);
    const bob = await registerVerified(portal, { ...BOB, username: 'bob.other', email: 'bob@third-partner.example' });
    const appA = await approvedApp(jane, 'Jane app A');
    const sameConsumer = await approvedApp(jane, 'Jane app B');
    const otherConsumer = await approvedApp(bob, 'Bob app');
    const client = await discover(portal);
    const { access_token } = await client.token(appA.clientId, appA.clientSecret);

    expect(await client.introspect(appA.clientId, appA.clientSecret, access_token)).toMatchObject({ active: true, client_id: appA.clientId });
    for (const other of [sameConsumer, otherConsumer]) {
      const answer = await client.introspect(other.clientId, other.clientSecret, access_token);
      expect(answer).toEqual({ active: false });
    }
  });

  it('the raw answer to another client carries nothing but active:false', async () => {
    const jane = await registerVerified(portal, JANE);
    const appA = await approvedApp(jane, 'Jane app A');
    const appB = await approvedApp(jane, 'Jane app B');
    const { access_token } = await (await discover(portal)).token(appA.clientId, appA.clientSecret);
    const response = await portal.app.request('http://portal.test/oauth/introspect', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${appB.clientId}:${appB.clientSecret}`).toString('base64')}`,
      },
      body: `token=${access_token}`,
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ active: false });
    expect(text).not.toContain(appA.clientId);
  });
});
