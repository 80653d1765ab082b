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

/** Signs in on `page` through the sign-in form, then waits to land on `next` (or anywhere but the sign-in page). */
export async function signInOn(page: Page, origin: string, email: string, password: string, next?: string): Promise<void> {
  await page.goto(`${origin}/signin${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.fill('#field-identifier', email);
  await page.fill('#field-password', password);
  await page.click('button[type=submit]');
  if (next) await page.waitForURL(`**${next}`);
  else await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/** A new page (its own cookies) signed in and on `next`; script errors are collected in `errors`. */
export async function signInPage(
  browser: Browser,
  origin: string,
  email: string,
  password: string,
  next: string,
  errors: string[],
  viewport = { width: 1300, height: 950 },
): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await signInOn(page, origin, email, password, next);
  return page;
}
