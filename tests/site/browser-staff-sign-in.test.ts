import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerSchema } from '../../server/oidc/provider-config.ts';
import { discoverProviders } from '../../server/oidc/providers.ts';
import { createVerifiedUser } from '../../server/services/bootstrap.ts';
import { launchBrowser, saveScreenshot } from '../support/browser.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { fixtureBuildDir } from '../support/fixture-paths.ts';
import { startProvider, type TestProvider } from '../support/oidc-provider.ts';
import { startPortal, type RunningPortal } from '../support/start-portal.ts';

/**
 * Issue 21 in Chromium: staff and a partner sign in through real OpenID Providers (oidc-provider
 * on loopback, its own login and consent pages) to the portal serving the fixture build. The
 * Claims API's owners are the provider group `claims-api-owners` (openapi/claims.yaml). Each page
 * at 1280 and 375 px: a screenshot, no script or console error, no sideways scroll.
 */

const PASSWORD = 'a long enough passphrase';
const WIDTHS = [1280, 375] as const;
let corp: TestProvider;
let partner: TestProvider;
let portal: RunningPortal;
let resend: FakeResend;
let browser: Browser;

beforeAll(async () => {
  resend = await startFakeResend();
  portal = await startPortal(fixtureBuildDir, {
    resendUrl: resend.url,
    identity: async (origin) => {
      corp = await startProvider({
        clientId: 'portal',
        clientSecret: 'corp-secret',
        redirectUris: [`${origin}/api/auth/oidc/corp/callback`],
        postLogoutUris: [],
      });
      partner = await startProvider({
        clientId: 'portal-b',
        clientSecret: 'b-secret',
        redirectUris: [`${origin}/api/auth/oidc/broker/callback`],
        postLogoutUris: [],
      });
      const configs = [
        { id: 'corp', name: 'Insurer staff', issuer: corp.issuer, clientId: 'portal', clientSecret: 'corp-secret', scopes: 'openid email profile groups' },
        { id: 'broker', name: 'Broker Partner SA', issuer: partner.issuer, clientId: 'portal-b', clientSecret: 'b-secret', audience: 'partners' },
      ].map((config) => providerSchema.parse(config));
      return { providers: await discoverProviders(configs, origin), staffSessionTtlMs: 8 * 3_600_000 };
    },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await Promise.all([corp?.close(), partner?.close(), resend?.close()]);
});

/** A fresh browser (no session at the portal nor at the providers) that records the portal's errors. */
async function open(width: number): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ viewport: { width, height: 800 } })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Only the portal's pages count: the providers' development pages are not ours.
  page.on('console', (message) => {
    if (message.type() === 'error' && page.url().startsWith(portal.origin)) errors.push(`${message.text()} (${message.location().url})`);
  });
  return { page, errors };
}

/** How far the page scrolls sideways (0 when it fits). */
async function sideScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Screenshot of a portal page, which must fit the width. */
async function look(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, name);
  expect(await sideScroll(page), `${name} scrolls sideways`).toBeLessThanOrEqual(0);
}

/** The provider's own login and consent pages, as a person fills them; a screenshot of each. */
async function atProvider(page: Page, login: string, name: string): Promise<void> {
  await page.waitForSelector('input[name=login]');
  await saveScreenshot(page, `${name}-provider-login`);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'any');
  await page.click('button[type=submit]');
  await page.waitForSelector('button:has-text("Continue")');
  await saveScreenshot(page, `${name}-provider-consent`);
  await page.click('button:has-text("Continue")');
}

/** A partner's pending request to read the Claims API's documentation, made through the API. */
async function pendingClaimsRequest(email: string): Promise<void> {
  await createVerifiedUser(portal.handle.db, { email, password: PASSWORD, role: 'consumer', fullName: 'Jane Doe', company: 'Broker Partner SA' }, Date.now());
  const signIn = await fetch(`${portal.origin}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: portal.origin },
    body: JSON.stringify({ identifier: email, password: PASSWORD }),
  });
  const cookie = (signIn.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const asked = await fetch(`${portal.origin}/api/doc-access/requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: portal.origin, Cookie: cookie },
    body: JSON.stringify({ apiSlug: 'claims', justification: 'A claims intake for our brokers at Broker Partner SA.' }),
  });
  expect(asked.status).toBe(201);
}

