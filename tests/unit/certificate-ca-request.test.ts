import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, users } from '../../server/db/schema.ts';
import { registerVerified } from '../support/make-admin.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue 16 item 3: a certificate whose CA is not accepted is no dead end. Its holder attaches
 * the CA chain and asks for the CA (the owners' CA request, reused); the platform team and the
 * API's owners are emailed; the holder is told, and sees, how it was decided.
 */

let dir: string;
let root: Credential;
let intermediate: Credential;
let janes: Credential;
let bobs: Credential;
let stranger: Credential;
let fromStranger: Credential;
let portal: TestPortal;
let jane: { client: TestClient; id: string };
let bob: { client: TestClient; id: string };
let platform: { client: TestClient; id: string };

const JANE_EMAIL = 'jane.doe@broker-partner.example';

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-ca-ask-'));
  const pki = new OpensslPki(dir);
  root = pki.selfSigned('Partner New Root', { extensions: CA_EXTENSIONS });
  intermediate = pki.issue('Partner Issuing CA 1', root, { extensions: CA_EXTENSIONS });
  janes = pki.issue('jane.broker-partner.example', intermediate, { extensions: LEAF_EXTENSIONS });
  bobs = pki.issue('bob.other-partner.example', intermediate, { extensions: LEAF_EXTENSIONS });
  stranger = pki.selfSigned('Some Other Root', { extensions: CA_EXTENSIONS });
  fromStranger = pki.issue('accepted.broker-partner.example', stranger, { extensions: LEAF_EXTENSIONS });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
  portal = await createTestPortal();
  jane = await registerVerified(portal, JANE);
  bob = await registerVerified(portal, BOB);
  platform = await registerVerified(portal, { ...BOB, username: 'platform', email: 'platform@insurer.example' });
  await portal.handle.db.update(users).set({ role: 'platform' }).where(eq(users.id, platform.id));
  await registerVerified(portal, { ...BOB, username: 'claims.owner', email: 'claims-owner@insurer.example' });
});
afterEach(async () => portal.close());

async function waitingCertificate(client: TestClient, leaf: Credential): Promise<string> {
  const response = await client.request('/api/certificates', { json: { certificate: leaf.pem, apiSlug: 'claims' } });
  expect(response.status).toBe(202);
  return (await response.json()).id;
}

async function mine(client: TestClient, id: string) {
  const { certificates } = await (await client.request('/api/certificates')).json();
  return certificates.find((row: { id: string }) => row.id === id);
}

const ask = (client: TestClient, id: string, chain: string, note = 'Our new company PKI, audited EV') =>
  client.request(`/api/certificates/${id}/ca-request`, { json: { chain, note } });

describe('the holder of a certificate waiting for its CA asks for the CA', () => {
  it('attaches the chain; the platform team and the owners are emailed; the decision reaches the holder and the page', async () => {
    const id = await waitingCertificate(jane.client, janes);
    expect(await mine(jane.client, id)).toMatchObject({ status: 'awaiting_ca', canAskForCa: true, caRequest: null });

    const asked = await ask(jane.client, id, `${intermediate.pem}\n${root.pem}`);
    expect(asked.status).toBe(201);
    expect((await asked.json()).caRequest).toMatchObject({ status: 'pending', name: 'Partner New Root' });
    expect(await mine(jane.client, id)).toMatchObject({ canAskForCa: false, caRequest: { status: 'pending', name: 'Partner New Root' } });

    const toPlatform = (await portal.emails('platform@insurer.example')).at(-1);
    expect(toPlatform?.subject).toBe('Request to accept the CA "Partner New Root"');
    expect(toPlatform?.text).toContain('Jane Doe');
    expect(toPlatform?.text).toContain('Claims API');
    const toOwner = (await portal.emails('claims-owner@insurer.example')).at(-1);
    expect(toOwner?.subject).toBe('Broker Partner SA asks the platform team to accept the CA "Partner New Root" (Claims API)');
    const listed = (await (await platform.client.request('/api/registry/requests')).json()).requests;
    expect(listed).toHaveLength(1);
    expect(listed[0].request.reason).toContain('Our new company PKI');

    const [event] = await portal.handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'ca_request.created'));
    expect(event?.actorId).toBe(jane.id);

    const decided = await platform.client.request(`/api/registry/requests/${listed[0].request.id}/decide`, { json: { add: true, ev: true } });
    expect(decided.status).toBe(200);
    // The intermediate Jane attached is part of her certificate's chain now: the recheck passes.
    expect((await decided.json()).rechecked).toBe(1);
    expect(await mine(jane.client, id)).toMatchObject({ status: 'pending', canAskForCa: false, caRequest: { status: 'added' } });
    const subjects = (await portal.emails(JANE_EMAIL)).map((mail) => mail.subject);
    expect(subjects).toEqual(
      expect.arrayContaining(['The CA "Partner New Root" is now accepted', 'The CA of your certificate for Claims API is now accepted']),
    );
    const added = (await portal.emails(JANE_EMAIL)).find((mail) => mail.subject === 'The CA "Partner New Root" is now accepted');
    expect(added?.html).toContain('http://portal.test/certificates');
  });

  it('a second holder asking for the same CA joins the open request; a refusal reaches both with its reason', async () => {
    const janeId = await waitingCertificate(jane.client, janes);
    const bobId = await waitingCertificate(bob.client, bobs);
    expect((await ask(jane.client, janeId, `${intermediate.pem}${root.pem}`)).status).toBe(201);
    const before = (await portal.emails('platform@insurer.example')).length;
    const joined = await ask(bob.client, bobId, `${root.pem}\n${intermediate.pem}`, 'We use it too');
    expect(joined.status).toBe(201);
    expect(await joined.json()).toMatchObject({ joined: true, caRequest: { status: 'pending' } });
    expect(await portal.handle.db.all(sql`select id from ca_requests`)).toHaveLength(1);
    expect((await portal.emails('platform@insurer.example')).length).toBe(before);

    const [request] = (await (await platform.client.request('/api/registry/requests')).json()).requests;
    const declined = await platform.client.request(`/api/registry/requests/${request.request.id}/decide`, {
      json: { add: false, reason: 'Not an audited EV authority' },
    });
    expect(declined.status).toBe(200);
    for (const [client, id, email] of [
      [jane.client, janeId, JANE_EMAIL],
      [bob.client, bobId, 'bob@other-partner.example'],
    ] as const) {
      expect(await mine(client, id)).toMatchObject({
        status: 'awaiting_ca',
        canAskForCa: true,
        caRequest: { status: 'declined', decisionReason: 'Not an audited EV authority' },
      });
      expect((await portal.emails(email)).at(-1)?.text).toContain('Reason: Not an audited EV authority');
    }
  });
});

