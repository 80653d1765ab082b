import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docAccess } from '../../server/db/schema.ts';
import { newId } from '../../server/ids.ts';
import { createVerifiedUser } from '../../server/services/bootstrap.ts';
import { seedAcceptedCas } from '../../server/services/ca-registry.ts';
import { recheckApprovedCertificates } from '../../server/services/certificate-recheck.ts';
import { createServiceContext, type ServiceContext } from '../../server/services/context.ts';
import { loadSite } from '../../server/site/load-site.ts';
import { launchBrowser, saveScreenshot, signInPage } from '../support/browser.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { fixtureBuildDir } from '../support/fixture-paths.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki } from '../support/openssl-pki.ts';
import { signChallenge } from '../support/prove-possession.ts';
import { startPortal, type RunningPortal } from '../support/start-portal.ts';

/**
 * Issue 17 in the browser, as a platform-team member at 1280 px and at 375 px: the registry with
 * each CA's state in words (the guidelines' Entrust root expired on 27 Nov 2026), the CCADB report
 * imported through the page with a warning for a registry CA it does not list, an owner's add-CA
 * request read and decided, and a CA retired with its dependant's holder and API owner told.
 * Every screen: no horizontal scroll, no script or console error, a screenshot.
 */
const REPORT_FILE = path.join(import.meta.dirname, '../fixtures/ccadb/IncludedCACertificateReport.csv');
const PASSWORD = 'a long enough passphrase';
const OWNER = 'claims-api@insurer.example';
const HOLDER = 'jane@broker-partner.example';
const PLATFORM = 'platform@insurer.example';
const EXPIRED_ENTRUST = 'Entrust Root Certification Authority';

let dir: string;
let pki: OpensslPki;
let portal: RunningPortal;
let resend: FakeResend;
let browser: Browser;
let services: ServiceContext;
const errors: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-browser-registry-'));
  pki = new OpensslPki(dir);
  resend = await startFakeResend();
  portal = await startPortal(fixtureBuildDir, { resendUrl: resend.url });
  services = createServiceContext({ db: portal.handle.db, siteUrl: portal.origin, manifest: (await loadSite(fixtureBuildDir)).manifest });
  // `portico serve` seeds the guidelines' eight CAs at start; startPortal does not.
  await seedAcceptedCas(services);
  const people = [
    { email: HOLDER, role: 'consumer', fullName: 'Jane Doe', company: 'Broker Partner SA' },
    { email: OWNER, role: 'consumer', fullName: 'Carl Claims', ownerConfirmed: true },
    { email: PLATFORM, role: 'platform', fullName: 'Pat Platform' },
  ] as const;
  const made = [];
  for (const person of people) made.push(await createVerifiedUser(portal.handle.db, { ...person, password: PASSWORD }, Date.now()));
  const [jane] = made;
  expect(made.every((user) => user.ok)).toBe(true);
  if (jane?.ok)
    await portal.handle.db.insert(docAccess).values({
      id: newId('acc'),
      userId: jane.id,
      apiSlug: 'claims',
      status: 'approved',
      justification: null,
      decidedBy: 'test',
      decisionReason: 'test setup',
      decidedAt: Date.now(),
    });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await resend?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A signed-in page at `width`, its console errors collected with its script errors. */
async function signedIn(email: string, next: string, width = 1280): Promise<Page> {
  const page = await signInPage(browser, portal.origin, email, PASSWORD, next, errors);
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.setViewportSize({ width, height: 900 });
  return page;
}

/** A JSON call from a signed-in page, as its own scripts make it (same origin, its session). */
async function call(page: Page, url: string, method: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return page.evaluate(
    async ({ url, method, body }) => {
      const response = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json().catch(() => ({})) };
    },
    { url, method, body },
  );
}

