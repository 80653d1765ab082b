import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../plugins/portico/contract.ts';
import { loadSpec } from '../../plugins/portico/spec/load-specs.ts';
import { loadConfig } from '../../server/config.ts';
import { declaredScopes, securityVerdict } from '../../server/rules/sandbox-scopes.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, ORIGIN, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue 18 item 1: the scopes a token may carry are those the spec's OAuth2 client-credentials
 * flow declares (`quotes:read quotes:write`), for the APIs the app is approved for; the sandbox
 * enforces each operation's security requirement; RFC 8707 `resource` names the API and
 * environment, which join the token's audience. `<api>:<environment>` stays the documented
 * default: every scope of that API.
 */
let quotes: JsonObject;
let portal: TestPortal;
let app: { clientId: string; clientSecret: string };
let owner: Awaited<ReturnType<typeof registerVerified>>;
let accessId: string;

beforeAll(async () => {
  quotes = (await loadSpec(path.join(projectRoot, 'openapi', 'quotes.yaml'))).api!.document;
  portal = await createTestPortal({}, { quotes });
  const jane = await registerVerified(portal, JANE);
  owner = await registerVerified(portal, { ...BOB, username: 'quotes.owner', email: 'quotes-owner@insurer.example' });
  app = await (await jane.client.request('/api/apps', { json: { name: 'App', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })).json();
  accessId = (await (await jane.client.request(`/api/apps/${app.clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } })).json()).id;
  await owner.client.request(`/api/owner/api-access/${accessId}/approve`, { method: 'POST' });
});
afterAll(async () => portal.close());

async function tokenFor(params: Record<string, string>) {
  const response = await portal.app.request(`${ORIGIN}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret, ...params }).toString(),
  });
  return { status: response.status, body: await response.json() };
}

const QUOTE = {
  product: 'home',
  startDate: '2026-10-15',
  policyholder: {
    firstName: 'Hugo',
    lastName: 'Bernard',
    birthDate: '1979-11-02',
    address: { line1: '21 av', postcode: '33000', city: 'Bordeaux', country: 'FR' },
  },
  risk: { dwellingType: 'flat', occupancy: 'owner', rooms: 4, livingArea: 86 },
};
const sandbox = (token: string, method: string, pathname: string, json?: unknown) =>
  portal.app.request(`${ORIGIN}/sandbox/quotes${pathname}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(json ? { 'Content-Type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });

describe('rule: the spec declares the scopes, each operation requires its own', () => {
  it('reads the client-credentials scopes of the spec', () => {
    expect(declaredScopes(quotes)).toEqual(['quotes:read', 'quotes:write']);
    expect(declaredScopes({ openapi: '3.0.3' })).toEqual([]);
  });

  it('meets one alternative in full; mutualTLS needs a certificate on the connection', () => {
    const document = {
      components: { securitySchemes: { oauth2: { type: 'oauth2' }, mtls: { type: 'mutualTLS' } } },
      security: [{ oauth2: ['a:read'], mtls: [] }, { oauth2: ['a:admin'] }],
    };
    expect(securityVerdict(document, {}, new Set(['a:read']), { certificate: true })).toEqual({ ok: true });
    expect(securityVerdict(document, {}, new Set(['a:read']), { certificate: false })).toEqual({ ok: false, needed: ['a:admin'] });
    expect(securityVerdict(document, { security: [] }, new Set(), { certificate: false })).toEqual({ ok: true });
  });
});

describe('happy: the documented scopes are the real ones', () => {
  it('quotes:read is issued and reads; quotes:read quotes:write also writes', async () => {
    const read = await tokenFor({ scope: 'quotes:read' });
    expect(read.status).toBe(200);
    expect(read.body.scope).toBe('quotes:read');
    expect((await sandbox(read.body.access_token, 'GET', '/quotes/QTE-2026-000123')).status).toBe(200);
    const both = await tokenFor({ scope: 'quotes:read quotes:write' });
    expect((await sandbox(both.body.access_token, 'POST', '/quotes', QUOTE)).status).toBe(201);
  });

  it('the access scope quotes:sandbox stays the default and opens every operation', async () => {
    const whole = await tokenFor({});
    expect(whole.body.scope).toBe('quotes:sandbox');
    expect((await sandbox(whole.body.access_token, 'POST', '/quotes', QUOTE)).status).toBe(201);
  });

  it('RFC 8707: resource names the API in the sandbox and joins the audience', async () => {
    const resource = `${ORIGIN}/sandbox/quotes`;
    const issued = await tokenFor({ scope: 'quotes:read', resource });
    expect(issued.status).toBe(200);
    const payload = JSON.parse(Buffer.from(issued.body.access_token.split('.')[1], 'base64url').toString());
    expect(payload.aud).toContain(resource);
  });
});

describe('error and security: what the token does not hold is refused', () => {
  it('a read-only token may not create a quote: 403 insufficient_scope naming quotes:write', async () => {
    const read = await tokenFor({ scope: 'quotes:read' });
    const answer = await sandbox(read.body.access_token, 'POST', '/quotes', QUOTE);
    expect(answer.status).toBe(403);
    expect(answer.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(answer.headers.get('www-authenticate')).toContain('scope="quotes:write"');
  });

  it('a scope no approved API declares is invalid_scope; a resource not approved is invalid_target', async () => {
    expect((await tokenFor({ scope: 'claims:read' })).body.error).toBe('invalid_scope');
    expect((await tokenFor({ resource: `${ORIGIN}/sandbox/claims` })).body.error).toBe('invalid_target');
  });

  it('revoking the access ends a token of spec scopes at once', async () => {
    const read = await tokenFor({ scope: 'quotes:read' });
    await owner.client.request(`/api/owner/api-access/${accessId}/revoke`, { json: { reason: 'done' } });
    expect((await sandbox(read.body.access_token, 'GET', '/quotes/QTE-2026-000123')).status).toBe(401);
  });
});

describe('the token lifetime is a setting, and the metadata says it', () => {
  it('SANDBOX_TOKEN_TTL_SECONDS sets expires_in, exp and access_token_lifetime', async () => {
    const short = await createTestPortal({ tokenTtlSeconds: 3600 }, { quotes });
    const jane = await registerVerified(short, JANE);
    const quotesOwner = await registerVerified(short, { ...BOB, username: 'quotes.owner', email: 'quotes-owner@insurer.example' });
    const created = await (
      await jane.client.request('/api/apps', { json: { name: 'App', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })
    ).json();
    const access = await (
      await jane.client.request(`/api/apps/${created.clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } })
    ).json();
    await quotesOwner.client.request(`/api/owner/api-access/${access.id}/approve`, { method: 'POST' });
    const issued = await short.app.request(`${ORIGIN}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret }).toString(),
    });
    const body = await issued.json();
    const payload = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
    const metadata = await (await short.app.request(`${ORIGIN}/.well-known/oauth-authorization-server`)).json();
    await short.close();
    expect(body.expires_in).toBe(3600);
    expect(payload.exp - payload.iat).toBe(3600);
    expect(metadata.access_token_lifetime).toBe(3600);
  });

  it('the setting is checked: 60 to 86400 seconds', () => {
    expect(() => loadConfig({ SANDBOX_TOKEN_TTL_SECONDS: '30' })).toThrow(/SANDBOX_TOKEN_TTL_SECONDS/);
    expect(loadConfig({ SANDBOX_TOKEN_TTL_SECONDS: '3600' }).SANDBOX_TOKEN_TTL_SECONDS).toBe(3600);
    expect(loadConfig({}).SANDBOX_TOKEN_TTL_SECONDS).toBe(600);
  });
});

describe('the public OAuth metadata (RFC 8414)', () => {
  it("names the public APIs' declared scopes and no private spec's (a private spec's scope names are its content)", async () => {
    // The private Claims API declares a scope whose name is private text.
    const privateSpec = structuredClone(quotes) as JsonObject & {
      components: { securitySchemes: Record<string, { flows?: Record<string, { scopes?: Record<string, string> }> }> };
    };
    for (const scheme of Object.values(privateSpec.components.securitySchemes)) {
      for (const flow of Object.values(scheme.flows ?? {})) if (flow.scopes) flow.scopes = { 'claims:xqjprivatescope': 'Private' };
    }
    const mixed = await createTestPortal({}, { quotes, claims: privateSpec });
    try {
      const metadata = (await (await mixed.app.request(`${ORIGIN}/.well-known/oauth-authorization-server`)).json()) as { scopes_supported: string[] };
      expect(metadata.scopes_supported).toContain('quotes:read');
      expect(metadata.scopes_supported).toContain('claims:sandbox');
      expect(JSON.stringify(metadata)).not.toContain('xqjprivatescope');
    } finally {
      await mixed.close();
    }
  });
});
