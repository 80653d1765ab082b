import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { users } from '../../server/db/schema.ts';
import { registerVerified } from './make-admin.ts';
import type { Credential } from './openssl-pki.ts';
import { BOB, JANE } from './people.ts';
import { provePossession } from './prove-possession.ts';
import type { TestClient, TestPortal } from './test-portal.ts';

export interface MtlsConsumer {
  jane: { client: TestClient; id: string };
  owner: { client: TestClient; id: string };
  certificateId: string;
  clientId: string;
  accessId: string;
}

/**
 * A consumer with an approved certificate and approved sandbox mTLS access to `quotes`:
 * the platform team accepts `root`, Jane uploads `leaf` and proves she holds its private key,
 * the quotes owner approves both.
 */
export async function setUpMtlsConsumer(portal: TestPortal, root: Credential, leaf: Credential): Promise<MtlsConsumer> {
  const jane = await registerVerified(portal, JANE);
  const platform = await registerVerified(portal, { ...BOB, username: 'platform', email: 'platform@insurer.example' });
  await portal.handle.db.update(users).set({ role: 'platform' }).where(eq(users.id, platform.id));
  const owner = await registerVerified(portal, { ...BOB, username: 'owner', email: 'quotes-owner@insurer.example' });
  await platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: root.name, certificate: root.pem, ev: true } });
  const { id: certificateId } = await (await jane.client.request('/api/certificates', { json: { certificate: leaf.pem, apiSlug: 'quotes' } })).json();
  await provePossession(jane.client, certificateId, leaf.keyFile);
  expect((await owner.client.request(`/api/owner/certificates/${certificateId}/approve`, { method: 'POST' })).status).toBe(200);
  const { clientId } = await (
    await jane.client.request('/api/apps', { json: { name: 'App', businessContact: 'Jane', technicalContact: 'dev@x.example' } })
  ).json();
  const access = await (
    await jane.client.request(`/api/apps/${clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox', authMethod: 'mtls', certificateId } })
  ).json();
  // The sandbox's identity item is the owner's to confirm: nothing ticked approves nothing.
  await owner.client.request(`/api/owner/api-access/${access.id}/review`, { method: 'PUT', json: { identity: { confirmed: true } } });
  expect((await owner.client.request(`/api/owner/api-access/${access.id}/approve`, { method: 'POST' })).status).toBe(200);
  return { jane, owner, certificateId, clientId, accessId: access.id };
}
