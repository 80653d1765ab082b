import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedUser } from '../../server/services/bootstrap.ts';
import { launchBrowser, saveScreenshot, signInPage } from '../support/browser.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { fixtureBuildDir } from '../support/fixture-paths.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { signChallenge } from '../support/prove-possession.ts';
import { startPortal, type RunningPortal } from '../support/start-portal.ts';

/**
 * Issue 16: the seed's consumer journey as a new partner walks it, at 1280 px and on a 375 px
 * phone — sign up, confirm the address, ask to read a private API, create an app, sandbox with a
 * client secret, a certificate proved and approved, sandbox with mTLS, production — each step
 * reached by following My portal's "Next" button. The API provider's people decide through the
 * API (their screens have tests of their own). On every page the partner opens: no sideways
 * scroll, no script error, a screenshot (`test-results/journey-<width>-*.png`).
 */
const PASSWORD = 'a long enough passphrase';
const OWNER = 'claims-api@insurer.example';
const API = 'claims';
const entitlement = { businessInformation: true, technicalInformation: true, kyc: true, contractAndTerms: true };
const callBack = {
  phoneFromContract: '+33 1 23 45 67 89',
  calledBy: 'Carl Claims',
  calledAt: '2026-11-23T10:00:00Z',
  subjectConfirmed: true,
  issuerConfirmed: true,
};

let dir: string;
let root: Credential;
let pki: OpensslPki;
let portal: RunningPortal;
let resend: FakeResend;
let browser: Browser;
let owner: Page;
let admin: Page;
const staffErrors: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-browser-journey-'));
  pki = new OpensslPki(dir);
  root = pki.selfSigned('Broker Journey EV Root', { extensions: CA_EXTENSIONS });
  resend = await startFakeResend();
  portal = await startPortal(fixtureBuildDir, { resendUrl: resend.url });
  for (const [email, role, fullName] of [
    [OWNER, 'consumer', 'Carl Claims'],
    ['platform@insurer.example', 'platform', 'Pat Platform'],
    ['admin@insurer.example', 'admin', 'Ada Admin'],
  ] as const) {
    const created = await createVerifiedUser(portal.handle.db, { email, password: PASSWORD, role, fullName, ownerConfirmed: email === OWNER }, Date.now());
    expect(created.ok).toBe(true);
  }
  browser = await launchBrowser();
  owner = await signInPage(browser, portal.origin, OWNER, PASSWORD, '/owner', staffErrors);
  admin = await signInPage(browser, portal.origin, 'admin@insurer.example', PASSWORD, '/owner', staffErrors);
  const platform = await signInPage(browser, portal.origin, 'platform@insurer.example', PASSWORD, '/registry', staffErrors);
  // The platform team accepts the partner's CA up front: the CA-waiting path has its own test.
  const added = await call(platform, 'PUT', '/api/registry/cas', { name: 'Broker Journey EV Root', certificate: root.pem, ev: true });
  expect(added.status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await resend?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Row {
  access?: { id: string; status: string };
  certificate?: { id: string; status: string };
}
/** The parts of the owner API's answers this test reads. */
interface Answer {
  requests?: Row[];
  certificates?: Row[];
  access?: Row[];
}

/** A call from a signed-in page (its cookie, its origin): how the staff decide in this test. */
async function call(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; json: Answer }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const response = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json().catch(() => null) };
    },
    { method, url, body },
  );
}

async function mailTo(to: string, part: string): Promise<string> {
  await expect.poll(() => resend.inbox(to).some((mail) => mail.subject.includes(part)), { timeout: 10_000 }).toBe(true);
  return resend.inbox(to).find((mail) => mail.subject.includes(part))?.text ?? '';
}

/** Checks the page as a person would see it and keeps a screenshot of it. */
async function looked(page: Page, width: number, name: string, errors: string[]): Promise<void> {
  await page.waitForLoadState('networkidle');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
  expect(errors, `script errors on ${name}`).toEqual([]);
  await saveScreenshot(page, `journey-${width}-${name}`);
}

/** My portal's one next action for the API: its kind, then a click on it. */
async function followNext(page: Page, expected: string): Promise<void> {
  await page.goto(`${portal.origin}/dashboard`);
  const next = page.locator(`[data-testid=journey][data-slug=${API}] [data-testid=journey-next] a[data-action]`);
  await expect.poll(() => next.getAttribute('data-action'), { timeout: 10_000 }).toBe(expected);
  await next.click();
}

