import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../plugins/portico/contract.ts';
import { createVerifiedUser } from '../../server/services/bootstrap.ts';
import { launchBrowser, saveScreenshot, watchPageErrors } from '../support/browser.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { fixtureBuildDir } from '../support/fixture-paths.ts';
import { startPortal, type RunningPortal } from '../support/start-portal.ts';

let portal: RunningPortal;
let resend: FakeResend;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  resend = await startFakeResend();
  portal = await startPortal(fixtureBuildDir, { resendUrl: resend.url });
  await createVerifiedUser(
    portal.handle.db,
    { email: 'admin@insurer.example', password: 'admin passphrase 2026', role: 'admin', fullName: 'Ada Admin' },
    Date.now(),
  );
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await resend?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  errors.push(...watchPageErrors(page));
  page.on('pageerror', (error) => errors.push(error.message));
  return page;
}

/** The admin, signed in through the real sign-in page, on /admin. */
async function adminPage(): Promise<Page> {
  const admin = await newPage();
  await admin.goto(`${portal.origin}/signin?next=%2Fadmin`);
  await admin.fill('#field-identifier', 'admin@insurer.example');
  await admin.fill('#field-password', 'admin passphrase 2026');
  await admin.click('button[type=submit]');
  await admin.waitForURL('**/admin');
  return admin;
}

