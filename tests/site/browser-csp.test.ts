import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest, type Manifest } from '../../plugins/portico/contract.ts';
import { createVerifiedUser } from '../../server/services/bootstrap.ts';
import { launchBrowser, saveScreenshot } from '../support/browser.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { fixtureBuildDir } from '../support/fixture-paths.ts';
import { startPortal, type RunningPortal } from '../support/start-portal.ts';

/**
 * The Content-Security-Policy against the real build in real Chromium: every kind of page
 * loads, hydrates and answers clicks with zero violations, and a script injected into a page
 * is blocked (so the listener below can see a violation at all).
 */

interface Violation {
  page: string;
  directive: string;
  blocked: string;
  sample: string;
  /** file:line:column of the code that was refused, to find it in the build. */
  source: string;
}

let portal: RunningPortal;
let resend: FakeResend;
let browser: Browser;
let manifest: Manifest;
const PASSWORD = 'a long enough passphrase';
const JANE = 'jane@broker-partner.example';
const violations: Violation[] = [];
const cspConsole: string[] = [];
const pageErrors: string[] = [];
const checkedPages = new Set<string>();

beforeAll(async () => {
  manifest = await readManifest(path.join(fixtureBuildDir, 'manifest.json'));
  resend = await startFakeResend();
  portal = await startPortal(fixtureBuildDir, { resendUrl: resend.url });
  await createVerifiedUser(
    portal.handle.db,
    { email: JANE, password: PASSWORD, role: 'consumer', fullName: 'Jane Doe', company: 'Broker Partner SA' },
    Date.now(),
  );
  for (const slug of ['quotes', 'claims']) {
    const owner = manifest.apis.find((api) => api.slug === slug)?.owners[0] ?? '';
    await createVerifiedUser(
      portal.handle.db,
      { email: owner, password: PASSWORD, role: 'consumer', fullName: `Owner of ${slug}`, ownerConfirmed: true },
      Date.now(),
    );
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await resend?.close();
});

const ownerOf = (slug: string) => manifest.apis.find((api) => api.slug === slug)?.owners[0] ?? '';

/** A browser context whose every page reports CSP violations (DOM event and console) to the test. */
async function watchedContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.exposeBinding('__reportCspViolation', ({ page }, violation: Omit<Violation, 'page'>) => {
    violations.push({ page: new URL(page.url()).pathname, ...violation });
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (v: unknown) => void }).__reportCspViolation;
      void report({
        directive: event.violatedDirective,
        blocked: event.blockedURI,
        sample: event.sample,
        source: `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      });
    });
  });
  context.on('page', (page) => watchPage(page));
  return context;
}

function watchPage(page: Page): void {
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) cspConsole.push(`${new URL(page.url()).pathname}: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
}

async function open(page: Page, pathname: string): Promise<void> {
  const response = await page.goto(`${portal.origin}${pathname}`);
  expect(response?.headers()['content-security-policy'], pathname).toContain("frame-ancestors 'none'");
  await page.waitForLoadState('networkidle');
  checkedPages.add(pathname);
}

/** The navbar's colour-mode switch is React: it only works once the page has hydrated. */
async function toggleColorMode(page: Page): Promise<void> {
  const before = await page.locator('html').getAttribute('data-theme-choice');
  await page.locator('button[aria-label^="Switch between dark and light mode"]').first().click();
  await expect.poll(() => page.locator('html').getAttribute('data-theme-choice')).not.toBe(before);
}

/** The explorer may wait behind an "Open the API explorer" button until the reader asks for it. */
async function openExplorer(page: Page): Promise<void> {
  const teaser = page.locator('[data-testid=api-explorer-teaser] button');
  if (await teaser.count()) await teaser.click();
  await page.waitForSelector('.openapi-explorer__playground-editor');
}

async function signIn(context: BrowserContext, email: string, next: string): Promise<Page> {
  const page = await context.newPage();
  await open(page, `/signin?next=${encodeURIComponent(next)}`);
  await page.fill('#field-identifier', email);
  await page.fill('#field-password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(`**${next}`);
  await page.waitForLoadState('networkidle');
  checkedPages.add(next);
  return page;
}

/** A same-origin JSON call with the page's cookies, as the portal's own pages make them. */
async function callApi(page: Page, pathname: string, data?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await page.request.fetch(`${portal.origin}${pathname}`, {
    method: 'POST',
    headers: { Origin: portal.origin },
    ...(data === undefined ? {} : { data }),
  });
  return { status: response.status(), body: (await response.json()) as Record<string, unknown> };
}

describe('the Content-Security-Policy in Chromium', () => {
  it('lets the catalog, a guide and the 404 page run: search filters, the colour switch works', async () => {
    const visitor = await (await watchedContext()).newPage();
    await open(visitor, '/');
    await expect.poll(() => visitor.locator('[data-testid="api-card"]').count()).toBe(manifest.apis.length);
    await visitor.getByRole('searchbox', { name: 'Search' }).fill('Quotes');
    await expect.poll(() => visitor.locator('[data-testid="api-card"]').count()).toBeLessThan(manifest.apis.length);
    await toggleColorMode(visitor);

    await open(visitor, '/guides/getting-started');
    expect((await visitor.locator('h1').first().textContent())?.length).toBeGreaterThan(0);
    await toggleColorMode(visitor);
    // Client-side navigation: react-helmet swaps the head without a new response or policy.
    await visitor.locator('a[href="/"]').first().click();
    await visitor.waitForURL(`${portal.origin}/`);
    await expect.poll(() => visitor.locator('[data-testid="api-card"]').count()).toBe(manifest.apis.length);

    await open(visitor, '/no-such-page');
    expect(await visitor.locator('h1').first().textContent()).toBeTruthy();
    await open(visitor, '/signup');
    await visitor.waitForSelector('#field-email');
    expect(violations).toEqual([]);
  });

  it('lets a consumer get a one-click sandbox token and Send from "Try it"', async () => {
    const jane = await signIn(await watchedContext(), JANE, '/apps');
    const created = await callApi(jane, '/api/apps', {
      name: 'CSP check app',
      businessContact: 'Jane Doe, +33 1 23 45 67 89',
      technicalContact: 'dev@broker-partner.example',
    });
    expect(created.status).toBe(201);
    const requested = await callApi(jane, `/api/apps/${String(created.body.clientId)}/api-access`, { apiSlug: 'quotes', environment: 'sandbox' });
    expect(requested.status).toBe(201);
    const owner = await signIn(await watchedContext(), ownerOf('quotes'), '/owner?api=quotes');
    expect((await callApi(owner, `/api/owner/api-access/${String(requested.body.id)}/approve`)).status).toBe(200);

    const quotes = manifest.apis.find((api) => api.slug === 'quotes')!;
    await open(jane, quotes.docsPath);
    await jane.locator('li.api-method a.menu__link', { hasText: 'List quotes' }).first().click();
    await jane.locator('[data-testid=sandbox-token-bar] button').first().click();
    await jane.waitForSelector('[data-testid=sandbox-token-ready]');
    checkedPages.add(new URL(jane.url()).pathname);
    const sandboxCall = jane.waitForResponse((response) => new URL(response.url()).pathname === '/sandbox/quotes/quotes');
    await jane.getByRole('button', { name: /Send API Request/i }).click();
    expect((await sandboxCall).status()).toBe(200);
    await expect.poll(() => jane.locator('.openapi-explorer__response-container').textContent(), { timeout: 15_000 }).toContain('QTE-');
    await toggleColorMode(jane);
    await saveScreenshot(jane, 'csp-try-it');

    // A POST: the body editor (ours, which evaluates nothing) still feeds what Send sends.
    await jane.locator('li.api-method.post a.menu__link[href$="/create-quote"]').click();
    await jane.waitForSelector('.openapi__method-endpoint');
    await openExplorer(jane);
    const editor = jane.locator('.openapi-explorer__playground-editor').first();
    await expect.poll(() => editor.textContent()).toContain('{');
    const posted = jane.waitForRequest((request) => new URL(request.url()).pathname === '/sandbox/quotes/quotes' && request.method() === 'POST');
    await jane.getByRole('button', { name: /Send API Request/i }).click();
    const sent = JSON.parse((await posted).postData() ?? 'null') as unknown;
    await saveScreenshot(jane, 'csp-request-body-editor');
    expect(sent).toEqual(JSON.parse((await editor.textContent()) ?? 'null'));
    checkedPages.add(new URL(jane.url()).pathname);
    expect(violations).toEqual([]);
  });

  it('lets an approved reader use a private build, and the account, apps and owner pages', async () => {
    const jane = await signIn(await watchedContext(), JANE, '/catalog/claims');
    const asked = await callApi(jane, '/api/doc-access/requests', { apiSlug: 'claims', justification: 'A claims app for our brokers at Broker Partner SA.' });
    expect(asked.status).toBe(201);
    const owner = await signIn(await watchedContext(), ownerOf('claims'), '/owner?api=claims');
    // The console's queue and review panel run under the policy too.
    await owner
      .locator('[data-testid=owner-queue] tr[data-status=pending]', { hasText: 'Jane Doe' })
      .getByRole('button', { name: "Review Jane Doe's request" })
      .click();
    await owner.waitForSelector('[data-testid=review-panel] [data-testid=decision-form]');
    expect((await callApi(owner, `/api/owner/requests/${String(asked.body.id)}/approve`)).status).toBe(200);
    await toggleColorMode(owner);

    await open(jane, '/private/claims/');
    expect(await jane.locator('h1').first().textContent()).toContain('Claims');
    await toggleColorMode(jane);
    // A POST operation: "Try it" shows the request-body editor, which must not evaluate the body.
    await jane.locator('li.api-method.post a.menu__link').first().click();
    await jane.waitForSelector('.openapi__method-endpoint');
    await openExplorer(jane);
    const editor = jane.locator('.openapi-explorer__playground-editor').first();
    await editor.click();
    await jane.keyboard.press('End');
    await jane.keyboard.type(' ');
    await expect.poll(() => editor.textContent()).toContain('{');
    checkedPages.add(new URL(jane.url()).pathname);
    for (const pathname of ['/account', '/apps', '/certificates']) {
      await open(jane, pathname);
      await jane.waitForSelector('main h1');
    }
    // The server's own 403 page (no script at all) for an API Jane may not read.
    await open(jane, '/private/payments/');
    expect(await jane.locator('h1').textContent()).toContain('is private');
    expect(violations).toEqual([]);
  });

  it('blocks an injected inline script and eval, and reports them', async () => {
    const page = await (await watchedContext()).newPage();
    await open(page, '/');
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injectedRan = true';
      document.body.append(script);
      // A string timer is eval: refused by script-src without 'unsafe-eval'.
      (setTimeout as unknown as (code: string) => void)('window.__evalRan = true');
      return new Promise((resolve) => setTimeout(resolve, 300)).then(() => {
        const seen = window as unknown as { __injectedRan?: boolean; __evalRan?: boolean };
        return { inline: seen.__injectedRan === true, evalRan: seen.__evalRan === true };
      });
    });
    expect(ran).toEqual({ inline: false, evalRan: false });
    await expect.poll(() => violations.length).toBe(2);
    expect(violations.map((violation) => violation.directive).sort()).toEqual(['script-src', 'script-src-elem']);
    expect(violations.every((violation) => violation.page === '/')).toBe(true);
    violations.length = 0;
    cspConsole.length = 0;
  });

  it('saw no violation on any page, in events or on the console, and no script error', () => {
    expect(checkedPages.size).toBeGreaterThanOrEqual(14);
    process.stdout.write(`CSP: ${checkedPages.size} pages without a violation: ${[...checkedPages].sort().join(', ')}\n`);
    expect(violations).toEqual([]);
    expect(cspConsole).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