describe('staff sign in through the insurer provider', () => {
  for (const width of WIDTHS) {
    it(`at ${width} px: an owners-group member decides a request; without the group the console is refused`, async () => {
      const login = `olivia-${width}`;
      corp.people.set(login, { email: `${login}@insurer.example`, email_verified: true, name: 'Olivia Owner', groups: ['claims-api-owners'] });
      await pendingClaimsRequest(`jane-${width}@broker-partner.example`);
      const { page, errors } = await open(width);
      await page.goto(`${portal.origin}/signin?next=${encodeURIComponent('/owner?api=claims')}`);
      const button = page.getByRole('link', { name: 'Sign in with Insurer staff' });
      await button.waitFor();
      await look(page, `staff-signin-${width}`);
      await button.click();
      await atProvider(page, login, `staff-${width}`);
      await page.waitForURL(`${portal.origin}/owner?api=claims`);
      const row = page.locator('[data-testid=owner-queue] tr[data-status=pending]', { hasText: 'Jane Doe' });
      await expect.poll(() => row.count()).toBe(1);
      await row.getByRole('button', { name: "Review Jane Doe's request" }).click();
      await look(page, `staff-owner-console-${width}`);
      await page.locator('[data-testid=decision-form]').getByRole('button', { name: 'Approve' }).click();
      await expect.poll(() => page.locator('[data-testid=form-success]').textContent()).toContain('approved');
      expect(errors).toEqual([]);

      // The group is removed at the provider: the next sign-in no longer opens the console.
      corp.people.set(login, { email: `${login}@insurer.example`, email_verified: true, name: 'Olivia Owner', groups: [] });
      const again = await open(width);
      await again.page.goto(`${portal.origin}/signin?next=%2Fowner`);
      await again.page.getByRole('link', { name: 'Sign in with Insurer staff' }).click();
      await atProvider(again.page, login, `staff-again-${width}`);
      await again.page.waitForURL(`${portal.origin}/owner`);
      // A refusal that says why and what to do, not an empty console under the same error twice.
      const refusal = again.page.locator('[data-testid=owner-console-refused]');
      await expect.poll(() => refusal.textContent()).toMatch(/you own none on this portal.*owners group.*next sign-in/s);
      expect(await again.page.getByRole('heading', { name: 'History' }).count()).toBe(0);
      expect(await again.page.locator('[data-testid=form-error]').count()).toBe(0);
      await look(again.page, `staff-owner-console-refused-${width}`);
      expect(again.errors).toEqual([]);
    });
  }
});

describe('a partner through their company provider', () => {
  for (const width of WIDTHS) {
    it(`at ${width} px: a business address signs in; a free-mail address is refused with a page that says why`, async () => {
      partner.people.set(`bob-${width}`, { email: `bob-${width}@broker-partner.example`, email_verified: true, name: 'Bob Broker' });
      partner.people.set(`fred-${width}`, { email: `fred-${width}@gmail.com`, email_verified: true, name: 'Fred' });
      const { page, errors } = await open(width);
      await page.goto(`${portal.origin}/signin`);
      const button = page.getByRole('button', { name: 'Sign in with Broker Partner SA' });
      await button.waitFor();
      expect(await button.isDisabled()).toBe(true);
      await page.getByLabel(/I have read the security guidelines/).check();
      await look(page, `partner-signin-${width}`);
      await page.getByRole('link', { name: 'Sign in with Broker Partner SA' }).click();
      await atProvider(page, `bob-${width}`, `partner-${width}`);
      await page.waitForURL(`${portal.origin}/dashboard`);
      await look(page, `partner-dashboard-${width}`);
      expect(errors).toEqual([]);

      const refused = await open(width);
      await refused.page.goto(`${portal.origin}/signin`);
      await refused.page.getByLabel(/I have read the security guidelines/).check();
      await refused.page.getByRole('link', { name: 'Sign in with Broker Partner SA' }).click();
      await atProvider(refused.page, `fred-${width}`, `partner-refused-${width}`);
      await refused.page.waitForURL(`${portal.origin}/api/auth/oidc/broker/callback**`);
      await expect.poll(() => refused.page.locator('h1').textContent()).toBe('Sign-in refused');
      expect(await refused.page.locator('main').textContent()).toContain(
        `Broker Partner SA signed you in as fred-${width}@gmail.com, but gmail.com is a personal email provider.`,
      );
      await look(refused.page, `partner-refused-page-${width}`);
      await refused.page.getByRole('link', { name: 'Back to sign in' }).click();
      await refused.page.waitForURL(`${portal.origin}/signin`);
      // The refusal's status (422, as scripts get it) is the one line Chromium logs for the page.
      expect(refused.errors.filter((error) => !/status of 422.*\/api\/auth\/oidc\/broker\/callback/.test(error))).toEqual([]);
    });
  }
});
