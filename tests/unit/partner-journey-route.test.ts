import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndSignIn, registerVerified } from '../support/make-admin.ts';
import { setUpMtlsConsumer, type MtlsConsumer } from '../support/mtls-consumer.ts';
import { OpenApiResponses } from '../support/openapi-responses.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki } from '../support/openssl-pki.ts';
import { BOB } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * GET /api/me/journey (issue 16 item 1): the signed-in partner's steps per API, the next action,
 * what waits on the provider, the providers' recent decisions and the navbar's count; POST
 * /api/me/notices/seen. Over the real app and database: the seed's journey, moved by a clock.
 */
const DAY = 86_400_000;
let clock = 0;
let dir: string;
let portal: TestPortal;
let mtls: MtlsConsumer;
let claimsOwner: { client: TestClient; id: string };
let bob: { client: TestClient; id: string };
let openapi: OpenApiResponses;

type Body = Record<string, unknown> & {
  apis: Array<{
    slug: string;
    steps: Array<{ id: string; state: string; since: number | null; reason: string | null }>;
    next: { kind: string } | null;
    waiting: unknown[];
  }>;
  decisions: Array<{ id: string; subject: string; status: string; reason: string | null; unseen: boolean; apiTitle: string }>;
  notices: { decisions: number; actions: number; total: number; seenAt: number | null };
};

async function journeyOf(client: TestClient): Promise<Body> {
  const response = await client.request('/api/me/journey');
  expect(response.status).toBe(200);
  const body = (await response.json()) as Body;
  expect(openapi.problems('get', '/me/journey', 200, body)).toEqual([]);
  return body;
}
const apiOf = (body: Body, slug: string) => body.apis.find((api) => api.slug === slug)!;
const stepOf = (body: Body, slug: string, id: string) => apiOf(body, slug).steps.find((step) => step.id === id)!;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-journey-'));
  const pki = new OpensslPki(dir);
  const root = pki.selfSigned('Journey Root', { extensions: CA_EXTENSIONS });
  const leaf = pki.issue('journey.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
  // The certificates openssl just made are valid from now: the clock starts there.
  clock = Date.now() + 1000;
  portal = await createTestPortal({ now: () => clock });
  // Jane: an approved certificate and approved sandbox mTLS access to quotes (public), one app.
  mtls = await setUpMtlsConsumer(portal, root, leaf);
  claimsOwner = await registerVerified(portal, { ...BOB, username: 'claims.owner', email: 'claims-owner@insurer.example' });
  bob = await registerVerified(portal, BOB);
  openapi = await OpenApiResponses.load(portal);
}, 60_000);
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/me/journey: happy path', () => {
  it('a partner with nothing started: no API, no decision, nothing to count', async () => {
    const body = await journeyOf(bob.client);
    expect(body).toMatchObject({ emailVerified: true, appCount: 0, apis: [], decisions: [], notices: { decisions: 0, actions: 0, total: 0, seenAt: null } });
  });

  it('the public API Jane works with: sandbox by client secret is her next action; certificate and mTLS sandbox done', async () => {
    const body = await journeyOf(mtls.jane.client);
    const quotes = apiOf(body, 'quotes');
    expect(Object.fromEntries(quotes.steps.map((step) => [step.id, step.state]))).toEqual({
      documentation: 'not_needed',
      app: 'done',
      sandbox: 'available',
      certificate: 'done',
      mtls_sandbox: 'done',
      production: 'available',
    });
    expect(quotes.next).toEqual({ kind: 'request_sandbox', step: 'sandbox', subjectId: null });
    // The owners approved her certificate and her mTLS access: two decisions, new to her.
    expect(body.decisions.map((decision) => [decision.subject, decision.status, decision.unseen])).toEqual(
      expect.arrayContaining([
        ['certificate', 'approved', true],
        ['api_access', 'approved', true],
      ]),
    );
  });

  it('a documentation request waits on the owners since it was made; a refusal comes back with its reason, counted until seen', async () => {
    const requestedAt = clock;
    const request = await mtls.jane.client.request('/api/doc-access/requests', {
      json: { apiSlug: 'claims', justification: 'A claims declaration app for our 40 brokers.' },
    });
    expect(request.status).toBe(201);
    const { id } = await request.json();
    clock += 3 * DAY;
    const waiting = await journeyOf(mtls.jane.client);
    expect(stepOf(waiting, 'claims', 'documentation')).toMatchObject({ state: 'waiting', since: requestedAt });
    expect(apiOf(waiting, 'claims').waiting).toEqual([{ step: 'documentation', since: requestedAt }]);
    expect(stepOf(waiting, 'claims', 'sandbox')).toMatchObject({ state: 'locked' });

    expect((await claimsOwner.client.request(`/api/owner/requests/${id}/refuse`, { json: { reason: 'No contract with us yet' } })).status).toBe(200);
    const refused = await journeyOf(mtls.jane.client);
    expect(stepOf(refused, 'claims', 'documentation')).toMatchObject({ state: 'action_needed', reason: 'No contract with us yet' });
    expect(apiOf(refused, 'claims').next).toMatchObject({ kind: 'request_documentation' });
    expect(refused.decisions[0]).toMatchObject({ id, subject: 'documentation', status: 'refused', reason: 'No contract with us yet', apiTitle: 'Claims API' });
    expect(refused.notices).toMatchObject({ decisions: 3, actions: 1, total: 4, seenAt: null });

    clock += DAY;
    const seen = await mtls.jane.client.request('/api/me/notices/seen', { method: 'POST' });
    expect(seen.status).toBe(200);
    expect(await seen.json()).toEqual({ seenAt: clock });
    const after = await journeyOf(mtls.jane.client);
    expect(after.notices).toEqual({ decisions: 0, actions: 1, total: 1, seenAt: clock });
    expect(after.decisions.every((decision) => !decision.unseen)).toBe(true);
  });

  it('marking seen never moves back in time', async () => {
    const before = (await journeyOf(mtls.jane.client)).notices.seenAt!;
    clock -= 2 * DAY;
    expect((await mtls.jane.client.request('/api/me/notices/seen', { method: 'POST' })).status).toBe(200);
    expect((await journeyOf(mtls.jane.client)).notices.seenAt).toBe(before);
    clock += 2 * DAY;
  });
});

