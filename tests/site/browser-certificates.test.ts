import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docAccess } from '../../server/db/schema.ts';
import { newId } from '../../server/ids.ts';
import { createVerifiedUser } from '../../server/services/bootstrap.ts';
import { launchBrowser, saveScreenshot, signInPage } from '../support/browser.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { fixtureBuildDir } from '../support/fixture-paths.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { signChallenge } from '../support/prove-possession.ts';
import { startPortal, type RunningPortal } from '../support/start-portal.ts';

let dir: string;
let root: Credential;
let clientCert: Credential;
let portal: RunningPortal;
let resend: FakeResend;
let browser: Browser;
const PASSWORD = 'a long enough passphrase';
const errors: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-browser-certs-'));
  const pki = new OpensslPki(dir);
  root = pki.selfSigned('Broker EV Root', { extensions: CA_EXTENSIONS });
  clientCert = pki.issue('api-client.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
  resend = await startFakeResend();
  portal = await startPortal(fixtureBuildDir, { resendUrl: resend.url });
  const jane = await createVerifiedUser(
    portal.handle.db,
    { email: 'jane@broker-partner.example', password: PASSWORD, role: 'consumer', fullName: 'Jane Doe', company: 'Broker Partner SA' },
    Date.now(),
  );
  await createVerifiedUser(
    portal.handle.db,
    { email: 'claims-api@insurer.example', password: PASSWORD, role: 'consumer', fullName: 'Carl Claims', ownerConfirmed: true },
    Date.now(),
  );
  const platform = await createVerifiedUser(
    portal.handle.db,
    { email: 'platform@insurer.example', password: PASSWORD, role: 'platform', fullName: 'Pat Platform' },
    Date.now(),
  );
  // Production needs two people: the owner records the call-back, an administrator approves.
  await createVerifiedUser(portal.handle.db, { email: 'admin@insurer.example', password: PASSWORD, role: 'admin', fullName: 'Ada Admin' }, Date.now());
  expect(platform.ok && jane.ok).toBe(true);
  if (jane.ok)
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
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await resend?.close();
  rmSync(dir, { recursive: true, force: true });
});

const signedIn = (email: string, next: string): Promise<Page> => signInPage(browser, portal.origin, email, PASSWORD, next, errors);

async function mailTo(to: string, part: string): Promise<void> {
  await expect.poll(() => resend.inbox(to).some((mail) => mail.subject.includes(part)), { timeout: 10_000 }).toBe(true);
}

/** Opens the queue's one waiting request in the review panel (the console lists it with a Review button). */
async function openReview(page: Page, queue: string) {
  await page.getByTestId(`queue-tab-${queue}`).click();
  const rows = page.locator('[data-testid=owner-queue] tbody tr[data-status=pending]');
  await expect.poll(() => rows.count()).toBe(1);
  await rows.getByRole('button', { name: "Review Jane Doe's request" }).click();
  const panel = page.locator(`[data-testid=review-panel][data-id="${await rows.getAttribute('data-id')}"]`);
  await panel.waitFor();
  return panel;
}

