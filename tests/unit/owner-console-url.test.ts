import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OwnerConsole } from '../../src/features/owner-console/OwnerConsole.tsx';
import { type DomPage, mountPage } from '../support/dom-page.ts';
import { registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue 17 item 6: a link names a queue (the daily digest links each section to its queue) and
 * the console opens that queue, not the first one holding something. The console runs in a DOM
 * against the real in-process portal.
 */
let portal: TestPortal;
let owner: TestClient;
let page: DomPage | undefined;
const props = { apis: ['claims'], apiTitle: (slug: string) => slug, onResult: () => {}, onApi: () => {} };
const open = async (search: string) => {
  page = await mountPage(`http://localhost:4321/owner${search}`, OwnerConsole, props, owner);
  return page;
};
const selectedTab = (dom: DomPage) => dom.document.querySelector('[role="tab"][aria-selected="true"]')?.getAttribute('data-testid');

beforeAll(async () => {
  portal = await createTestPortal();
  owner = (await registerVerified(portal, { ...BOB, username: 'claimsowner', email: 'claims-owner@insurer.example' })).client;
  const jane = await registerVerified(portal, JANE);
  // Something waits in the documentation queue: without a queue in the URL, that one opens.
  expect((await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'Our brokers file claims.' } })).status).toBe(201);
}, 60_000);
afterEach(async () => {
  await page?.close();
  page = undefined;
});
afterAll(async () => portal?.close());

describe('the owner console opens the queue its link names', () => {
  it('no queue named: the first queue holding something', async () => {
    const dom = await open('');
    await dom.until(() => dom.document.querySelector('[data-testid="owner-queue"]'));
    expect(selectedTab(dom)).toBe('queue-tab-documentation');
  });

  it('?queue=certificates opens the certificates queue', async () => {
    const dom = await open('?queue=certificates');
    await dom.until(() => dom.document.querySelector('[data-testid="queue-empty"]'));
    expect(selectedTab(dom)).toBe('queue-tab-certificates');
    expect(dom.document.querySelector('[data-testid="queue-empty"]')?.textContent).toBe('No certificate is waiting.');
  });

  it('?queue=certificate_cases opens the certificate cases', async () => {
    const dom = await open('?queue=certificate_cases');
    await dom.until(() => dom.document.querySelector('[data-testid="queue-empty"]'));
    expect(selectedTab(dom)).toBe('queue-tab-certificate_cases');
    expect(dom.document.querySelector('[data-testid="queue-empty"]')?.textContent).toBe('No certificate case is open.');
  });

  it('an unknown queue in the URL is ignored: the first queue holding something opens', async () => {
    const dom = await open('?queue=../../admin');
    await dom.until(() => dom.document.querySelector('[data-testid="owner-queue"]'));
    expect(selectedTab(dom)).toBe('queue-tab-documentation');
  });
});
