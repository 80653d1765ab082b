import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { artifactsDir } from './fixture-paths.ts';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless; no background networking (this machine's network is closed). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Collects uncaught page errors so a test can assert the page ran cleanly. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A new browser context signed in through the real sign-in page, landed on `next`. */
export async function signInPage(browser: Browser, origin: string, email: string, password: string, next: string, errors: string[]): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1300, height: 950 } })).newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${origin}/signin?next=${encodeURIComponent(next)}`);
  await page.fill('#field-identifier', email);
  await page.fill('#field-password', password);
  await page.click('button[type=submit]');
  await page.waitForURL(`**${next}`);
  return page;
}
