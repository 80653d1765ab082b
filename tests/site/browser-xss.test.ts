import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedUser } from '../../server/services/bootstrap.ts';
import { launchBrowser, signInPage } from '../support/browser.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { fixtureBuildDir } from '../support/fixture-paths.ts';
import { asShown, inspectPage, newWatchedPage, watchDialogs } from '../support/inert-page.ts';
import { liveMarkupIn } from '../support/live-html.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { signChallenge } from '../support/prove-possession.ts';
import { startPortal, type RunningPortal } from '../support/start-portal.ts';
import type { ParsedJson } from '../support/parsed-json.ts';

/**
 * Stored XSS: hostile text in every free-text field, stored through the real API, then every
 * page that shows it opened in Chromium by the people who see it; and the hostile OpenAPI
 * fixture (tests/fixtures/xss/hostile.yaml) read on its docs and catalog pages. Nothing may run
 * and the text must be shown as written.
 */

const PASSWORD = 'a long enough passphrase';
const CONSUMER = 'xena@broker-partner.example';
const OWNER = 'claims-api@insurer.example';
const hostile = (field: string) => `<img src=x onerror="window.__xss='${field}'">`;
const T = {
  consumerName: `Xena ${hostile('consumer-name')} "><svg onload=alert('consumer-name')>`,
  consumerCompany: `<script>window.__xss='company'</script> {{constructor.constructor('alert(1)')()}}`,
  ownerName: `Olga "><svg onload="window.__xss='owner-name'">`,
  ownerCompany: `javascript:alert('owner-company') <b>Insurer</b>`,
  justification1: `=HYPERLINK("https://evil.example","x") for Broker Partner <script>window.__xss='justification1'</script> [x](javascript:alert(1))`,
  justification2: `A claims app for Broker Partner ${hostile('justification2')} <iframe srcdoc="<script>parent.__xss='j2'</script>"></iframe>`,
  refusal: `+SUM(1) refused "><svg onload="window.__xss='refusal'"> **not yet**`,
  revocation: `-1 revoked by admin <script>alert('revocation')</script>`,
  appName: `App ${hostile('app-name')}`,
  appDescription: `Description <script>window.__xss='app-description'</script> {{7*7}} <a href="javascript:alert(1)">x</a>`,
  business: `javascript:window.__xss='business' +33 1 23 45 67 89`,
  technical: `[dev](javascript:alert('technical')) <b>ops</b>@broker-partner.example`,
  accessJustification: `Sandbox for ${hostile('access-justification')}`,
  accessRefusal: `Access refused <script>window.__xss='access-refusal'</script>`,
  certificateRefusal: `Certificate refused ${hostile('certificate-refusal')}`,
  caName: `EV Root ${hostile('ca-name')}`,
  caRequestName: `Partner CA <script>window.__xss='ca-request-name'</script>`,
  caRequestReason: `Needed by ${hostile('ca-request-reason')}`,
  caDecline: `Declined "><svg onload="window.__xss='ca-decline'">`,
  notes: `KYC <script>window.__xss='notes'</script>`,
  phone: `<img src=x onerror=alert(1)>`,
  calledBy: `Carl "><svg onload=alert('called-by')>`,
};

