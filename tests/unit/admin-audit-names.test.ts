import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAdmin, registerVerified } from '../support/make-admin.ts';
import { OpenApiResponses } from '../support/openapi-responses.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/** The admin audit log names people, not account ids (issue 17 item 5): who acted, and whom a user event is about. */
let portal: TestPortal;
let openapi: OpenApiResponses;
let admin: { client: TestClient; id: string };
let bob: { client: TestClient; id: string };

interface Event {
  action: string;
  actorName: string | null;
  targetName: string | null;
}

beforeAll(async () => {
  portal = await createTestPortal();
  openapi = await OpenApiResponses.load(portal);
  admin = await registerAdmin(portal);
  bob = await registerVerified(portal, { ...BOB, username: 'bob.two', email: 'bob.two@other-partner.example' });
  await registerVerified(portal, JANE);
  expect((await admin.client.request(`/api/admin/users/${bob.id}`, { method: 'PATCH', json: { role: 'platform' } })).status).toBe(200);
}, 60_000);
afterAll(async () => portal?.close());

describe('the audit log with names', () => {
  it('a role change names who changed it and whose role it is', async () => {
    const response = await admin.client.request('/api/admin/audit?action=user.role');
    const body = (await response.json()) as { events: Event[] };
    expect(openapi.problems('get', '/admin/audit', 200, body)).toEqual([]);
    expect(body.events).toEqual([expect.objectContaining({ action: 'user.role_changed_to_platform', actorName: 'Ada Admin', targetName: 'Bob Martin' })]);
  });

  it('an event about something other than a person has no target name; an event with no actor has no actor name', async () => {
    await portal.client().request('/api/auth/register', { json: { ...JANE, username: 'jane.again', email: 'jane.again@broker-partner.example' } });
    const body = (await (await admin.client.request('/api/admin/audit')).json()) as { events: Event[] };
    expect(body.events.every((event) => event.action.startsWith('user.') || event.targetName === null)).toBe(true);
  });
});
