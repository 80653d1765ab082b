import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../plugins/portico/contract.ts';
import { createVerifiedUser } from '../../server/services/bootstrap.ts';
import { launchBrowser, saveScreenshot, signInPage, watchPageErrors } from '../support/browser.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { fixtureBuildDir } from '../support/fixture-paths.ts';
import { startPortal, type RunningPortal } from '../support/start-portal.ts';

let portal: RunningPortal;
let resend: FakeResend;
let browser: Browser;
const PASSWORD = 'a long enough passphrase';

beforeAll(async () => {
  resend = await startFakeResend();
  portal = await startPortal(fixtureBuildDir, { resendUrl: resend.url });
  await createVerifiedUser(
    portal.handle.db,
    { email: 'jane@broker-partner.example', password: PASSWORD, role: 'consumer', fullName: 'Jane Doe', company: 'Broker Partner SA' },
    Date.now(),
  );
  const manifest = await readManifest(path.join(fixtureBuildDir, 'manifest.json'));
  const quotesOwner = manifest.apis.find((api) => api.slug === 'quotes')?.owners[0] ?? '';
  await createVerifiedUser(
    portal.handle.db,
    { email: quotesOwner, password: PASSWORD, role: 'consumer', fullName: 'Quentin Quotes', ownerConfirmed: true },
    Date.now(),
  );
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await resend?.close();
});

async function signIn(email: string, next: string) {
  const errors: string[] = [];
  return { page: await signInPage(browser, portal.origin, email, PASSWORD, next, errors), errors };
}