describe('what the request refuses', () => {
  it('a chain that did not issue the certificate, a leaf instead of a CA, garbage: a plain 422 and nothing asked', async () => {
    const id = await waitingCertificate(jane.client, janes);
    const unrelated = await ask(jane.client, id, stranger.pem);
    expect(unrelated.status).toBe(422);
    expect((await unrelated.json()).error.message).toContain('CN=Partner Issuing CA 1');
    expect((await ask(jane.client, id, bobs.pem)).status).toBe(422);
    expect((await ask(jane.client, id, 'not a certificate')).status).toBe(422);
    expect(await portal.handle.db.all(sql`select id from ca_requests`)).toHaveLength(0);
    expect(await portal.emails('platform@insurer.example')).toHaveLength(1);
  });

  it('twice while pending, or for a certificate that is not waiting for its CA: 409', async () => {
    const id = await waitingCertificate(jane.client, janes);
    expect((await ask(jane.client, id, `${intermediate.pem}${root.pem}`)).status).toBe(201);
    const again = await ask(jane.client, id, `${intermediate.pem}${root.pem}`);
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toContain('already asked');

    await platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: stranger.name, certificate: stranger.pem, ev: true } });
    const accepted = await jane.client.request('/api/certificates', { json: { certificate: fromStranger.pem, apiSlug: 'claims' } });
    expect(accepted.status).toBe(201);
    const acceptedId = (await accepted.json()).id;
    expect(await mine(jane.client, acceptedId)).toMatchObject({ canAskForCa: false, caRequest: null });
    expect((await ask(jane.client, acceptedId, stranger.pem)).status).toBe(409);
  });
});

describe('security', () => {
  it("nobody asks on someone else's certificate (404), and anonymous callers are told to sign in (401)", async () => {
    const id = await waitingCertificate(jane.client, janes);
    expect((await ask(bob.client, id, `${intermediate.pem}${root.pem}`)).status).toBe(404);
    expect((await ask(portal.client(), id, `${intermediate.pem}${root.pem}`)).status).toBe(401);
    expect(await portal.handle.db.all(sql`select id from ca_requests`)).toHaveLength(0);
  });

  it('a private key pasted into the chain is refused and never echoed or stored', async () => {
    const id = await waitingCertificate(jane.client, janes);
    const { readFileSync } = await import('node:fs');
    const key = readFileSync(intermediate.keyFile, 'utf8');
    const response = await ask(jane.client, id, `${intermediate.pem}${key}`);
    expect(response.status).toBe(422);
    const secretLine = key.split('\n')[1] as string;
    expect(await response.text()).not.toContain(secretLine);
    expect(JSON.stringify(await portal.handle.db.all(sql`select * from ca_requests`))).not.toContain(secretLine);
    expect(JSON.stringify(await portal.handle.db.all(sql`select chain_pem from client_certificates`))).not.toContain(secretLine);
  });
});
