import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAdmin, registerVerified } from '../support/make-admin.ts';
import { OpenApiResponses } from '../support/openapi-responses.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * The admin audit log names people and things, not ids (issue 17 item 5): who acted, and what the
 * event is about — the person, the reader of a documentation access, the app, the domain.
 */
let portal: TestPortal;
let openapi: OpenApiResponses;
let admin: { client: TestClient; id: string };
let bob: { client: TestClient; id: string };
let jane: { client: TestClient; id: string };

interface Event {
  action: string;
  actorId: string | null;
  actorName: string | null;
  targetId: string;
  targetName: string | null;
}

const events = async (query: string): Promise<Event[]> => {
  const response = await admin.client.request(`/api/admin/audit${query}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { events: Event[] };
  expect(openapi.problems('get', '/admin/audit', 200, body)).toEqual([]);
  return body.events;
};

beforeAll(async () => {
  portal = await createTestPortal();
  openapi = await OpenApiResponses.load(portal);
  admin = await registerAdmin(portal);
  bob = await registerVerified(portal, { ...BOB, username: 'bob.two', email: 'bob.two@other-partner.example' });
  jane = await registerVerified(portal, JANE);
  expect((await admin.client.request(`/api/admin/users/${bob.id}`, { method: 'PATCH', json: { role: 'platform' } })).status).toBe(200);
  expect((await admin.client.request('/api/admin/doc-access', { json: { userId: jane.id, apiSlug: 'claims' } })).status).toBe(201);
  expect((await admin.client.request('/api/admin/email-domains/partner.example', { method: 'PUT', json: { mode: 'allow' } })).status).toBe(200);
  const app = { name: 'Claims desk', businessContact: 'Jane', technicalContact: 'dev@broker-partner.example' };
  expect((await jane.client.request('/api/apps', { json: app })).status).toBe(201);
}, 60_000);
afterAll(async () => portal?.close());

describe('the audit log with names', () => {
  it('a role change is audited and names who changed it and whose role it is', async () => {
    expect(await events('?action=user.role')).toEqual([
      expect.objectContaining({ action: 'user.role_changed_to_platform', actorName: 'Ada Admin', targetName: 'Bob Martin' }),
    ]);
  });

  it('an event about a documentation access names its reader; about an app, the app; about a domain, the domain', async () => {
    expect(await events('?action=doc_access.granted')).toEqual([expect.objectContaining({ actorName: 'Ada Admin', targetName: 'Jane Doe' })]);
    expect(await events('?action=app.created')).toEqual([expect.objectContaining({ actorName: 'Jane Doe', targetName: 'Claims desk' })]);
    expect(await events('?action=email_domain')).toEqual([expect.objectContaining({ targetName: 'partner.example' })]);
  });

  it('an event with no actor has no actor name', async () => {
    await portal.client().request('/api/auth/register', { json: { ...JANE, username: 'jane.again', email: 'jane.again@broker-partner.example' } });
    const all = await events('');
    expect(all.filter((event) => event.actorId === null).every((event) => event.actorName === null)).toBe(true);
  });

  it('filters by who acted, named by their email address (what the page keeps in its URL) or by account id', async () => {
    const byEmail = await events(`?actor=${encodeURIComponent('Jane.Doe@Broker-Partner.example')}`);
    expect(byEmail.length).toBeGreaterThan(0);
    expect(byEmail.every((event) => event.actorId === jane.id)).toBe(true);
    expect(await events(`?actor=${jane.id}`)).toEqual(byEmail);
    expect(await events('?actor=nobody@nowhere.example')).toEqual([]);
  });
});

describe('a role change that is refused leaves no trace in the log', () => {
  it('by a consumer: 403 and no event', async () => {
    const response = await jane.client.request(`/api/admin/users/${jane.id}`, { method: 'PATCH', json: { role: 'admin' } });
    expect(response.status).toBe(403);
    expect(await events('?action=user.role_changed_to_admin')).toEqual([]);
  });

  it('the last administrator demoting themself: 409 and no event', async () => {
    const response = await admin.client.request(`/api/admin/users/${admin.id}`, { method: 'PATCH', json: { role: 'consumer' } });
    expect((await response.json()).error.code).toBe('last_admin');
    expect(await events('?action=user.role_changed_to_consumer')).toEqual([]);
  });
});
