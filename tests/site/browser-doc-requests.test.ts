import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedUser } from '../../server/services/bootstrap.ts';
import { launchBrowser, saveScreenshot, signInPage } from '../support/browser.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { fixtureBuildDir } from '../support/fixture-paths.ts';
import { startPortal, type RunningPortal } from '../support/start-portal.ts';

let portal: RunningPortal;
let resend: FakeResend;
let browser: Browser;
const errors: string[] = [];
const PASSWORD = 'a long enough passphrase';

beforeAll(async () => {
  resend = await startFakeResend();
  portal = await startPortal(fixtureBuildDir, { resendUrl: resend.url });
  await createVerifiedUser(
    portal.handle.db,
    { email: 'jane@broker-partner.example', password: PASSWORD, role: 'consumer', fullName: 'Jane Doe', company: 'Broker Partner SA' },
    Date.now(),
  );
  await createVerifiedUser(
    portal.handle.db,
    { email: 'vault-owner@insurer.example', password: PASSWORD, role: 'consumer', fullName: 'Vera Vault', ownerConfirmed: true },
    Date.now(),
  );
  await createVerifiedUser(
    portal.handle.db,
    { email: 'claims-api@insurer.example', password: PASSWORD, role: 'consumer', fullName: 'Carl Claims', ownerConfirmed: true },
    Date.now(),
  );
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await resend?.close();
});

const signedIn = (email: string, next: string): Promise<Page> => signInPage(browser, portal.origin, email, PASSWORD, next, errors);

async function mailTo(to: string, subjectPart: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const mail = resend.inbox(to).find((candidate) => candidate.subject.includes(subjectPart));
    if (mail) return mail.text;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no email "${subjectPart}" to ${to}`);
}

/** Opens the review panel of Jane's request in the console's current queue; the panel names her address. */
async function reviewJane(owner: Page, status: string) {
  const row = owner.locator(`[data-testid=owner-queue] tr[data-status=${status}]`, { hasText: 'Jane Doe' });
  await expect.poll(() => row.count()).toBe(1);
  await row.getByRole('button', { name: "Review Jane Doe's request" }).click();
  const panel = owner.locator(`[data-testid=review-panel][data-id="${await row.getAttribute('data-id')}"]`);
  await expect.poll(() => panel.locator('[data-testid=review-requester]').textContent()).toContain('jane@broker-partner.example');
  return panel;
}

async function requestAccess(page: Page, slug: string) {
  await page.goto(`${portal.origin}/catalog/${slug}`);
  await page.fill('#justification', 'A claims app for our brokers at Broker Partner SA.');
  await page.getByRole('button', { name: 'Request access' }).click();
  await expect.poll(() => page.locator('[data-testid=request-access]').getAttribute('data-state')).toBe('pending');
}

describe('doc-access requests in the browser', () => {
  it('request → owner emailed → approved in the console → consumer emailed → reads; revoked → closed', async () => {
    const jane = await signedIn('jane@broker-partner.example', '/catalog/vault');
    await requestAccess(jane, 'vault');
    await saveScreenshot(jane, 'doc-request-pending');

    const ownerMail = await mailTo('vault-owner@insurer.example', 'asks to read the Vault Claims Ledger documentation');
    // The email's link opens the request itself: the documentation queue with its review panel (issue 17 item 6).
    const consoleLink = /https?:\/\/\S+\/owner\?queue=documentation&api=vault&review=\S+/.exec(ownerMail)?.[0];
    expect(consoleLink).toBeDefined();
    const owner = await signedIn('vault-owner@insurer.example', new URL(consoleLink!).pathname + new URL(consoleLink!).search);
    const panel = owner.locator(`[data-testid=review-panel][data-id="${new URL(consoleLink!).searchParams.get('review')}"]`);
    await expect.poll(() => panel.locator('[data-testid=review-requester]').textContent()).toContain('jane@broker-partner.example');
    expect(await panel.textContent()).toContain('A claims app for our brokers at Broker Partner SA.');
    await saveScreenshot(owner, 'owner-console');
    await panel.locator('[data-testid=decision-form]').getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => owner.locator('[data-testid=form-success]').textContent()).toContain('approved');

    const approval = await mailTo('jane@broker-partner.example', 'You can now read the Vault Claims Ledger documentation');
    const docsLink = /https?:\/\/\S+\/private\/vault\//.exec(approval)?.[0];
    await jane.goto(docsLink!);
    await expect.poll(() => jane.locator('h1').first().textContent()).toContain('Vault Claims Ledger');

    await owner.getByLabel('Status').selectOption('decided');
    const approved = await reviewJane(owner, 'approved');
    const decision = approved.locator('[data-testid=decision-form]');
    // A revocation needs a reason: the button waits for one.
    expect(await decision.getByRole('button', { name: 'Revoke' }).isDisabled()).toBe(true);
    await decision.getByLabel('Reason for Jane Doe').fill('The pilot is over');
    await decision.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => owner.locator('[data-testid=form-success]').textContent()).toContain('revoked');
    await expect.poll(() => approved.getAttribute('data-status')).toBe('revoked');
    expect((await jane.goto(`${portal.origin}/private/vault/`))?.status()).toBe(403);
    expect(await mailTo('jane@broker-partner.example', 'was revoked')).toContain('The pilot is over');
  });

  it('refusal: the reason reaches the consumer, by email and on the overview page', async () => {
    const jane = await signedIn('jane@broker-partner.example', '/catalog/claims');
    await requestAccess(jane, 'claims');
    const owner = await signedIn('claims-api@insurer.example', '/owner?api=claims');
    const decision = (await reviewJane(owner, 'pending')).locator('[data-testid=decision-form]');
    await decision.getByLabel('Reason for Jane Doe').fill('No distribution agreement with Broker Partner SA yet');
    await decision.getByRole('button', { name: 'Refuse' }).click();
    await expect.poll(() => owner.locator('[data-testid=form-success]').textContent()).toContain('refused');
    expect(await mailTo('jane@broker-partner.example', 'was refused')).toContain('No distribution agreement with Broker Partner SA yet');
    await jane.reload();
    await expect.poll(() => jane.locator('[data-testid=request-access]').getAttribute('data-state')).toBe('refused');
    expect(await jane.locator('[data-testid=request-access]').textContent()).toContain('No distribution agreement');
    await saveScreenshot(jane, 'doc-request-refused');
    expect((await jane.goto(`${portal.origin}/private/claims/`))?.status()).toBe(403);
    expect(errors).toEqual([]);
  });
});
