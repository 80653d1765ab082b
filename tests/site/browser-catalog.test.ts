import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest, type Manifest } from '../../plugins/portico/contract.ts';
import { launchBrowser, saveScreenshot, watchPageErrors } from '../support/browser.ts';
import { fixtureBuildDir } from '../support/fixture-paths.ts';
import { startServer, type RunningServer } from '../support/start-server.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
let pageErrors: string[];
let manifest: Manifest;

beforeAll(async () => {
  manifest = await readManifest(path.join(fixtureBuildDir, 'manifest.json'));
  server = await startServer(fixtureBuildDir);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  pageErrors = watchPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const cards = () => page.locator('[data-testid="api-card"]');

describe('a visitor in the browser', () => {
  it('sees every API in the catalog and filters it by text, tag and visibility', async () => {
    await page.goto(`${server.origin}/`);
    await expect.poll(() => cards().count()).toBe(manifest.apis.length);

    const publicApi = manifest.apis.find((api) => api.visibility === 'public');
    expect(publicApi).toBeDefined();
    await page.getByRole('searchbox', { name: 'Search' }).fill(publicApi!.title);
    await expect.poll(() => page.locator(`[data-testid="api-card"][data-slug="${publicApi!.slug}"]`).count()).toBe(1);
    expect(await cards().count()).toBeLessThan(manifest.apis.length);
    expect(page.url()).toContain('q=');

    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await page.getByLabel('Visibility', { exact: true }).selectOption('private');
    const privateCount = manifest.apis.filter((api) => api.visibility === 'private').length;
    await expect.poll(() => cards().count()).toBe(privateCount);
    expect(await page.locator('[data-testid="api-card"] [data-visibility="public"]').count()).toBe(0);

    await page.getByLabel('Visibility', { exact: true }).selectOption('');
    const tag = (await page.getByLabel('Tag', { exact: true }).locator('option').nth(1).getAttribute('value')) ?? '';
    expect(tag).not.toBe('');
    await page.getByLabel('Tag', { exact: true }).selectOption(tag);
    await expect.poll(() => cards().count()).toBeLessThan(manifest.apis.length);
    await saveScreenshot(page, 'catalog-filtered');

    await page.getByLabel('Tag', { exact: true }).selectOption('');
    await page.getByRole('searchbox', { name: 'Search' }).fill('no api is called like this');
    await expect.poll(() => cards().count()).toBe(0);
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await expect.poll(() => cards().count()).toBe(manifest.apis.length);
  });

  it("wears the site's own colours, light and dark: links and buttons readable at WCAG AA (4.5:1)", async () => {
    await page.goto(`${server.origin}/`);
    await cards().first().waitFor();
    // Infima's own blue (#3578e5, 4.2:1 on white) won over the site's until the selectors matched its weight.
    const colours = () =>
      page.evaluate(() => ({
        primary: getComputedStyle(document.documentElement).getPropertyValue('--ifm-color-primary').trim(),
        chip: getComputedStyle(document.querySelector('[data-testid="api-card"] a[href^="?tag="]') as Element).color,
      }));
    expect(await colours()).toEqual({ primary: '#1f5fa8', chip: 'rgb(31, 95, 168)' });
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    expect((await colours()).primary).toBe('#6aa7ee');
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
  });

  it('underlines a link inside a sentence (told apart by more than its colour), not the navbar', async () => {
    await page.goto(`${server.origin}/guides/getting-started`);
    const decoration = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((element) => getComputedStyle(element).textDecorationLine);
    expect(await decoration('main p a[href]')).toBe('underline');
    expect(await decoration('.navbar__items a.navbar__link')).toBe('none');
  });

  it('filters by a tag chip of a card: the chip is a link to ?tag=, marked current, and the catalog narrows', async () => {
    await page.goto(`${server.origin}/`);
    await expect.poll(() => cards().count()).toBe(manifest.apis.length);
    const chip = page.locator('[data-testid="api-card"] ul a').first();
    const tag = (await chip.textContent()) ?? '';
    expect(await chip.getAttribute('href')).toBe(`?tag=${encodeURIComponent(tag)}`);
    await chip.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('tag')).toBe(tag);
    await expect.poll(() => page.getByLabel('Tag', { exact: true }).inputValue()).toBe(tag);
    const shown = await cards().count();
    expect(shown).toBeGreaterThan(0);
    for (let index = 0; index < shown; index++) expect(await cards().nth(index).locator('ul a', { hasText: tag }).count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="api-card"] ul a[aria-current="true"]').first().textContent()).toBe(tag);
    // The state is in the URL: the filtered catalog opens as a link.
    await page.goto(`${server.origin}/?tag=${encodeURIComponent(tag)}`);
    await expect.poll(() => cards().count()).toBe(shown);
    expect(pageErrors).toEqual([]);
  });

  it('opens a public API operation page from the catalog', async () => {
    const publicApi = manifest.apis.find((api) => api.visibility === 'public')!;
    await page.goto(`${server.origin}/`);
    await page.locator(`[data-testid="api-card"][data-slug="${publicApi.slug}"] h2 a`).click();
    await page.waitForURL(`**/catalog/${publicApi.slug}`);
    await page.getByRole('link', { name: 'Read the documentation' }).click();
    await page.waitForURL(`**/apis/${publicApi.slug}`);
    const operationLink = page.locator('li.api-method a.menu__link').first();
    await operationLink.click();
    await page.waitForSelector('.openapi__method-endpoint');
    const heading = await page.locator('h1').first().textContent();
    expect(heading?.trim().length).toBeGreaterThan(0);
    expect(page.url()).toContain(`/apis/${publicApi.slug}/`);
    const screenshot = await saveScreenshot(page, 'public-operation-page');
    expect((await stat(screenshot)).size).toBeGreaterThan(10_000);

    // The catalog is another build (decision 018): the navbar goes back to it with a full page load.
    await page.locator('.navbar__items a', { hasText: 'API catalog' }).click();
    await page.waitForSelector(`[data-testid="api-card"][data-slug="${publicApi.slug}"]`);
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it("follows a guide's link to an API operation in the same tab (another build: a full page load)", async () => {
    await page.goto(`${server.origin}/guides/getting-started`);
    await page.locator('article a', { hasText: 'Create a quote' }).click();
    await page.waitForURL('**/apis/quotes/create-quote');
    await page.waitForSelector('.openapi__method-endpoint');
  });

  it("opens a private API's Info page, and its docs are refused with an explanation", async () => {
    const privateApi = manifest.apis.find((api) => api.visibility === 'private')!;
    await page.goto(`${server.origin}/catalog/${privateApi.slug}`);
    await page.waitForSelector('[data-testid="private-access"]');
    expect(await page.locator('h1').first().textContent()).toContain(privateApi.title);
    expect(await page.locator('[data-testid="private-access"]').textContent()).toContain('The full documentation of this API is private');
    await page.waitForSelector('[data-testid=request-access-signed-out]');
    await saveScreenshot(page, 'private-api-overview');
    await page.goto(`${server.origin}${privateApi.docsPath}`);
    expect(await page.locator('h1').textContent()).toContain('is private');
    await saveScreenshot(page, 'private-docs-refused');
  });

  it('ran without a single uncaught script error', () => {
    expect(pageErrors).toEqual([]);
  });
});