describe('GET /api/me/journey: errors', () => {
  it('anonymous: 401 on both routes, in the documented error shape', async () => {
    const anonymous = portal.client();
    const journey = await anonymous.request('/api/me/journey');
    expect(journey.status).toBe(401);
    expect(openapi.problems('get', '/me/journey', 401, await journey.json())).toEqual([]);
    const seen = await anonymous.request('/api/me/notices/seen', { method: 'POST' });
    expect(seen.status).toBe(401);
    expect((await seen.json()).error.code).toBe('sign_in');
  });

  it('marking seen from another site (no Origin of the portal) is refused and changes nothing', async () => {
    const before = (await journeyOf(mtls.jane.client)).notices.seenAt;
    const response = await mtls.jane.client.request('/api/me/notices/seen', { method: 'POST', origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect((await journeyOf(mtls.jane.client)).notices.seenAt).toBe(before);
  });

  it('an account whose address is not confirmed: the next action is to confirm it, and it counts as one', async () => {
    const client = portal.client();
    expect((await registerAndSignIn(client, { ...BOB, username: 'nina.new', email: 'nina@new-partner.example' })).status).toBe(200);
    const body = await journeyOf(client);
    expect(body).toMatchObject({ emailVerified: false, apis: [], notices: { actions: 1, total: 1 } });
  });
});

describe('GET /api/me/journey: security', () => {
  it("another partner's journey is never visible: Bob sees none of Jane's APIs, records or decisions", async () => {
    const janes = await journeyOf(mtls.jane.client);
    const text = JSON.stringify(await journeyOf(bob.client));
    expect(janes.apis.length).toBeGreaterThan(0);
    for (const id of [mtls.certificateId, mtls.accessId, mtls.clientId, ...janes.decisions.map((decision) => decision.id)]) expect(text).not.toContain(id);
    expect(text).not.toContain('No contract with us yet');
  });

  it('the owner who decided sees only their own journey, not the requests they decided', async () => {
    const text = JSON.stringify(await journeyOf(claimsOwner.client));
    expect(text).not.toContain('No contract with us yet');
    expect(text).not.toContain(mtls.certificateId);
  });

  it('no query parameter reaches another account: the session alone says whose journey it is', async () => {
    const response = await bob.client.request(`/api/me/journey?userId=${mtls.jane.id}`);
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).not.toContain(mtls.certificateId);
  });

  it("marking seen touches only the caller's notices", async () => {
    const janeSeen = (await journeyOf(mtls.jane.client)).notices.seenAt;
    clock += DAY;
    expect((await bob.client.request('/api/me/notices/seen', { method: 'POST' })).status).toBe(200);
    expect((await journeyOf(mtls.jane.client)).notices.seenAt).toBe(janeSeen);
    expect((await journeyOf(bob.client)).notices.seenAt).toBe(clock);
  });
});
