/// <reference path="../../node_modules/postman-collection/types/index.d.ts" />
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import sdk from 'postman-collection';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonObject } from '../../plugins/portico/contract.ts';
import { loadSpec } from '../../plugins/portico/spec/load-specs.ts';
import { CANARY, findCanary } from '../support/canary.ts';
import { confirmOwner, registerAdmin, registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, ORIGIN, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue 18 item 5: each API's spec (JSON, YAML) and a Postman collection and environment at
 * /downloads/<slug>/…, a private API's behind the permission of its docs. The private API here
 * is the leak fixture, every private part of which carries the canary.
 */

const root = path.resolve(import.meta.dirname, '../..');
const FILES = ['openapi.json', 'openapi.yaml', 'postman-collection.json', 'postman-environment.json'];

let portal: TestPortal;
let quotes: JsonObject;
beforeAll(async () => {
  quotes = (await loadSpec(path.join(root, 'openapi', 'quotes.yaml'))).api!.document;
  const vault = (await loadSpec(path.join(root, 'tests', 'fixtures', 'leak', 'vault.yaml'))).api!.document;
  portal = await createTestPortal({ mtlsPort: 8443 }, { quotes, claims: vault });
}, 60_000);
afterAll(async () => portal?.close());

const download = (client: TestClient, slug: string, file: string) => client.request(`/downloads/${slug}/${file}`);

describe('downloads of a public API (happy)', () => {
  it('serves the spec as JSON that is valid OpenAPI, its first server the portal sandbox and its token URL the portal', async () => {
    const response = await download(portal.client(), 'quotes', 'openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="quotes-openapi.json"');
    const spec = JSON.parse(await response.text());
    const verdict = await new Validator().validate(spec);
    expect(verdict.errors).toBeUndefined();
    expect(verdict.valid).toBe(true);
    expect(spec.servers[0].url).toBe(`${ORIGIN}/sandbox/quotes`);
    expect(spec.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl).toBe(`${ORIGIN}/oauth/token`);
    expect(spec['x-portal']).toBeUndefined();
    expect(Object.keys(spec.paths)).toEqual(Object.keys(quotes.paths as object));
  });

  it('serves the same spec as YAML', async () => {
    const json = await (await download(portal.client(), 'quotes', 'openapi.json')).json();
    const response = await download(portal.client(), 'quotes', 'openapi.yaml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/yaml');
    expect(parse(await response.text())).toEqual(json);
  });

  it('serves a Postman v2.1 collection with every operation, authorized by the environment', async () => {
    const response = await download(portal.client(), 'quotes', 'postman-collection.json');
    expect(response.status).toBe(200);
    const collection = await response.json();
    expect(collection.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    const requests: Array<{ method: string; url: { host: string[]; path: string[] } }> = [];
    const walk = (items: Array<{ item?: unknown[]; request?: (typeof requests)[number] }>) => {
      for (const item of items) item.request ? requests.push(item.request) : walk(item.item as typeof items);
    };
    walk(collection.item);
    const operations = Object.values(quotes.paths as Record<string, object>).flatMap((item) =>
      Object.keys(item).filter((key) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(key)),
    );
    expect(requests.length).toBe(operations.length);
    expect(requests.every((request) => request.url.host[0] === '{{baseUrl}}')).toBe(true);
    const auth = Object.fromEntries(collection.auth.oauth2.map((entry: { key: string; value: string }) => [entry.key, entry.value]));
    expect(auth).toMatchObject({ grant_type: 'client_credentials', accessTokenUrl: '{{tokenUrl}}', clientId: '{{clientId}}', scope: '{{scope}}' });
    // Made once per spec content: the second answer is the same collection, id included.
    expect((await (await download(portal.client(), 'quotes', 'postman-collection.json')).json()).info._postman_id).toBe(collection.info._postman_id);
  });

  it("serves an environment with the portal's token URL and sandbox, the mTLS listener's aliases and the spec's scopes", async () => {
    const response = await download(portal.client(), 'quotes', 'postman-environment.json');
    expect(response.status).toBe(200);
    const environment = await response.json();
    const values = Object.fromEntries(environment.values.map((entry: { key: string; value: string }) => [entry.key, entry.value]));
    expect(values).toMatchObject({
      tokenUrl: `${ORIGIN}/oauth/token`,
      baseUrl: `${ORIGIN}/sandbox/quotes`,
      mtlsTokenUrl: 'https://portal.test:8443/oauth/token',
      mtlsBaseUrl: 'https://portal.test:8443/sandbox/quotes',
      scope: 'quotes:read quotes:write',
    });
    expect(values).toHaveProperty('clientId');
    expect(values).toHaveProperty('clientSecret', '');
  });
});

describe('the Postman files, as Postman runs them (happy)', () => {
  it("get a token at the environment's token URL and every request of the collection is answered 2xx by the sandbox", async () => {
    const jane = await registerVerified(portal, { ...JANE, username: 'jane.postman', email: 'jane.postman@broker-partner.example' });
    const quotesOwner = await registerVerified(portal, { ...BOB, username: 'quotes.owner', email: 'quotes-owner@insurer.example' });
    const app = await (
      await jane.client.request('/api/apps', {
        json: { name: 'Postman app', description: 'Runs the downloaded collection.', businessContact: 'Jane', technicalContact: 'dev@broker-partner.example' },
      })
    ).json();
    const requested = await jane.client.request(`/api/apps/${app.clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } });
    expect(requested.status).toBe(201);
    expect((await quotesOwner.client.request(`/api/owner/api-access/${(await requested.json()).id}/approve`, { method: 'POST' })).status).toBe(200);

    const environment = await (await download(jane.client, 'quotes', 'postman-environment.json')).json();
    const scope = new sdk.VariableScope({ values: environment.values });
    scope.set('clientId', app.clientId, 'string');
    scope.set('clientSecret', app.clientSecret, 'string');
    const collection = await (await download(jane.client, 'quotes', 'postman-collection.json')).json();
    // What Postman's OAuth 2.0 helper sends: client credentials in the Authorization header, the auth's scope.
    const auth: Record<string, string> = Object.fromEntries(
      collection.auth.oauth2.map((entry: { key: string; value: string }) => [entry.key, scope.replaceIn(entry.value)]),
    );
    const basic = Buffer.from(`${auth.clientId}:${auth.clientSecret}`).toString('base64');
    const tokenResponse = await portal.app.request(auth.accessTokenUrl ?? '', {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: auth.grant_type ?? '', scope: auth.scope ?? '' }).toString(),
    });
    expect(tokenResponse.status).toBe(200);
    const { access_token: token } = await tokenResponse.json();

    const answers: string[] = [];
    const requests: InstanceType<typeof sdk.Request>[] = [];
    const walk = (items: Array<{ item?: unknown[]; request?: sdk.Request.definition }>) => {
      for (const item of items) item.request ? requests.push(new sdk.Request(item.request)) : walk(item.item as typeof items);
    };
    walk(collection.item);
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      const url = scope.replaceIn(request.url.toString());
      const headers = new Headers({ Authorization: `Bearer ${token}` });
      for (const header of request.headers.all()) if (!header.disabled) headers.set(header.key, scope.replaceIn(header.value));
      const body = request.body?.mode === 'raw' ? scope.replaceIn(request.body.raw ?? '') : undefined;
      const response = await portal.app.request(url, { method: request.method, headers, body });
      answers.push(`${request.method} ${new URL(url).pathname} ${response.status}${response.status >= 300 ? ` ${(await response.text()).slice(0, 200)}` : ''}`);
    }
    expect(answers.filter((answer) => !/ 2\d\d$/.test(answer))).toEqual([]);
  });
});

describe('downloads of a private API (security)', () => {
  it('are 404 to anonymous and signed-in readers without a grant, and hold no byte of the spec', async () => {
    const jane = await registerVerified(portal, JANE);
    for (const client of [portal.client(), jane.client]) {
      for (const file of FILES) {
        const response = await download(client, 'claims', file);
        expect(response.status, file).toBe(404);
        const body = Buffer.from(await response.arrayBuffer());
        expect(findCanary(body), file).toEqual([]);
        expect(body.toString()).toBe(await (await download(client, 'nothing-here', file)).text());
      }
    }
  });

  it('are served to a reader with a grant and to an owner of the API', async () => {
    const admin = await registerAdmin(portal);
    const bob = await registerVerified(portal, BOB);
    expect((await admin.client.request('/api/admin/doc-access', { json: { userId: bob.id, apiSlug: 'claims' } })).status).toBe(201);
    const owner = await registerVerified(portal, { ...BOB, username: 'claims.owner', fullName: 'Claire Claims', email: 'claims-owner@insurer.example' });
    await confirmOwner(portal, owner.id);
    for (const client of [bob.client, owner.client]) {
      for (const file of FILES) {
        const response = await download(client, 'claims', file);
        expect(response.status, file).toBe(200);
        expect(response.headers.get('cache-control'), file).toContain('private');
      }
      const spec = await (await download(client, 'claims', 'openapi.json')).text();
      expect(spec).toContain(CANARY);
      expect((await new Validator().validate(JSON.parse(spec))).valid).toBe(true);
    }
  });
});

describe('downloads that do not exist (errors)', () => {
  it('answer 404 for an unknown API and for an unknown file of a known one', async () => {
    expect((await download(portal.client(), 'nothing-here', 'openapi.json')).status).toBe(404);
    expect((await download(portal.client(), 'quotes', 'openapi.xml')).status).toBe(404);
    expect((await download(portal.client(), 'quotes', '..%2Fmanifest.json')).status).toBe(404);
    expect((await portal.client().request('/downloads/quotes/')).status).toBe(404);
  });
});
