import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSpec } from '../../plugins/portico/spec/load-specs.ts';
import { registerVerified } from '../support/make-admin.ts';
import { discover } from '../support/oauth-client.ts';
import { BOB, JANE } from '../support/people.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

let clock: number;
let portal: TestPortal;
let jane: { client: TestClient; id: string };
let owner: { client: TestClient; id: string };
let clientId: string;
let clientSecret: string;
let accessId: string;

beforeEach(async () => {
  clock = Date.parse('2026-11-23T10:00:00Z');
  const quotes = await loadSpec(path.join(projectRoot, 'openapi', 'quotes.yaml'));
  portal = await createTestPortal({ now: () => clock }, { quotes: quotes.api!.document, claims: quotes.api!.document });
  jane = await registerVerified(portal, JANE);
  owner = await registerVerified(portal, { ...BOB, username: 'quotes.owner', email: 'quotes-owner@insurer.example' });
  ({ clientId, clientSecret } = await (
    await jane.client.request('/api/apps', { json: { name: 'Broker app', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })
  ).json());
  accessId = (await (await jane.client.request(`/api/apps/${clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } })).json()).id;
  await owner.client.request(`/api/owner/api-access/${accessId}/approve`, { method: 'POST' });
});
afterEach(async () => portal.close());

async function token(): Promise<string> {
  return (await (await discover(portal)).token(clientId, clientSecret)).access_token;
}

const call = (pathname: string, init: { method?: string; token?: string; json?: unknown; body?: string } = {}) =>
  portal.app.request(`http://portal.test${pathname}`, {
    method: init.method ?? (init.json || init.body ? 'POST' : 'GET'),
    headers: { ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}), ...(init.json || init.body ? { 'Content-Type': 'application/json' } : {}) },
    body: init.json ? JSON.stringify(init.json) : init.body,
  });

describe('the sandbox mock', () => {
  it('answers a real call with the example of the spec', async () => {
    const response = await call('/sandbox/quotes/quotes/QTE-2027-000123', { token: await token() });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.quoteId).toBeDefined();
    expect(response.headers.get('x-portico-sandbox')).toBe('mock');
  });

  it('validates the request against the spec with the answer the spec documents', async () => {
    const bearer = await token();
    // getQuote documents 401 and 404, no 400: an id its pattern forbids names no quote.
    const badPath = await call('/sandbox/quotes/quotes/not-a-quote-id', { token: bearer });
    expect(badPath.status).toBe(404);
    expect(badPath.headers.get('content-type')).toBe('application/problem+json');
    expect((await badPath.json()).detail).toContain('path parameter quoteId must match pattern');
    const badBody = await call('/sandbox/quotes/quotes', { token: bearer, json: { product: 'boat' } });
    expect(badBody.status).toBe(400);
    const detail = (await badBody.json()).detail;
    expect(detail).toContain('body/product must be equal to one of the allowed values');
    expect(detail).toContain('is required');
    expect((await call('/sandbox/quotes/quotes', { token: bearer, body: '{not json' })).status).toBe(400);
    expect((await call('/sandbox/quotes/nowhere', { token: bearer })).status).toBe(404);
    const wrongMethod = await call('/sandbox/quotes/quotes/QTE-2027-000123', { token: bearer, method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toContain('GET');
  });

  it('401 with a WWW-Authenticate that says why: no token, tampered, expired, revoked', async () => {
    const none = await call('/sandbox/quotes/quotes');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm="portico-sandbox", error_description=/);
    const bearer = await token();
    const tampered = await call('/sandbox/quotes/quotes', { token: `${bearer.slice(0, -3)}abc` });
    expect(tampered.headers.get('www-authenticate')).toContain('error="invalid_token"');
    clock += 601_000;
    const expired = await call('/sandbox/quotes/quotes', { token: bearer });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('expired');
    clock -= 601_000;
    await owner.client.request(`/api/owner/api-access/${accessId}/revoke`, { json: { reason: 'done' } });
    const revoked = await call('/sandbox/quotes/quotes', { token: bearer });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toContain('revoked');
  });

  it('a token for one API does not open another: 403 insufficient_scope', async () => {
    const response = await call('/sandbox/claims/quotes', { token: await token() });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });
});
