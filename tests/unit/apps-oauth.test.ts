import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerVerified } from '../support/make-admin.ts';
import { discover, oauthErrorOf } from '../support/oauth-client.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

let clock: number;
let portal: TestPortal;
let jane: { client: TestClient; id: string };
let quotesOwner: { client: TestClient; id: string };
const APP = {
  name: 'Broker quoting app',
  description: 'Quotes for our brokers',
  businessContact: 'Jane Doe, +33 1 23 45 67 89',
  technicalContact: 'dev@broker-partner.example',
};

beforeEach(async () => {
  clock = Date.parse('2026-11-23T10:00:00Z');
  portal = await createTestPortal({ now: () => clock });
  jane = await registerVerified(portal, JANE);
  quotesOwner = await registerVerified(portal, { ...BOB, username: 'quotes.owner', email: 'quotes-owner@insurer.example' });
});
afterEach(async () => portal.close());

async function createApp(): Promise<{ clientId: string; clientSecret: string }> {
  const response = await jane.client.request('/api/apps', { json: APP });
  expect(response.status).toBe(201);
  return response.json();
}

async function approvedSandbox(clientId: string): Promise<string> {
  const requested = await jane.client.request(`/api/apps/${clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } });
  expect(requested.status).toBe(201);
  const { id } = await requested.json();
  expect((await quotesOwner.client.request(`/api/owner/api-access/${id}/approve`, { method: 'POST' })).status).toBe(200);
  return id;
}

describe('apps and client secrets', () => {
  it('shows the secret once, never again, and stores only its hash', async () => {
    const { clientId, clientSecret } = await createApp();
    expect(clientId).toMatch(/^app_[A-Za-z0-9_-]{20}$/);
    expect(clientSecret).toMatch(/^portico_sk_[A-Za-z0-9_-]{43}$/);
    const listed = await (await jane.client.request('/api/apps')).text();
    expect(listed).not.toContain(clientSecret);
    expect(listed).toContain(clientSecret.slice(-4));
    const { sql } = await import('drizzle-orm');
    const dump = JSON.stringify(await portal.handle.db.all(sql`select * from client_secrets`));
    expect(dump).not.toContain(clientSecret);
  });

  it('renames and deletes; another consumer cannot see or touch the app', async () => {
    const { clientId } = await createApp();
    expect((await jane.client.request(`/api/apps/${clientId}`, { method: 'PATCH', json: { name: 'Renamed app' } })).status).toBe(200);
    const bob = await registerVerified(portal, BOB);
    expect((await bob.client.request(`/api/apps/${clientId}`, { method: 'PATCH', json: { name: 'Mine now' } })).status).toBe(404);
    expect((await bob.client.request(`/api/apps/${clientId}`, { method: 'DELETE' })).status).toBe(404);
    expect((await (await bob.client.request('/api/apps')).json()).apps).toEqual([]);
    expect((await (await jane.client.request('/api/apps')).json()).apps[0].name).toBe('Renamed app');
    expect((await jane.client.request(`/api/apps/${clientId}`, { method: 'DELETE' })).status).toBe(200);
    expect((await (await jane.client.request('/api/apps')).json()).apps).toEqual([]);
  });
});

describe('OAuth2 client credentials with a real client library (oauth4webapi)', () => {
  it('gets a token with client_secret_basic and _post once access is approved; introspection says active', async () => {
    const { clientId, clientSecret } = await createApp();
    const client = await discover(portal);
    expect(await oauthErrorOf(client.token(clientId, clientSecret))).toBe('invalid_scope');
    await approvedSandbox(clientId);
    const basic = await client.token(clientId, clientSecret, 'basic');
    expect(basic).toMatchObject({ token_type: 'bearer', expires_in: 600, scope: 'quotes:sandbox' });
    const post = await client.token(clientId, clientSecret, 'post', 'quotes:sandbox');
    const introspection = await client.introspect(clientId, clientSecret, post.access_token);
    expect(introspection).toMatchObject({ active: true, client_id: clientId, scope: 'quotes:sandbox' });
    const mail = (await portal.emails('jane.doe@broker-partner.example')).filter((message) => message.template === 'api-access-decided').at(-1);
    expect(mail?.text).toContain(`client id ${clientId}`);
  });

  it('revoking the access makes its tokens inactive and refuses new ones; revoking the secret: invalid_client', async () => {
    const { clientId, clientSecret } = await createApp();
    const accessId = await approvedSandbox(clientId);
    const client = await discover(portal);
    const { access_token } = await client.token(clientId, clientSecret);
    expect((await quotesOwner.client.request(`/api/owner/api-access/${accessId}/revoke`, { json: { reason: 'Pilot over' } })).status).toBe(200);
    expect((await client.introspect(clientId, clientSecret, access_token)).active).toBe(false);
    expect(await oauthErrorOf(client.token(clientId, clientSecret))).toBe('invalid_scope');
    const secretId = (await (await jane.client.request('/api/apps')).json()).apps[0].secrets[0].id;
    expect((await jane.client.request(`/api/apps/${clientId}/secrets/${secretId}/revoke`, { method: 'POST' })).status).toBe(200);
    expect(await oauthErrorOf(client.token(clientId, clientSecret))).toBe('invalid_client');
  });

  it('rotation: old and new secrets both work during the overlap, only the new one after', async () => {
    const { clientId, clientSecret: oldSecret } = await createApp();
    await approvedSandbox(clientId);
    const rotated = await jane.client.request(`/api/apps/${clientId}/secrets`, { json: { overlapHours: 1 } });
    expect(rotated.status).toBe(201);
    const { clientSecret: newSecret } = await rotated.json();
    const client = await discover(portal);
    await expect(client.token(clientId, oldSecret)).resolves.toMatchObject({ token_type: 'bearer' });
    await expect(client.token(clientId, newSecret)).resolves.toMatchObject({ token_type: 'bearer' });
    expect((await jane.client.request(`/api/apps/${clientId}/secrets`, { json: {} })).status).toBe(409);
    clock += 61 * 60_000;
    expect(await oauthErrorOf(client.token(clientId, oldSecret))).toBe('invalid_client');
    await expect(client.token(clientId, newSecret)).resolves.toMatchObject({ token_type: 'bearer' });
  });

  it('tokens expire', async () => {
    const { clientId, clientSecret } = await createApp();
    await approvedSandbox(clientId);
    const client = await discover(portal);
    const { access_token } = await client.token(clientId, clientSecret);
    clock += 601_000;
    expect((await client.introspect(clientId, clientSecret, access_token)).active).toBe(false);
  });
});

describe('the token endpoint refuses bad requests per RFC 6749', () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    portal.app.request('http://portal.test/oauth/token', {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    });
  const basic = (id: string, secret: string) => ({ Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

  it.each([
    ['a wrong secret', (id: string) => post('grant_type=client_credentials', basic(id, 'portico_sk_wrong')), 401, 'invalid_client'],
    ['an unknown client', () => post('grant_type=client_credentials', basic('app_AAAAAAAAAAAAAAAAAAAA', 'portico_sk_x')), 401, 'invalid_client'],
    ['a malformed Basic header', () => post('grant_type=client_credentials', { Authorization: 'Basic !!!' }), 401, 'invalid_client'],
    ['no client authentication', () => post('grant_type=client_credentials'), 401, 'invalid_client'],
    [
      'two authentication methods',
      (id: string, secret: string) => post(`grant_type=client_credentials&client_id=${id}&client_secret=${secret}`, basic(id, secret)),
      400,
      'invalid_request',
    ],
    ['another grant type', (id: string, secret: string) => post('grant_type=password', basic(id, secret)), 400, 'unsupported_grant_type'],
    [
      'a repeated parameter',
      (id: string, secret: string) => post('grant_type=client_credentials&grant_type=client_credentials', basic(id, secret)),
      400,
      'invalid_request',
    ],
    [
      'a JSON body',
      () => portal.app.request('http://portal.test/oauth/token', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }),
      400,
      'invalid_request',
    ],
    ['an oversized body', () => post(`grant_type=client_credentials&x=${'a'.repeat(20_000)}`), 413, 'invalid_request'],
    [
      'a scope not approved',
      (id: string, secret: string) => post('grant_type=client_credentials&scope=claims:sandbox', basic(id, secret)),
      400,
      'invalid_scope',
    ],
  ])('%s', async (_label, send, status, error) => {
    const { clientId, clientSecret } = await createApp();
    await approvedSandbox(clientId);
    const response = await send(clientId, clientSecret);
    expect(response.status).toBe(status);
    expect((await response.json()).error).toBe(error);
    expect(response.headers.get('cache-control')).toBe('no-store');
    if (status === 401) expect(response.headers.get('www-authenticate')).toBeTruthy();
  });

  it('a tampered token is inactive', async () => {
    const { clientId, clientSecret } = await createApp();
    await approvedSandbox(clientId);
    const client = await discover(portal);
    const { access_token } = await client.token(clientId, clientSecret);
    const [header, payload, signature] = access_token.split('.');
    const forged = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    forged.scope = 'quotes:sandbox claims:sandbox';
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    expect((await client.introspect(clientId, clientSecret, tampered)).active).toBe(false);
  });
});

describe('API access requests', () => {
  it('private APIs need documentation access first; environments must be offered', async () => {
    const { clientId } = await createApp();
    const claims = await jane.client.request(`/api/apps/${clientId}/api-access`, { json: { apiSlug: 'claims', environment: 'sandbox' } });
    expect(claims.status).toBe(403);
    expect((await claims.json()).error.message).toContain('request access to its documentation first');
    const offered = await jane.client.request(`/api/apps/${clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'production' } });
    expect(offered.status).toBe(422);
    expect((await offered.json()).error.message).toContain('does not offer production');
  });
});

