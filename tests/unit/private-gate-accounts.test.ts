import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerAdmin, registerVerified, registerAndSignIn } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestPortal } from '../support/test-portal.ts';

let portal: TestPortal;
beforeEach(async () => {
  portal = await createTestPortal();
});
afterEach(async () => portal.close());

describe('the private docs gate with accounts', () => {
  it('sends anonymous readers to sign in, and back to the page they wanted', async () => {
    const response = await portal.client().request('/private/claims/some/page?x=1');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/signin?next=%2Fprivate%2Fclaims%2Fsome%2Fpage%3Fx%3D1');
  });

  it('tells a reader whose request is waiting so, instead of offering to ask again (issue 16)', async () => {
    const jane = await registerVerified(portal, JANE);
    expect(await (await jane.client.request('/private/claims/')).text()).toContain('>Request access</a>');
    expect(
      (await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'A claims app for our brokers.' } })).status,
    ).toBe(201);
    const page = await (await jane.client.request('/private/claims/')).text();
    expect(page).toContain('Your request is waiting for the owners since');
    expect(page).not.toContain('>Request access</a>');
    // Another private API without a request still offers to ask.
    expect(await (await jane.client.request('/private/payments/')).text()).toContain('>Request access</a>');
  });

  it('refuses a signed-in reader without a grant, with the API info; admin grants; revoking closes it again', async () => {
    const jane = await registerVerified(portal, JANE);
    const refused = await jane.client.request('/private/claims/');
    expect(refused.status).toBe(403);
    const page = await refused.text();
    expect(page).toContain('The documentation of Claims API is private');
    expect(page).toContain('signed in as Jane Doe');
    expect(page).not.toContain('secret docs');

    const admin = await registerAdmin(portal);
    const granted = await admin.client.request('/api/admin/doc-access', { json: { userId: jane.id, apiSlug: 'claims' } });
    expect(granted.status).toBe(201);
    const { id } = await granted.json();
    const open = await jane.client.request('/private/claims/');
    expect(open.status).toBe(200);
    expect(await open.text()).toContain('Claims API secret docs');
    expect(open.headers.get('cache-control')).toContain('private');
    expect((await portal.emails('jane.doe@broker-partner.example')).map((mail) => mail.subject)).toContain('You can now read the Claims API documentation');

    // One grant never opens another API.
    expect((await jane.client.request('/private/payments/')).status).toBe(403);

    const revoked = await admin.client.request(`/api/admin/doc-access/${id}/revoke`, { json: { reason: 'Contract ended' } });
    expect(revoked.status).toBe(200);
    expect((await jane.client.request('/private/claims/')).status).toBe(403);
    const mails = await portal.emails('jane.doe@broker-partner.example');
    expect(mails.at(-1)?.text).toContain('Reason: Contract ended');
  });

  it('never lets user B read what user A was granted', async () => {
    const jane = await registerVerified(portal, JANE);
    const bob = await registerVerified(portal, BOB);
    const admin = await registerAdmin(portal);
    await admin.client.request('/api/admin/doc-access', { json: { userId: jane.id, apiSlug: 'claims' } });
    expect((await jane.client.request('/private/claims/')).status).toBe(200);
    expect((await bob.client.request('/private/claims/')).status).toBe(403);
    expect((await bob.client.request('/private/claims/index.html')).status).toBe(403);
    // Bob carrying Jane's session id with his own secret gets nothing either.
    const forged = portal.client();
    const janeId = jane.client.cookie?.split('=')[1]?.split('.')[0];
    const bobSecret = bob.client.cookie?.split('.')[1];
    forged.cookie = `portico_session=${janeId}.${bobSecret}`;
    expect((await forged.request('/private/claims/')).status).toBe(302);
  });

  it('opens an API to its owners (verified owner email) and to admins without any grant', async () => {
    const owner = await registerVerified(portal, { ...BOB, username: 'claims.owner', email: 'claims-owner@insurer.example' });
    expect((await owner.client.request('/private/claims/')).status).toBe(200);
    expect((await owner.client.request('/private/payments/')).status).toBe(403);
    const admin = await registerAdmin(portal);
    expect((await admin.client.request('/private/payments/')).status).toBe(200);
  });

  it('does not make an unverified account an owner just because it typed the owner address', async () => {
    const impostor = portal.client();
    await registerAndSignIn(impostor, { ...BOB, username: 'impostor', email: 'claims-owner@insurer.example' });
    expect((await impostor.request('/private/claims/')).status).toBe(403);
  });
});

describe('owners assigned by an admin', () => {
  it('reads the private docs once assigned, and no longer once removed', async () => {
    const admin = await registerAdmin(portal);
    const helper = await registerVerified(portal, { ...BOB, username: 'helper', email: 'helper@insurer.example' });
    expect((await helper.client.request('/private/payments/')).status).toBe(403);
    expect((await admin.client.request('/api/admin/apis/payments/owners', { json: { email: 'Helper@Insurer.example' } })).status).toBe(200);
    // Assigned, but an address is not a person: owner rights wait for an admin's confirmation of the account.
    expect((await helper.client.request('/private/payments/')).status).toBe(403);
    expect((await admin.client.request(`/api/admin/users/${helper.id}/owner-confirmation`, { method: 'POST' })).status).toBe(200);
    expect((await helper.client.request('/private/payments/')).status).toBe(200);
    const apis = (await (await admin.client.request('/api/admin/apis')).json()).apis;
    expect(apis.find((api: { slug: string }) => api.slug === 'payments')).toMatchObject({
      specOwners: ['payments-owner@insurer.example'],
      assignedOwners: ['helper@insurer.example'],
    });
    expect((await admin.client.request('/api/admin/apis/payments/owners/helper@insurer.example', { method: 'DELETE' })).status).toBe(200);
    expect((await helper.client.request('/private/payments/')).status).toBe(403);
    expect((await admin.client.request('/api/admin/apis/nope/owners', { json: { email: 'x@insurer.example' } })).status).toBe(404);
  });
});
