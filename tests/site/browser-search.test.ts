import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docAccess } from '../../server/db/schema.ts';
import { newId } from '../../server/ids.ts';
import { createVerifiedUser } from '../../server/services/bootstrap.ts';
import { launchBrowser, saveScreenshot, signInOn } from '../support/browser.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { fixtureBuildDir } from '../support/fixture-paths.ts';
import { startPortal, type RunningPortal } from '../support/start-portal.ts';

/**
 * The navbar's search (decision 033) as three people use it: an anonymous reader, a partner granted
 * the private Vault API, and Vault's owner. Each sees the public results; only the two who may read
 * Vault see its operations, and nobody's browser asks for an index it may not read.
 */

let portal: RunningPortal;
let resend: FakeResend;
let browser: Browser;
const PASSWORD = 'a long enough passphrase';

interface Reader {
  context: BrowserContext;
  page: Page;
  /** Every path the browser asked for (pages, workers, fetches). */
  requested: string[];
  problems: string[];
}

beforeAll(async () => {
  resend = await startFakeResend();
  portal = await startPortal(fixtureBuildDir, { resendUrl: resend.url });
  const jane = await createVerifiedUser(
    portal.handle.db,
    { email: 'jane@broker-partner.example', password: PASSWORD, role: 'consumer', fullName: 'Jane Doe', company: 'Broker Partner SA' },
    Date.now(),
  );
  await createVerifiedUser(
    portal.handle.db,
    { email: 'vault-owner@insurer.example', password: PASSWORD, role: 'consumer', fullName: 'Vera Vault', ownerConfirmed: true },
    Date.now(),
  );
  if (!jane.ok) throw new Error('jane not created');
  await portal.handle.db.insert(docAccess).values({
    id: newId('acc'),
    userId: jane.id,
    apiSlug: 'vault',
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
});

async function reader(email?: string, width = 1280): Promise<Reader> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const requested: string[] = [];
  const problems: string[] = [];
  context.on('request', (request) => requested.push(new URL(request.url()).pathname));
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  if (email) {
    await signInOn(page, portal.origin, email, PASSWORD, '/');
  } else {
    await page.goto(`${portal.origin}/`);
  }
  return { context, page, requested, problems };
}

/** Types a query and waits for the results panel to answer that query; returns the hits as "kind api href" lines. */
async function search(page: Page, term: string): Promise<string[]> {
  await page.getByRole('combobox', { name: 'Search the docs' }).fill(term);
  // The panel names the query its results answer: results of the previous query do not count.
  await page.locator(`[data-testid=search-results][data-term="${term.replace(/"/g, '\\"')}"]`).waitFor({ timeout: 15_000 });
  return page
    .getByTestId('search-hit')
    .evaluateAll((links) => links.map((link) => `${link.getAttribute('data-kind')} ${link.getAttribute('data-api')} ${link.getAttribute('href')}`));
}

const firstOperation = (lines: string[]) => lines.find((line) => line.startsWith('operation '));
const privatePaths = (requested: string[]) => requested.filter((path) => path.startsWith('/private/'));

describe('search in the navbar', () => {
  it('anonymous: finds public operations by path and operationId, guides and Overviews, and nothing private; fetches no private file', async () => {
    const anonymous = await reader();
    try {
      const { page } = anonymous;
      // Pressed until the page has hydrated and listens.
      await expect
        .poll(async () => {
          await page.keyboard.press('Control+k');
          return page.evaluate(() => document.activeElement?.getAttribute('type'));
        })
        .toBe('search');
      // Grouped by API, then kind: the Overview group comes first; the best operation is the one at that path.
      const byPath = await search(page, '/quotes/{quoteId}');
      expect(firstOperation(byPath)).toBe('operation quotes /apis/quotes/get-quote/');
      const hit = page.locator('[data-testid=search-hit][data-kind=operation]').first();
      expect(await hit.textContent()).toContain('/quotes/{quoteId}');
      expect(await hit.textContent()).toContain('GET');
      expect(firstOperation(await search(page, 'getQuote'))).toBe('operation quotes /apis/quotes/get-quote/');
      expect(await page.getByTestId('search-group').locator('h2').allTextContents()).toContain('Quotes API · Operations');
      expect(await page.locator('[data-testid=search-hit] mark').count()).toBeGreaterThan(0);
      expect((await search(page, 'Vault Claims Ledger')).some((line) => line.startsWith('overview vault /catalog/vault/'))).toBe(true);
      expect(await search(page, 'xqjleakopid')).toEqual([]);
      expect(await page.getByTestId('search-results').textContent()).toContain('Nothing found');
      await saveScreenshot(page, 'search-anonymous');
      expect(anonymous.requested).toContain('/pagefind/pagefind-entry.json');
      expect(anonymous.requested).toContain('/pagefind-apis/pagefind-entry.json');
      expect(privatePaths(anonymous.requested)).toEqual([]);
      expect(anonymous.problems).toEqual([]);
    } finally {
      await anonymous.context.close();
    }
  });

  it('a partner granted Vault: its private operation is found, from the public site and inside the private build; other private APIs are not asked for', async () => {
    const partner = await reader('jane@broker-partner.example');
    try {
      const { page } = partner;
      const found = firstOperation(await search(page, 'xqjleakopid'));
      expect(found).toBe('operation vault /private/vault/api/xqjleakopid/');
      expect(await search(page, '/xqjleakpath/{xqjleakparam}')).toContain(found);
      // Strongbox's operation: the partner may not read Strongbox.
      expect((await search(page, 'xqjleaklistdeposits')).filter((line) => !line.includes(' vault '))).toEqual([]);
      await page.goto(`${portal.origin}/private/vault/`);
      await expect
        .poll(async () => {
          await page.keyboard.press('/');
          return page.evaluate(() => document.activeElement?.getAttribute('type'));
        })
        .toBe('search');
      expect(firstOperation(await search(page, 'xqjleakopid'))).toBe(found);
      expect(firstOperation(await search(page, '/quotes/{quoteId}'))).toBe('operation quotes /apis/quotes/get-quote/');
      await page.locator('[data-testid=search-hit][data-kind=operation]').first().click();
      await page.waitForURL(/\/apis\/quotes\//);
      await saveScreenshot(page, 'search-partner');
      const asked = new Set(
        privatePaths(partner.requested)
          .filter((path) => path.includes('/pagefind/'))
          .map((path) => path.split('/')[2]),
      );
      expect([...asked]).toEqual(['vault']);
      expect(partner.problems).toEqual([]);
    } finally {
      await partner.context.close();
    }
  });

  it("Vault's owner finds its private operation; at 375 px the results fit the screen", async () => {
    const owner = await reader('vault-owner@insurer.example', 375);
    try {
      const { page } = owner;
      expect(firstOperation(await search(page, 'xqjleakopsummary'))).toBe('operation vault /private/vault/api/xqjleakopid/');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(await page.getByTestId('search-results').isVisible()).toBe(true);
      await saveScreenshot(page, 'search-owner-375');
      expect(new Set(privatePaths(owner.requested).map((path) => path.split('/')[2]))).toEqual(new Set(['vault']));
      expect(owner.problems).toEqual([]);
    } finally {
      await owner.context.close();
    }
  });
});