describe('certificates in the browser', () => {
  it('upload → owner review → production mTLS blocked until the call-back is recorded → approved → emails both ways', async () => {
    // Jane uploads before the platform team accepts her CA: kept, and the page says it waits.
    const jane = await signedIn('jane@broker-partner.example', '/certificates');
    await jane.getByLabel('API', { exact: true }).selectOption('claims');
    await jane.setInputFiles('input[type=file]', clientCert.certFile);
    await jane.getByRole('button', { name: 'Upload and check' }).click();
    await jane.waitForSelector('[data-testid=certificate-waiting-for-ca]');
    expect(await jane.locator('[data-testid=form-success]').count()).toBe(0);
    await saveScreenshot(jane, 'certificate-waiting-for-ca');

    const platform = await signedIn('platform@insurer.example', '/account');
    const added = await platform.evaluate(
      async (pem) =>
        (
          await fetch('/api/registry/cas', {
            method: 'PUT',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: 'Broker EV Root', certificate: pem, ev: true }),
          })
        ).status,
      root.pem,
    );
    expect(added).toBe(200);
    await mailTo('claims-api@insurer.example', 'submitted a client certificate');
    await mailTo('jane@broker-partner.example', 'is now accepted');

    await jane.reload();
    await expect.poll(() => jane.locator('[data-testid=my-certificates]').textContent()).toContain('Waiting for your proof of the private key');
    await saveScreenshot(jane, 'certificate-uploaded');

    // Until Jane proves she holds the key, the owner cannot approve.
    const owner = await signedIn('claims-api@insurer.example', '/owner?api=claims');
    const certificatePanel = await openReview(owner, 'certificates');
    await expect.poll(() => certificatePanel.locator('[data-testid=approve-blocked]').textContent()).toContain('proves the private key');
    expect(await certificatePanel.locator('[data-testid=possession]').textContent()).toBe('not proved yet');
    expect(await certificatePanel.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await saveScreenshot(owner, 'certificate-waiting-for-possession');

    // Jane signs the challenge the page shows with the real openssl and pastes the signature.
    const prove = jane.locator('[data-testid=prove-possession]');
    const commands = await prove.locator('pre').last().textContent();
    const challenge = /printf '%s' '([^']+)'/.exec(commands ?? '')?.[1] ?? '';
    expect(challenge).not.toBe('');
    await saveScreenshot(jane, 'certificate-prove-possession');
    await prove.getByLabel('Signature (base64)').fill(signChallenge(clientCert.keyFile, challenge));
    await prove.getByRole('button', { name: 'Send the signature' }).click();
    await expect.poll(() => jane.locator('body').textContent()).toContain('Proved by signature');
    await saveScreenshot(jane, 'certificate-possession-proved');

    // The open review is in the URL: a reload shows the same certificate, now proved.
    await owner.reload();
    await expect.poll(() => certificatePanel.locator('[data-testid=possession]').textContent()).toContain('proved by signing a challenge');
    await certificatePanel.locator('[data-testid=decision-form]').getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => owner.locator('[data-testid=form-success]').textContent()).toContain('approved');
    await mailTo('jane@broker-partner.example', 'was approved');

    await jane.goto(`${portal.origin}/apps`);
    await jane.fill('#field-name', 'Claims production app');
    await jane.fill('#field-businessContact', 'Jane Doe, +33 1 23 45 67 89');
    await jane.fill('#field-technicalContact', 'dev@broker-partner.example');
    await jane.getByRole('button', { name: 'Create the app' }).click();
    await jane.waitForSelector('[data-testid=app-card]');
    const card = jane.locator('[data-testid=app-card][data-app="Claims production app"]');
    // The request form asks only what the API offers: environment, then its methods, then the certificate.
    await card.getByLabel('API', { exact: true }).selectOption('claims');
    await card.getByRole('radio', { name: 'Production' }).check();
    await card.getByRole('radio', { name: 'Client certificate (mTLS)' }).check();
    await card.getByLabel('Certificate', { exact: true }).selectOption({ index: 1 });
    await card.getByRole('button', { name: 'Request access' }).click();
    await expect.poll(() => card.locator('[data-api=claims]').getAttribute('data-status')).toBe('pending');

    await owner.reload();
    const accessPanel = await openReview(owner, 'mtls_reviews');
    expect(await accessPanel.locator('li[data-item]').evaluateAll((items) => items.map((item) => item.getAttribute('data-item')))).toEqual([
      'automatic_checks',
      'possession',
      'entitlement',
      'call_back',
    ]);
    await accessPanel.locator('[data-testid=decision-form]').getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => owner.locator('[data-testid=form-error]').textContent()).toContain('call-back');
    expect(await accessPanel.locator('[data-testid=checklist-missing]').textContent()).toContain('call-back');
    await saveScreenshot(owner, 'production-blocked-until-call-back');

    const checklist = accessPanel.locator('[data-testid=review-checklist]');
    // The call-back confirms the certificate's own subject and issuer, shown beside the boxes.
    expect(await checklist.getByTestId('call-back-subject').textContent()).toContain('api-client.broker-partner.example');
    expect(await checklist.getByTestId('call-back-issuer').textContent()).toContain('Broker EV Root');
    for (const name of ['businessInformation', 'technicalInformation', 'kyc', 'contractAndTerms', 'subjectConfirmed', 'issuerConfirmed'])
      await checklist.locator(`input[name=${name}]`).check();
    await checklist.getByLabel('Phone number from the contract').fill('+33 1 23 45 67 89');
    await checklist.getByLabel('Who called').fill('Carl Claims');
    await checklist.getByLabel('When').fill('2026-11-23T10:30');
    await checklist.getByRole('button', { name: 'Save the review' }).click();
    await expect.poll(() => owner.locator('[data-testid=form-success]').textContent()).toContain('every mandatory item is complete');
    await expect.poll(() => accessPanel.locator('li[data-item][data-done=false]').count()).toBe(0);
    expect(await accessPanel.locator('[data-testid=checklist-missing]').count()).toBe(0);
    // Carl recorded the call-back: the page says a second person approves, and the server agrees.
    await expect.poll(() => accessPanel.locator('[data-testid=approve-blocked]').textContent()).toContain('another owner or an administrator approves');
    expect(await accessPanel.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    const accessId = await accessPanel.getAttribute('data-id');
    const carlApproves = await owner.evaluate(async (id) => (await fetch(`/api/owner/api-access/${id}/approve`, { method: 'POST' })).status, accessId);
    expect(carlApproves).toBe(403);
    await saveScreenshot(owner, 'production-second-person');

    const admin = await signedIn('admin@insurer.example', '/owner?api=claims');
    const adminPanel = await openReview(admin, 'mtls_reviews');
    expect(await adminPanel.getAttribute('data-id')).toBe(accessId);
    await adminPanel.locator('[data-testid=decision-form]').getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => admin.locator('[data-testid=form-success]').textContent()).toContain('approved');
    await expect.poll(() => adminPanel.getAttribute('data-status')).toBe('approved');
    // The history on the same page says so at once, without a reload.
    await expect.poll(() => admin.locator('[data-testid=owner-history] tr[data-action="api_access.approved"]').count()).toBe(1);
    await mailTo('jane@broker-partner.example', 'can call');
    await saveScreenshot(admin, 'production-approved');
    const [approvalMail] = resend.inbox('jane@broker-partner.example').filter((mail) => mail.subject.includes('can call'));
    expect(approvalMail?.text).toContain('Claims production app');
    expect(errors).toEqual([]);
  });
});