/** The token URL the server's RFC 8414 metadata gives (absolute). */
async function tokenEndpoint(): Promise<string> {
  const metadata = (await (await fetch(`${portal.origin}/.well-known/oauth-authorization-server`)).json()) as { token_endpoint: string };
  expect(metadata.token_endpoint).toMatch(/^https?:\/\//);
  return metadata.token_endpoint;
}

/** An app's client id as the signed-in page's own GET /api/apps says. */
async function appClientId(page: Page, name: string): Promise<string> {
  const apps = await page.evaluate(async () => ((await (await fetch('/api/apps')).json()) as { apps: Array<{ id: string; name: string }> }).apps);
  const found = apps.find((app) => app.name === name);
  expect(found).toBeDefined();
  return found!.id;
}

describe('from an app to a sandbox call in the browser', () => {
  it('create app → secret once → sandbox access → owner approves → one-click token → Try it answers from the sandbox', async () => {
    const manifest = await readManifest(path.join(fixtureBuildDir, 'manifest.json'));
    const quotesOwner = manifest.apis.find((api) => api.slug === 'quotes')?.owners[0] ?? '';
    const { page: jane, errors } = await signIn('jane@broker-partner.example', '/apps');

    await jane.fill('#field-name', 'Broker quoting app');
    await jane.fill('#field-businessContact', 'Jane Doe, +33 1 23 45 67 89');
    await jane.fill('#field-technicalContact', 'dev@broker-partner.example');
    await jane.getByRole('button', { name: 'Create the app' }).click();
    const secret = (await jane.locator('[data-testid=secret-value]').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^portico_sk_/);
    await saveScreenshot(jane, 'app-secret-once');

    // Never again: not after a reload, not in any API response the page makes.
    const seen: string[] = [];
    jane.on('response', async (response) => {
      if (response.url().includes('/api/')) seen.push(await response.text().catch(() => ''));
    });
    await jane.reload();
    await jane.waitForSelector('[data-testid=app-card]');
    expect(await jane.content()).not.toContain(secret);

    const card = jane.locator('[data-testid=app-card][data-app="Broker quoting app"]');
    await card.getByLabel('API', { exact: true }).selectOption('quotes');
    await card.getByRole('radio', { name: 'Sandbox' }).check();
    await card.getByRole('radio', { name: 'Client id and secret' }).check();
    await card.getByRole('button', { name: 'Request access' }).click();
    await expect.poll(() => card.locator('[data-api=quotes]').getAttribute('data-status')).toBe('pending');

    const { page: owner } = await signIn(quotesOwner, '/owner?api=quotes');
    // A client-secret request waits in the app access queue; the review panel shows the app, then the decision.
    await owner.getByTestId('queue-tab-app_access').click();
    const row = owner.locator('[data-testid=owner-queue] tr[data-status=pending]', { hasText: 'Broker quoting app' });
    await row.getByRole('button', { name: "Review Jane Doe's request" }).click();
    const review = owner.locator(`[data-testid=review-panel][data-id="${await row.getAttribute('data-id')}"]`);
    await expect.poll(() => review.locator('[data-testid=review-app]').textContent()).toContain('Broker quoting app');
    await review.locator('[data-testid=decision-form]').getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => owner.locator('[data-testid=form-success]').textContent()).toContain('approved');
    await expect.poll(() => resend.inbox('jane@broker-partner.example').some((mail) => mail.subject.includes('can call'))).toBe(true);

    const operation = manifest.apis.find((api) => api.slug === 'quotes')!;
    const scripts: string[] = [];
    jane.on('request', (request) => request.resourceType() === 'script' && scripts.push(request.url()));
    await jane.goto(`${portal.origin}${operation.docsPath}`);
    await jane.locator('li.api-method a.menu__link', { hasText: 'List quotes' }).first().click();
    await jane.waitForSelector('[data-testid=sandbox-token-bar] button');
    // Issue 16 item 6: a signed-in reader whose app has sandbox access (the server's journey says
    // so) finds the explorer open, with no extra click.
    await jane.getByRole('button', { name: /Send API Request/i }).waitFor();
    expect(await jane.locator('[data-testid=api-explorer-teaser]').count()).toBe(0);
    expect(scripts.filter((url) => url.includes('/api-explorer.')).length).toBeGreaterThan(0);
    // Issue 18 item 4: the code samples run as copied — the sandbox at this page's origin — and
    // above them the token request with the app's own client id, the secret left to the reader.
    await expect.poll(() => jane.locator('.openapi-explorer__code-block').first().textContent()).toContain(`${portal.origin}/sandbox/quotes/quotes`);
    const clientId = await appClientId(jane, 'Broker quoting app');
    const snippet = jane.getByTestId('explorer-token-snippet');
    await expect.poll(() => snippet.textContent()).toContain(`-u "${clientId}:$CLIENT_SECRET"`);
    expect(await snippet.textContent()).toContain(await tokenEndpoint());
    expect(await snippet.textContent()).not.toContain(secret);
    await jane.locator('[data-testid=sandbox-token-bar] button').first().click();
    await jane.waitForSelector('[data-testid=sandbox-token-ready]');
    // With a sandbox token in hand the explorer is open after the reload too, ready to send.
    expect(await jane.locator('[data-testid=api-explorer-teaser]').count()).toBe(0);
    const sandboxCall = jane.waitForResponse((response) => new URL(response.url()).pathname === '/sandbox/quotes/quotes');
    await jane.getByRole('button', { name: /Send API Request/i }).click();
    const answered = await sandboxCall;
    expect(new URL(answered.url()).origin).toBe(portal.origin);
    expect(answered.status(), `${answered.url()} ${await answered.text()}`).toBe(200);
    expect(answered.request().headers().authorization).toMatch(/^Bearer ey/);
    expect(await answered.text()).toContain('QTE-');
    // The panel shows the sandbox's answer: its status and the example body.
    const panel = jane.locator('.openapi-explorer__response-container');
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('QTE-');
    await panel.scrollIntoViewIfNeeded();
    await saveScreenshot(jane, 'try-it-sandbox-response');
    expect(seen.join('\n')).not.toContain(secret);
    expect(errors).toEqual([]);
  });

  it('any reader opens the explorer with one click: code samples and Send API Request', async () => {
    const manifest = await readManifest(path.join(fixtureBuildDir, 'manifest.json'));
    const operation = manifest.apis.find((api) => api.slug === 'quotes')!;
    const page = await (await browser.newContext({ viewport: { width: 1300, height: 950 } })).newPage();
    const errors = watchPageErrors(page);
    const scripts: string[] = [];
    page.on('request', (request) => request.resourceType() === 'script' && scripts.push(request.url()));
    await page.goto(`${portal.origin}${operation.docsPath}`);
    await page.locator('li.api-method a.menu__link', { hasText: 'List quotes' }).first().click();
    const open = page.getByRole('button', { name: 'Open the API explorer' });
    await open.waitFor();
    // Operation details render without it; the page shows the sandbox server like the explorer does.
    await expect.poll(() => page.locator('.openapi__method-endpoint-path').textContent()).toContain('/sandbox/quotes');
    expect(scripts.filter((url) => url.includes('/api-explorer.'))).toEqual([]);
    await open.click();
    await page.getByRole('button', { name: /Send API Request/i }).waitFor();
    // Absolute, at the origin the reader is on (not the build's site URL), so it runs as copied.
    await expect.poll(() => page.locator('.openapi-explorer__code-block').first().textContent()).toContain(`${portal.origin}/sandbox/quotes/quotes`);
    expect(await page.locator('.openapi__method-endpoint-path').textContent()).toContain(`${portal.origin}/sandbox/quotes`);
    // Anonymous: the token request names the server's token URL and leaves both credentials to the reader.
    const snippet = page.getByTestId('explorer-token-snippet');
    await expect.poll(() => snippet.textContent()).toContain('-u "$CLIENT_ID:$CLIENT_SECRET"');
    expect(await snippet.textContent()).toContain(await tokenEndpoint());
    expect(scripts.filter((url) => url.includes('/api-explorer.')).length).toBeGreaterThan(0);
    // Remembered for the tab: the next operation page has it open at once.
    await page.locator('li.api-method a.menu__link', { hasText: 'Get a quote' }).first().click();
    await page.getByRole('button', { name: /Send API Request/i }).waitFor();
    expect(await open.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an explorer that fails to load says so, and loads on "Try again"', async () => {
    const manifest = await readManifest(path.join(fixtureBuildDir, 'manifest.json'));
    const operation = manifest.apis.find((api) => api.slug === 'quotes')!;
    const page = await (await browser.newContext({ viewport: { width: 1300, height: 950 } })).newPage();
    await page.route('**/assets/js/api-explorer.*.js', (route) => route.abort());
    await page.goto(`${portal.origin}${operation.docsPath}`);
    await page.locator('li.api-method a.menu__link', { hasText: 'List quotes' }).first().click();
    await page.getByRole('button', { name: 'Open the API explorer' }).click();
    await page.getByRole('alert').filter({ hasText: 'could not be loaded' }).waitFor();
    await page.unroute('**/assets/js/api-explorer.*.js');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('button', { name: /Send API Request/i }).waitFor();
    await page.context().close();
  });
});