async function waitForEmail(to: string, subject: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const mail = resend.inbox(to).find((candidate) => candidate.subject === subject);
    if (mail) return mail.text;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no "${subject}" email to ${to}; got: ${JSON.stringify(resend.received.map((mail) => [mail.to, mail.subject]))}`);
}

const JANE_FORM = { fullName: 'Jane Doe', company: 'Broker Partner SA', username: 'jane.doe', password: 'correct horse battery staple' };

async function fillSignUp(page: Page, email: string, person = JANE_FORM) {
  await page.fill('#field-email', email);
  await page.fill('#field-fullName', person.fullName);
  await page.fill('#field-company', person.company);
  await page.fill('#field-username', person.username);
  await page.fill('#field-password', person.password);
  await page.check('input[name=acceptGuidelines]');
  await page.click('button[type=submit]');
}

describe('register, verify, sign in, and the private docs opening and closing', () => {
  it('walks the whole journey in Chromium', async () => {
    const manifest = await readManifest(path.join(fixtureBuildDir, 'manifest.json'));
    const vault = manifest.apis.find((api) => api.slug === 'vault')!;
    const jane = await newPage();

    // 1. A gmail address is refused with a clear message.
    await jane.goto(`${portal.origin}/signup`);
    await fillSignUp(jane, 'jane.doe@gmail.com');
    await expect.poll(() => jane.locator('[data-testid=form-error]').textContent()).toContain('gmail.com is a personal email provider');
    await saveScreenshot(jane, 'signup-gmail-refused');

    // 2. A business address registers; the verification email arrives.
    await fillSignUp(jane, 'jane.doe@broker-partner.example');
    await jane.waitForSelector('[data-testid=form-success]');
    const mail = await waitForEmail('jane.doe@broker-partner.example', 'Confirm your email address');
    const link = /https?:\/\/\S+\/verify\?token=\S+/.exec(mail)?.[0];
    expect(link).toBeDefined();
    await saveScreenshot(jane, 'signup-check-inbox');
    await jane.goto(link!);
    // The link names the account and asks for its password: the click alone proves only the mailbox.
    await expect.poll(() => jane.locator('[data-testid=account-to-confirm]').textContent()).toContain('jane.doe');
    await saveScreenshot(jane, 'verify-review');
    await jane.fill('#field-password', 'correct horse battery staple');
    await jane.getByRole('button', { name: 'Confirm and sign in' }).click();
    await expect.poll(() => jane.locator('[data-testid=form-success]').textContent()).toContain('confirmed');
    await saveScreenshot(jane, 'verify-confirmed');

    // 3. Sign out, then the private docs send us to sign in, and back.
    await jane.goto(`${portal.origin}/account`);
    await jane.waitForSelector('[data-testid=navbar-account]');
    await jane.evaluate(() => fetch('/api/auth/sign-out', { method: 'POST' }));
    await jane.goto(`${portal.origin}${vault.docsPath}`);
    await jane.waitForURL(/\/signin\?next=/);
    await jane.fill('#field-identifier', 'jane.doe');
    await jane.fill('#field-password', 'correct horse battery staple');
    await jane.click('button[type=submit]');
    await jane.waitForURL(`**${vault.docsPath}`);
    expect(await jane.locator('h1').textContent()).toContain('is private');
    await saveScreenshot(jane, 'private-docs-refused-signed-in');

    // 4. The admin grants access from the admin page.
    const admin = await adminPage();
    const row = admin.locator('tr[data-email="jane.doe@broker-partner.example"]');
    await row.locator('select[aria-label^="API to grant"]').selectOption('vault');
    await row.getByRole('button', { name: 'Grant' }).click();
    await admin.waitForSelector('[data-testid=form-success]');
    await saveScreenshot(admin, 'admin-granted');

    // 5. The same user reads the private docs.
    await jane.goto(`${portal.origin}${vault.docsPath}`);
    await expect.poll(() => jane.locator('h1').first().textContent()).toContain(vault.title);
    await saveScreenshot(jane, 'private-docs-open');
    // The navbar of a private build leads to the site's catalog and guides, not to its own baseUrl (issue 16).
    expect(await jane.locator('a.navbar__brand').getAttribute('href')).toBe('/');
    expect(await jane.locator('.navbar a.navbar__link', { hasText: 'API catalog' }).getAttribute('href')).toBe('/');
    await jane.locator('.navbar a.navbar__link', { hasText: 'Guides' }).click();
    await jane.waitForURL(`${portal.origin}/guides/getting-started`);
    expect(await jane.locator('h1').first().textContent()).not.toContain('Page Not Found');
    await jane.goBack();
    await jane.locator('a.navbar__brand').click();
    await jane.waitForURL(`${portal.origin}/`);
    // The catalog tells a signed-in reader which private APIs they read (issue 16 item 6).
    const vaultCard = jane.locator('[data-testid="api-card"][data-slug="vault"]');
    await expect.poll(() => vaultCard.locator('[data-testid=reader-access]').getAttribute('data-access')).toBe('readable');
    expect(await vaultCard.getByRole('link', { name: 'Read the documentation' }).getAttribute('href')).toBe(vault.docsPath);
    await waitForEmail('jane.doe@broker-partner.example', `You can now read the ${vault.title} documentation`);

    // 6. Revoked: refused again (the admin page's Documentation access section).
    await admin.getByRole('tab', { name: 'Documentation access' }).click();
    const accessRow = admin.locator('[data-testid=access-table] tr[data-api="vault"]');
    await accessRow.locator('input').fill('Partnership ended');
    await accessRow.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => accessRow.textContent()).toContain('revoked');
    const refused = await jane.goto(`${portal.origin}${vault.docsPath}`);
    expect(refused?.status()).toBe(403);
    await waitForEmail('jane.doe@broker-partner.example', `Your access to the ${vault.title} documentation was revoked`);
    expect(errors).toEqual([]);
  });
});

describe("an impostor registers an API owner's address", () => {
  it('the owner opens the link, sees whose account it is, and deletes it; an admin confirms the real owner', async () => {
    const owner = (await readManifest(path.join(fixtureBuildDir, 'manifest.json'))).apis.find((api) => api.visibility === 'private')!.owners[0]!;
    const mallory = await newPage();
    await mallory.goto(`${portal.origin}/signup`);
    await fillSignUp(mallory, owner, { fullName: 'Mallory Impostor', company: 'Evil Corp', username: 'mallory', password: 'mallory passphrase 2026' });
    await mallory.waitForSelector('[data-testid=form-success]');

    const mail = await waitForEmail(owner, 'Confirm your email address');
    expect(mail).not.toContain('Mallory');
    const link = /https?:\/\/\S+\/verify\?token=\S+/.exec(mail)?.[0];
    for (const width of [1280, 375]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      errors.push(...watchPageErrors(page));
      await page.goto(link!);
      await expect.poll(() => page.locator('[data-testid=account-to-confirm]').textContent()).toContain('Mallory Impostor');
      await saveScreenshot(page, `verify-impostor-${width}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      if (width === 375) {
        await page.getByTestId('decline-registration').click();
        await expect.poll(() => page.locator('[data-testid=form-success]').textContent()).toContain('deleted');
        await saveScreenshot(page, 'verify-declined');
      }
      await context.close();
    }

    // The real owner registers and confirms; the admin then confirms the account as the owner.
    const claire = await newPage();
    await claire.goto(`${portal.origin}/signup`);
    await fillSignUp(claire, owner, { fullName: 'Claire Owner', company: 'Insurer Example', username: 'claire.owner', password: 'claire passphrase 2026' });
    await claire.waitForSelector('[data-testid=form-success]');
    const confirmations = () => resend.inbox(owner).filter((candidate) => candidate.subject === 'Confirm your email address');
    await expect.poll(() => confirmations().length, { timeout: 10_000 }).toBe(2);
    const second = confirmations().at(-1)?.text ?? '';
    await claire.goto(/https?:\/\/\S+\/verify\?token=\S+/.exec(second)![0]);
    await claire.fill('#field-password', 'claire passphrase 2026');
    await claire.getByRole('button', { name: 'Confirm and sign in' }).click();
    await claire.waitForSelector('[data-testid=form-success]');
    await claire.goto(`${portal.origin}/account`);
    await claire.waitForSelector('[data-testid=owner-confirmation-pending]');
    await saveScreenshot(claire, 'account-owner-pending');

    const admin = await adminPage();
    await admin.getByRole('tab', { name: 'API owners' }).click();
    const row = admin.locator(`[data-testid=owner-accounts-table] tr[data-email="${owner}"]`);
    await expect.poll(() => row.textContent()).toContain('Claire Owner');
    await saveScreenshot(admin, 'admin-owner-to-confirm');
    await row.getByRole('button', { name: `Confirm ${owner} as owner` }).click();
    await expect.poll(() => row.textContent()).toContain('Confirmed');
    await saveScreenshot(admin, 'admin-owner-confirmed');
    await waitForEmail(owner, 'You can now decide for the APIs you own');
    expect(errors).toEqual([]);
  });
});