/** A screen looked at: nothing wider than the window, no error so far, a screenshot named by width. */
async function looked(page: Page, width: number, name: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `${name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(clientWidth);
  expect(errors).toEqual([]);
  // From the top: a full-page shot of a scrolled page shows the sticky navigation bar mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot(page, `registry-${width}-${name}`);
}

async function mailTo(to: string, match: (mail: { subject: string; text: string }) => boolean): Promise<void> {
  await expect.poll(() => resend.inbox(to).some(match), { timeout: 10_000 }).toBe(true);
}

const noteOf = (page: Page) => page.locator('[data-testid=form-success]');
const registryRow = (page: Page, name: string) => page.locator(`[data-testid=ca-registry] tr[data-name="${name}"]`);

/** Jane's certificate under `root`, proved and approved by the claims owner, opening a sandbox mTLS access. */
async function approvedDependant(jane: Page, owner: Page, leafPem: string, keyFile: string): Promise<void> {
  const uploaded = await call(jane, '/api/certificates', 'POST', { certificate: leafPem, apiSlug: 'claims' });
  expect(uploaded.status).toBe(201);
  const id = uploaded.json.id as string;
  const { json } = await call(jane, `/api/certificates/${id}`, 'GET');
  const challenge = (json.possession as { challenge: string }).challenge;
  expect((await call(jane, `/api/certificates/${id}/possession`, 'POST', { signature: signChallenge(keyFile, challenge) })).status).toBe(200);
  expect((await call(owner, `/api/owner/certificates/${id}/approve`, 'POST')).status).toBe(200);
  const app = await call(jane, '/api/apps', 'POST', { name: `App for ${id}`, businessContact: 'Jane Doe', technicalContact: 'dev@broker-partner.example' });
  const access = await call(jane, `/api/apps/${app.json.clientId}/api-access`, 'POST', {
    apiSlug: 'claims',
    environment: 'sandbox',
    authMethod: 'mtls',
    certificateId: id,
  });
  expect(access.status).toBe(201);
  expect((await call(owner, `/api/owner/api-access/${access.json.id}/review`, 'PUT', { identity: { confirmed: true } })).status).toBe(200);
  expect((await call(owner, `/api/owner/api-access/${access.json.id}/approve`, 'POST')).status).toBe(200);
}

describe('the CA registry in the browser, as the platform team', () => {
  it.each([1280, 375])(
    'at %i px: states in words, the CCADB comparison, an add-CA request, a retirement told',
    async (width) => {
      const root = pki.selfSigned(`Broker EV Root ${width}`, { extensions: CA_EXTENSIONS, key: 'ec:P-256' });
      const leaf = pki.issue(`api-client-${width}.broker-partner.example`, root, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
      const requested = pki.selfSigned(`Requested Root ${width}`, { extensions: CA_EXTENSIONS, key: 'ec:P-256' });
      const page = await signedIn(PLATFORM, '/registry', width);

      // 1. The registry, each state in words: the guidelines' Entrust root expired on 27 Nov 2026.
      const entrust = registryRow(page, EXPIRED_ENTRUST);
      await entrust.waitFor();
      expect(await entrust.getAttribute('data-state')).toBe('expired');
      expect(await entrust.textContent()).toMatch(/expired (today|\d+ days? ago)/);
      expect(await registryRow(page, 'DigiCert High Assurance EV Root CA').getAttribute('data-state')).toBe('active');
      expect(await registryRow(page, '2014-2044 BNPP Root').textContent()).toContain('awaiting its certificate');
      await looked(page, width, 'states');

      // A CA the CCADB report does not list, added through the page's form.
      await page.getByLabel('CA name').fill(root.name);
      await page.getByLabel('CA certificate (PEM)').fill(root.pem);
      await page.getByLabel('I checked that it is an audited EV certification authority').check();
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => noteOf(page).textContent()).toContain(`${root.name} is accepted.`);
      await expect.poll(() => registryRow(page, root.name).getAttribute('data-state')).toBe('active');
      await looked(page, width, 'ca-added');

      // 2. The report imported through the labelled file input: the counts, then a warning naming the CA it lacks.
      await page.getByLabel('Import the CCADB Included CA Certificate Report (CSV)').setInputFiles(REPORT_FILE);
      await page.getByTestId('ccadb-import').click();
      const outcome = page.locator('[data-testid=ccadb-outcome][role=status]');
      await expect.poll(() => outcome.textContent()).toMatch(/^Imported: the report lists 8 certificates; \d+ warnings? for the registry\.$/);
      const missing = page.locator(`[data-testid=ccadb-warnings] li[data-name="${root.name}"][data-kind=missing]`);
      await expect
        .poll(() => missing.textContent())
        .toBe(`${root.name} is not in the CCADB report: Mozilla does not include this root (removed, or never included).`);
      expect(await page.locator(`[data-testid=ccadb-standing] tr[data-name="${root.name}"]`).getAttribute('data-in-report')).toBe('no');
      expect(await page.locator(`[data-testid=ccadb-warnings] li[data-name="${EXPIRED_ENTRUST}"][data-kind=tls_distrusted]`).count()).toBe(1);
      await looked(page, width, 'ccadb-compared');

      // 3. An owner asks for a CA through the API; the page shows its facts before the decision.
      const owner = await signedIn(OWNER, '/owner');
      const asked = await call(owner, '/api/registry/requests', 'POST', {
        name: requested.name,
        certificate: requested.pem,
        reason: 'Our new partner issues from it',
      });
      expect(asked.status).toBe(201);
      await page.reload();
      const request = page.locator(`[data-testid=ca-requests] li[data-name="${requested.name}"]`);
      const facts = request.getByTestId('ca-request-facts');
      await facts.waitFor();
      const factsText = (await facts.textContent()) ?? '';
      expect(factsText).toContain('Root CA');
      expect(factsText).toContain(`CN=${requested.name}`);
      const sha256 = new X509Certificate(requested.pem).fingerprint256;
      expect(await facts.getByTestId('ca-sha256').textContent()).toBe(sha256);
      await looked(page, width, 'ca-request');
      if (width === 1280) {
        // Declined with a reason the owner reads.
        await request.getByLabel('Or decline it').fill('Not an audited EV CA: no EV policy in its certificate.');
        await request.getByRole('button', { name: 'Decline' }).click();
        await expect.poll(() => noteOf(page).textContent()).toContain(`${requested.name} is declined.`);
        await expect.poll(() => request.getAttribute('data-status')).toBe('declined');
        await mailTo(OWNER, (mail) => mail.subject === `The CA "${requested.name}" was not accepted` && mail.text.includes('no EV policy'));
        await looked(page, width, 'ca-request-declined');
      } else {
        // Added once EV is confirmed: the CA joins the registry.
        const add = request.getByRole('button', { name: 'Add it' });
        expect(await add.isDisabled()).toBe(true);
        await request.getByRole('checkbox').check();
        await add.click();
        await expect.poll(() => noteOf(page).textContent()).toContain(`${requested.name} is accepted.`);
        await expect.poll(() => registryRow(page, requested.name).getAttribute('data-state')).toBe('active');
        await looked(page, width, 'ca-request-added');
      }

      // 4. Retiring the CA Jane's approved certificate chains to: the preview names her, a reason is required.
      const jane = await signedIn(HOLDER, '/certificates');
      await approvedDependant(jane, owner, leaf.pem, leaf.keyFile);
      await page.reload();
      const row = registryRow(page, root.name);
      await row.getByRole('button', { name: /Retire/ }).click();
      const preview = page.getByTestId('retire-preview');
      await preview.waitFor();
      const previewText = (await preview.textContent()) ?? '';
      // At the second width Jane's access suspended at the first moved to this certificate too (a renewal takes them over).
      const accesses = width === 1280 ? '1 mTLS access' : '2 mTLS accesses';
      expect(previewText).toContain(`1 approved certificate chains to it, opening ${accesses}.`);
      expect(previewText).toContain(leaf.name);
      expect(previewText).toContain('Jane Doe (Broker Partner SA)');
      const confirm = preview.getByRole('button', { name: 'Confirm: retire this CA' });
      expect(await confirm.isDisabled()).toBe(true);
      await looked(page, width, 'retire-preview');
      await preview.getByLabel('Reason').fill('No longer audited EV');
      await confirm.click();
      await expect.poll(() => noteOf(page).textContent()).toContain(`${root.name} is retired.`);
      await expect.poll(() => row.getAttribute('data-state')).toBe('retired');
      expect(await row.textContent()).toContain('No longer audited EV');
      await looked(page, width, 'ca-retired');

      // Retiring stopped the certificate and told its holder and the owner at once: the daily re-check finds nothing left.
      expect(await recheckApprovedCertificates(services)).toMatchObject({ stopped: 0, notified: 0 });
      await mailTo(HOLDER, (mail) => mail.subject.endsWith('its certification authority is no longer accepted') && mail.text.includes(root.name));
      await mailTo(OWNER, (mail) => mail.subject.startsWith('A client certificate stopped for') && mail.text.includes(root.name));
      await page.reload();
      await expect.poll(() => registryRow(page, root.name).getAttribute('data-state')).toBe('retired');
      await looked(page, width, 'after-recheck');
      expect(errors).toEqual([]);
      for (const opened of [page, owner, jane]) await opened.context().close();
    },
    180_000,
  );
});