async function approvePending(kind: 'requests' | 'certificates' | 'api-access', decider: Page = owner): Promise<string> {
  const listed = await call(owner, 'GET', kind === 'requests' ? `/api/owner/requests?api=${API}` : `/api/owner/${kind}?api=${API}`);
  const rows = listed.json[kind === 'certificates' ? 'certificates' : kind === 'requests' ? 'requests' : 'access'] ?? [];
  const pending = rows.map((row) => row.access ?? row.certificate).find((row) => row?.status === 'pending');
  expect(pending, `a pending ${kind}`).toBeDefined();
  const approved = await call(decider, 'POST', `/api/owner/${kind}/${pending!.id}/approve`);
  expect(approved.status, JSON.stringify(approved.json)).toBe(200);
  return pending!.id;
}

describe.each([1280, 375])('a new partner at %i px', (width) => {
  it('walks the seed journey from sign-up to production, led by My portal', async () => {
    const email = `jane.${width}@broker-partner.example`;
    const client = pki.issue(`api-client-${width}.broker-partner.example`, root, { extensions: LEAF_EXTENSIONS });
    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));

    // Sign up from the catalog, with a business address.
    await page.goto(`${portal.origin}/`);
    await looked(page, width, '01-catalog', errors);
    await page.goto(`${portal.origin}/signup`);
    await page.fill('#field-email', email);
    await page.fill('#field-fullName', 'Jane Doe');
    await page.fill('#field-company', 'Broker Partner SA');
    await page.fill('#field-username', `jane${width}`);
    await page.fill('#field-password', PASSWORD);
    await page.check('input[name=acceptGuidelines]');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=form-success]');
    await looked(page, width, '02-signup-check-inbox', errors);

    // The emailed link confirms the address; My portal says what to do first.
    const link = /https?:\/\/\S+\/verify\?token=\S+/.exec(await mailTo(email, 'Confirm your email address'))?.[0];
    expect(link).toBeDefined();
    await page.goto(link!);
    await page.fill('#field-password', PASSWORD);
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();
    await expect.poll(() => page.locator('[data-testid=form-success]').textContent()).toContain('confirmed');
    await page.goto(`${portal.origin}/dashboard`);
    await page.waitForSelector('[data-testid=journey-empty]');
    await looked(page, width, '03-my-portal-empty', errors);

    // The private API's Overview: ask to read its documentation.
    await page.goto(`${portal.origin}/catalog/${API}`);
    await page.fill('#justification', 'A claims app for our brokers at Broker Partner SA.');
    await page.getByRole('button', { name: 'Request access' }).click();
    await expect.poll(() => page.locator('[data-testid=request-access]').getAttribute('data-state')).toBe('pending');
    await looked(page, width, '04-docs-requested', errors);
    await page.goto(`${portal.origin}/dashboard`);
    await expect.poll(() => page.locator(`[data-testid=journey][data-slug=${API}] [data-step=documentation]`).getAttribute('data-state')).toBe('waiting');
    await looked(page, width, '05-my-portal-waiting-for-docs', errors);
    await approvePending('requests');
    await mailTo(email, 'You can now read');

    // An app, then sandbox access with its client secret.
    await followNext(page, 'create_app');
    await page.fill('#field-name', `Claims app ${width}`);
    await page.fill('#field-businessContact', 'Jane Doe, +33 1 23 45 67 89');
    await page.fill('#field-technicalContact', 'dev@broker-partner.example');
    await page.getByRole('button', { name: 'Create the app' }).click();
    await expect.poll(async () => (await page.locator('[data-testid=secret-value]').textContent())?.trim()).toMatch(/^portico_sk_/);
    await looked(page, width, '06-app-secret-once', errors);
    await followNext(page, 'request_sandbox');
    const card = page.locator(`[data-testid=app-card][data-app="Claims app ${width}"]`);
    await card.getByLabel('API', { exact: true }).selectOption(API);
    await card.getByRole('radio', { name: 'Sandbox' }).check();
    await card.getByRole('radio', { name: 'Client id and secret' }).check();
    await card.getByRole('button', { name: 'Request access' }).click();
    await expect.poll(() => card.locator(`[data-api=${API}]`).getAttribute('data-status')).toBe('pending');
    await looked(page, width, '07-sandbox-requested', errors);
    await approvePending('api-access');
    await mailTo(email, 'can call');

    // A client certificate: uploaded, its key proved with openssl, approved.
    await followNext(page, 'upload_certificate');
    await page.getByLabel('API', { exact: true }).selectOption(API);
    await page.setInputFiles('input[type=file]', client.certFile);
    await page.getByRole('button', { name: 'Upload and check' }).click();
    const prove = page.locator('[data-testid=prove-possession]');
    await prove.waitFor();
    await looked(page, width, '08-certificate-uploaded', errors);
    const challenge = /printf '%s' '([^']+)'/.exec((await prove.locator('pre').last().textContent()) ?? '')?.[1] ?? '';
    expect(challenge).not.toBe('');
    await prove.getByLabel('Signature (base64)').fill(signChallenge(client.keyFile, challenge));
    await prove.getByRole('button', { name: 'Send the signature' }).click();
    await expect.poll(() => page.locator('body').textContent()).toContain('Proved by signature');
    await looked(page, width, '09-certificate-proved', errors);
    await approvePending('certificates');
    await mailTo(email, 'was approved');

    // Sandbox with mTLS: the owner confirms the identity on the checklist, then approves.
    await followNext(page, 'request_mtls_sandbox');
    await card.getByLabel('API', { exact: true }).selectOption(API);
    await card.getByRole('radio', { name: 'Sandbox' }).check();
    await card.getByRole('radio', { name: 'Client certificate (mTLS)' }).check();
    await card.getByLabel('Certificate', { exact: true }).selectOption({ index: 1 });
    await card.getByRole('button', { name: 'Request access' }).click();
    await expect.poll(() => card.locator(`[data-api=${API}][data-status=pending]`).count()).toBe(1);
    await looked(page, width, '10-mtls-sandbox-requested', errors);
    const mtlsSandbox = (await call(owner, 'GET', `/api/owner/api-access?api=${API}&status=pending`)).json.access?.[0]?.access?.id;
    expect((await call(owner, 'PUT', `/api/owner/api-access/${mtlsSandbox}/review`, { identity: { confirmed: true }, entitlement })).status).toBe(200);
    await approvePending('api-access');

    // Production: the owner records the call-back, a second person (the admin) approves.
    await followNext(page, 'request_production');
    await card.getByLabel('API', { exact: true }).selectOption(API);
    await card.getByRole('radio', { name: 'Production' }).check();
    await card.getByRole('radio', { name: 'Client certificate (mTLS)' }).check();
    await card.getByLabel('Certificate', { exact: true }).selectOption({ index: 1 });
    await card.getByRole('button', { name: 'Request access' }).click();
    await expect.poll(() => card.locator(`[data-api=${API}][data-status=pending]`).count()).toBe(1);
    await looked(page, width, '11-production-requested', errors);
    const production = (await call(owner, 'GET', `/api/owner/api-access?api=${API}&status=pending`)).json.access?.[0]?.access?.id;
    expect((await call(owner, 'PUT', `/api/owner/api-access/${production}/review`, { entitlement, callBack })).status).toBe(200);
    await approvePending('api-access', admin);

    // My portal: every step done, the decisions listed with the words of each.
    await page.goto(`${portal.origin}/dashboard`);
    const journey = page.locator(`[data-testid=journey][data-slug=${API}]`);
    await expect.poll(() => journey.locator('[data-step=production]').getAttribute('data-state'), { timeout: 10_000 }).toBe('done');
    expect(await journey.locator('[data-testid=journey-next]').textContent()).toContain('You are in production with this API');
    expect(await journey.locator('li[data-step]').evaluateAll((steps) => steps.map((step) => step.getAttribute('data-state')))).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
      'done',
    ]);
    await looked(page, width, '12-my-portal-in-production', errors);
    for (const path of ['/apps', '/certificates', '/account']) {
      await page.goto(`${portal.origin}${path}`);
      await looked(page, width, `13-${path.slice(1)}`, errors);
    }
    expect(staffErrors).toEqual([]);
  });
});