let dir: string;
let root: Credential;
let otherCa: Credential;
let portal: RunningPortal;
let resend: FakeResend;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-browser-xss-'));
  const pki = new OpensslPki(dir);
  root = pki.selfSigned('XSS EV Root', { extensions: CA_EXTENSIONS });
  otherCa = pki.selfSigned('Partner Root', { extensions: CA_EXTENSIONS });
  resend = await startFakeResend();
  portal = await startPortal(fixtureBuildDir, { resendUrl: resend.url });
  for (const [email, role] of [
    ['platform@insurer.example', 'platform'],
    ['admin@insurer.example', 'admin'],
  ] as const) {
    expect((await createVerifiedUser(portal.handle.db, { email, password: PASSWORD, role, fullName: `${role} person` }, Date.now())).ok).toBe(true);
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await resend?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A leaf certificate whose subject is hostile markup, issued by `issuer` with the openssl command. */
function hostileLeaf(name: string, issuer: Credential): string {
  writeFileSync(path.join(dir, `ext-${name}.cnf`), `[ ext ]\n${LEAF_EXTENSIONS.join('\n')}\n`);
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  openssl([
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/CN=${name} <img src=x onerror="window.__xss='${name}'">/O=Broker "><svg onload=alert(1)>`,
    '-config',
    'ca.cnf',
  ]);
  openssl([
    'ca',
    '-batch',
    '-notext',
    '-config',
    'ca.cnf',
    '-cert',
    issuer.certFile,
    '-keyfile',
    issuer.keyFile,
    '-in',
    `${name}.csr`,
    '-out',
    `${name}.pem`,
    '-md',
    'sha256',
    '-extfile',
    `ext-${name}.cnf`,
    '-extensions',
    'ext',
    '-days',
    '365',
  ]);
  return path.join(dir, `${name}.pem`);
}

async function call(page: Page, method: string, apiPath: string, body?: unknown): Promise<ParsedJson> {
  const result = await page.evaluate(
    async ({ method, apiPath, body }) => {
      const response = await fetch(`/api${apiPath}`, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    { method, apiPath, body },
  );
  expect(result.status, `${method} ${apiPath}: ${JSON.stringify(result.body)}`).toBeLessThan(300);
  return result.body;
}

/** Registers through the API with hostile name and company, confirms the address from the email; returns the signed-in page. */
async function register(email: string, username: string, fullName: string, company: string): Promise<Page> {
  const page = await newWatchedPage(browser);
  await page.goto(`${portal.origin}/signin`);
  await call(page, 'POST', '/auth/register', { username, fullName, company, email, password: PASSWORD, acceptGuidelines: true });
  await expect.poll(() => resend.inbox(email).length, { timeout: 10_000 }).toBeGreaterThan(0);
  const token = /\/verify\?token=([^\s&]+)/.exec(resend.inbox(email)[0]?.text ?? '')?.[1];
  await call(page, 'POST', '/auth/verify-email', { token: decodeURIComponent(token ?? ''), password: PASSWORD });
  return page;
}

async function expectInert(page: Page, url: string | undefined, shown: string[]): Promise<void> {
  const report = await inspectPage(page, url);
  const where = url ?? page.url();
  expect(report.fired, where).toEqual([]);
  expect(report.dialogs, where).toEqual([]);
  expect(report.live, where).toEqual([]);
  for (const text of shown) expect(report.text, `${where} shows ${text}`).toContain(asShown(text));
}

describe('stored XSS renders inert', () => {
  it('OpenAPI descriptions, summaries, names and the catalog texts of a hostile spec', async () => {
    const page = await newWatchedPage(browser);
    // The inspection itself sees a payload that runs and markup that is live.
    await page.setContent(`<p>${hostile('self-check')}</p><a href="javascript:alert(1)">x</a><button onclick="alert(1)">b</button>`);
    const selfCheck = await inspectPage(page);
    expect(selfCheck.fired).toEqual(['__xss']);
    expect(selfCheck.live).toEqual(['<img onerror>', '<a href="javascript:alert(1)">', '<button onclick>']);
    const title = 'Hostile Markup {window.__xss=1} API';
    await expectInert(page, `${portal.origin}/apis/hostile`, [
      title,
      "<script>window.__xss='info-script'</script>",
      `${hostile('info-img')} and <br> unclosed`,
      "{(typeof window === 'object') && (window.__xss = 'info-expression')}",
      "export const hostileInfo = typeof window === 'object' && (window.__xss = 'info-esm')",
      "<script>window.__xss='info-fence-desync'</script>",
      "Team <script>window.__xss='contact-name'</script>",
      "Scheme <script>window.__xss='scheme-script'</script>",
      "Scope <script>window.__xss='scope-script'</script>",
      `Licence <img src="x" onerror="window.__xss='licence-name'" />`,
    ]);
    await expectInert(page, `${portal.origin}/apis/hostile/get-hostile-thing`, [
      // The generator turns " into ' in titles (its front matter); the markup stays text.
      'Get a thing <img src=x onerror=',
      '^aˋ <iframe srcdoc="<script>parent.__xss=\'pattern\'</script>"></iframe> ˋ$',
      'vˋ <iframe srcdoc="<script>parent.__xss=\'enum\'</script>"></iframe> ˋ',
      "Operation <script>window.__xss='op-script'</script>",
      "Param <script>window.__xss='param-script'</script>",
      `:::note ${hostile('param-admonition')} :::`,
      "Response <script>window.__xss='response-script'</script>",
      "Property <script>window.__xss='property'</script>",
      `Named default ${hostile('property-default')}`,
    ]);
    await expectInert(page, `${portal.origin}/apis/hostile/hostile`, ["Tag <script>window.__xss='tag-script'</script>"]);
    const summary = `Hostile summary <script>window.__xss='portal-summary'</script> ${hostile('portal-summary-img')}`;
    await expectInert(page, `${portal.origin}/catalog/hostile`, [title, summary, `Team <svg onload="window.__xss='portal-team'">`, '<b>tag</b>']);
    await expectInert(page, `${portal.origin}/`, [title, summary]);
  });

  it('every free-text field, stored through the API, on every page and in every email that shows it', async () => {
    const platform = watchDialogs(await signInPage(browser, portal.origin, 'platform@insurer.example', PASSWORD, '/registry', []));
    const admin = watchDialogs(await signInPage(browser, portal.origin, 'admin@insurer.example', PASSWORD, '/admin', []));
    const consumer = await register(CONSUMER, 'xena', T.consumerName, T.consumerCompany);
    const owner = await register(OWNER, 'olga', T.ownerName, T.ownerCompany);
    await call(admin, 'POST', '/admin/apis/quotes/owners', { email: OWNER });
    // The owner's hostile name and company are on the admin's owner-confirmation list too.
    const ownerAccount = (await call(admin, 'GET', '/admin/owner-accounts')).accounts.find((row: { user: { email: string } }) => row.user.email === OWNER);
    await call(admin, 'POST', `/admin/users/${ownerAccount.user.id}/owner-confirmation`);
    await call(platform, 'PUT', '/registry/cas', { name: T.caName, certificate: root.pem, ev: true });

    // Documentation access: asked, refused, asked again, approved (revoked at the end).
    await call(consumer, 'POST', '/doc-access/requests', { apiSlug: 'claims', justification: T.justification1 });
    const first = (await call(owner, 'GET', '/owner/requests?api=claims')).requests[0];
    await call(owner, 'POST', `/owner/requests/${first.access.id}/refuse`, { reason: T.refusal });
    await call(consumer, 'POST', '/doc-access/requests', { apiSlug: 'claims', justification: T.justification2 });
    const second = (await call(owner, 'GET', '/owner/requests?api=claims&status=pending')).requests[0];
    await call(owner, 'POST', `/owner/requests/${second.access.id}/approve`);

    // Certificates with hostile subjects: one uploaded in the page (its checks name the CA), one through the API.
    await consumer.goto(`${portal.origin}/certificates`);
    await consumer.getByLabel('API', { exact: true }).selectOption('claims');
    await consumer.setInputFiles('input[type=file]', hostileLeaf('cn-a', root));
    await consumer.getByRole('button', { name: 'Upload and check' }).click();
    await consumer.waitForSelector('[data-testid=form-success]');
    await expectInert(consumer, undefined, [`accepted certification authority: ${T.caName}`]);
    await call(consumer, 'POST', '/certificates', { certificate: readFileSync(hostileLeaf('cn-b', root), 'utf8'), apiSlug: 'claims' });
    const certificates: Array<{ id: string; subject: string; issuer: string }> = (await call(consumer, 'GET', '/certificates')).certificates;
    const [leafA, leafB] = ['cn-a', 'cn-b'].map((name) => certificates.find((certificate) => certificate.subject.includes(`${name} `))!);
    // Consumer proves she holds leaf A's key (the real openssl signs the challenge), then the owner approves.
    const { challenge } = (await call(consumer, 'GET', `/certificates/${leafA!.id}`)).possession;
    await call(consumer, 'POST', `/certificates/${leafA!.id}/possession`, { signature: signChallenge(path.join(dir, 'cn-a.key'), challenge) });
    await call(owner, 'POST', `/owner/certificates/${leafA!.id}/approve`);
    await call(owner, 'POST', `/owner/certificates/${leafB!.id}/refuse`, { reason: T.certificateRefusal });

    // An app, its API access requests, the owners' review and decisions.
    const app = await call(consumer, 'POST', '/apps', {
      name: T.appName,
      description: T.appDescription,
      businessContact: T.business,
      technicalContact: T.technical,
    });
    await call(consumer, 'POST', `/apps/${app.clientId}/api-access`, { apiSlug: 'quotes', environment: 'sandbox', justification: T.accessJustification });
    await call(consumer, 'POST', `/apps/${app.clientId}/api-access`, {
      apiSlug: 'claims',
      environment: 'sandbox',
      authMethod: 'mtls',
      certificateId: leafA!.id,
      justification: T.accessJustification,
    });
    const access: Array<{ access: { id: string; apiSlug: string } }> = (await call(owner, 'GET', '/owner/api-access')).access;
    await call(owner, 'POST', `/owner/api-access/${access.find((row) => row.access.apiSlug === 'quotes')!.access.id}/refuse`, { reason: T.accessRefusal });
    const review = {
      entitlement: { businessInformation: true, technicalInformation: true, kyc: true, contractAndTerms: true, notes: T.notes },
      callBack: { phoneFromContract: T.phone, calledBy: T.calledBy, calledAt: new Date().toISOString(), subjectConfirmed: true, issuerConfirmed: true },
    };
    await call(owner, 'PUT', `/owner/api-access/${access.find((row) => row.access.apiSlug === 'claims')!.access.id}/review`, review);
    await call(consumer, 'POST', `/certificates/${leafA!.id}/report-revoked`);

    // A CA request, declined; the admin revokes the documentation access.
    await call(owner, 'POST', '/registry/requests', { name: T.caRequestName, certificate: otherCa.pem, reason: T.caRequestReason });
    const caRequest = (await call(platform, 'GET', '/registry/requests')).requests[0];
    await call(platform, 'POST', `/registry/requests/${caRequest.request.id}/decide`, { add: false, reason: T.caDecline });
    const granted = (await call(admin, 'GET', '/admin/doc-access?apiSlug=claims')).access.find(
      (row: { access: { status: string } }) => row.access.status === 'approved',
    );
    await call(admin, 'POST', `/admin/doc-access/${granted.access.id}/revoke`, { reason: T.revocation });

    // The consumer's pages.
    await expectInert(consumer, `${portal.origin}/account`, [T.consumerName, T.consumerCompany, T.justification1, T.refusal, T.justification2, T.revocation]);
    await expectInert(consumer, `${portal.origin}/apps`, [T.appName, T.appDescription, T.business, T.technical, T.accessRefusal]);
    await expectInert(consumer, `${portal.origin}/certificates`, [leafA!.subject, leafB!.subject, leafA!.issuer, T.certificateRefusal]);
    await expectInert(consumer, `${portal.origin}/catalog/claims`, [T.revocation]);
    await expectInert(consumer, `${portal.origin}/private/claims/`, [T.consumerName]);

    // The owners' console: every queue, everything in it (waiting or decided), each request opened in the review panel.
    await owner.goto(`${portal.origin}/owner`);
    await owner.getByLabel('Status').selectOption('all');
    const shown: string[] = [];
    const expected = { documentation: 2, app_access: 1, certificates: 2, mtls_reviews: 1 };
    for (const [queue, count] of Object.entries(expected)) {
      await owner.getByTestId(`queue-tab-${queue}`).click();
      const rows = owner.locator('[data-testid=owner-queue] tbody tr');
      await expect.poll(() => rows.count(), { message: queue }).toBe(count);
      for (const id of await rows.evaluateAll((found) => found.map((row) => row.getAttribute('data-id')))) {
        await owner.locator(`[data-testid=owner-queue] tr[data-id="${id}"]`).getByRole('button', { name: 'Review' }).click();
        await owner.locator(`[data-testid=review-panel][data-id="${id}"]`).waitFor();
        const report = await inspectPage(owner);
        const where = `${owner.url()} (${queue})`;
        expect(report.fired, where).toEqual([]);
        expect(report.dialogs, where).toEqual([]);
        expect(report.live, where).toEqual([]);
        shown.push(report.text);
      }
    }
    for (const text of [
      T.consumerName,
      T.consumerCompany,
      T.justification1,
      T.justification2,
      T.refusal,
      T.revocation,
      T.appName,
      T.appDescription,
      T.business,
      T.technical,
      T.accessJustification,
      T.accessRefusal,
      leafA!.subject,
      leafA!.issuer,
      leafB!.subject,
      T.certificateRefusal,
    ])
      expect(shown.join('\n'), `the owner console shows ${text}`).toContain(asShown(text));

    // The platform team's registry and the admin page.
    await expectInert(platform, `${portal.origin}/registry`, [T.caName, T.caRequestName, T.ownerName, T.caRequestReason, 'Declined']);
    // The admin page, one section at a time (?section=…).
    await expectInert(admin, `${portal.origin}/admin`, [T.consumerName, T.consumerCompany, T.ownerName, T.ownerCompany]);
    await expectInert(admin, `${portal.origin}/admin?section=owners`, [T.ownerName, T.ownerCompany]);
    await expectInert(admin, `${portal.origin}/admin?section=access`, [T.consumerName, T.consumerCompany, T.revocation]);
    await expectInert(admin, `${portal.origin}/admin?section=audit`, [T.consumerName, T.ownerName, T.revocation, T.justification1, T.refusal, T.caDecline]);

    // The CSV export is a download, formulas defused.
    const csv = await admin.evaluate(async () => {
      const response = await fetch('/api/admin/audit?format=csv');
      return {
        type: response.headers.get('content-type'),
        disposition: response.headers.get('content-disposition'),
        sniff: response.headers.get('x-content-type-options'),
        text: await response.text(),
      };
    });
    expect(csv).toMatchObject({ type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="portico-audit.csv"', sniff: 'nosniff' });
    expect(csv.text).toContain(`"'=HYPERLINK(""https://evil.example"",""x"") for Broker Partner`);
    expect(csv.text).toContain(`"'+SUM(1) refused ""><svg`);

    // Every email sent on the way: the markup escaped in the HTML part.
    await expect.poll(() => resend.inbox(CONSUMER).some((mail) => mail.html.includes('revoked by admin')), { timeout: 10_000 }).toBe(true);
    const mails = [CONSUMER, OWNER, 'platform@insurer.example'].flatMap((to) => resend.inbox(to));
    expect(mails.length).toBeGreaterThanOrEqual(12);
    for (const mail of mails) expect(liveMarkupIn(mail.html, { origin: portal.origin }), mail.subject).toEqual([]);
    const html = mails.map((mail) => mail.html).join('\n');
    for (const escaped of [
      'Xena &lt;img src=x onerror=&quot;window.__xss=',
      '&lt;script&gt;window.__xss=&#39;justification1&#39;&lt;/script&gt;',
      'Certificate refused &lt;img',
      'Access refused &lt;script&gt;',
      'Declined &quot;&gt;&lt;svg onload=',
    ]) {
      expect(html).toContain(escaped);
    }
  });
});