describe('logs', () => {
  it('never contain a client secret or a token, whatever goes wrong', async () => {
    const written: string[] = [];
    const spies = [process.stdout, process.stderr].map((stream) => {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        written.push(String(chunk));
        return original(chunk as never, ...(rest as []));
      }) as typeof stream.write;
      return () => {
        stream.write = original;
      };
    });
    const consoleLines: string[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => consoleLines.push(args.map(String).join(' '));
    try {
      const { clientId, clientSecret } = await createApp();
      await approvedSandbox(clientId);
      const client = await discover(portal);
      const { access_token } = await client.token(clientId, clientSecret);
      const basic = (secret: string) => ({
        Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      });
      await portal.app.request('http://portal.test/oauth/token', { method: 'POST', headers: basic(`${clientSecret}x`), body: 'grant_type=client_credentials' });
      await portal.app.request('http://portal.test/oauth/token', {
        method: 'POST',
        headers: basic(clientSecret),
        body: 'grant_type=client_credentials&scope=nope',
      });
      await portal.app.request('http://portal.test/oauth/introspect', { method: 'POST', headers: basic(clientSecret), body: `token=${access_token}x` });
      await portal.app.request('http://portal.test/sandbox/quotes/x', { headers: { Authorization: `Bearer ${access_token}x` } });
      const everything = [...written, ...consoleLines].join('\n');
      expect(everything).not.toContain(clientSecret);
      expect(everything).not.toContain(access_token.slice(0, 40));
    } finally {
      for (const restore of spies) restore();
      console.error = originalError;
    }
  });
});
