import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { HTMLInputElement, HTMLTextAreaElement } from 'happy-dom';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../server/db/schema.ts';
import { RegistryConsole } from '../../src/features/ca-registry/RegistryConsole.tsx';
import type { Report } from '../../src/features/ca-registry/types.ts';
import { type DomPage, mountPage } from '../support/dom-page.ts';
import { registerAdmin, registerVerified } from '../support/make-admin.ts';
import { setUpMtlsConsumer } from '../support/mtls-consumer.ts';
import { CA_EXTENSIONS, type Credential, LEAF_EXTENSIONS, OpensslPki } from '../support/openssl-pki.ts';
import { BOB } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue 17 items 3 and 4, the platform team's registry page: the CCADB comparison (an empty
 * state saying where the report comes from, the upload with its outcome in one banner, who
 * imported it and when, each CA's standing and the warnings) and each add-CA request's facts
 * before its decision. The page runs in a DOM against the real in-process portal.
 */
const REPORT_FILE = 'IncludedCACertificateReport.csv';
const REPORT = readFileSync(path.join(import.meta.dirname, '../fixtures/ccadb', REPORT_FILE), 'utf8');
const REGISTRY_PAGE = 'http://localhost:4321/registry';

let dir: string;
let pki: OpensslPki;
let root: Credential;
let issuing: Credential;
let portal: TestPortal;
let platform: { client: TestClient; id: string };
let page: DomPage | undefined;
const report: Report = async () => {};
const open = async () => {
  page = await mountPage(REGISTRY_PAGE, RegistryConsole, { report }, platform.client);
  return page;
};
const text = (element: { textContent: string | null } | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ');

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-registry-render-'));
  pki = new OpensslPki(dir);
  root = pki.selfSigned('Render Root CA', { extensions: CA_EXTENSIONS, key: 'ec:P-256' });
  issuing = pki.issue('Render EV Issuing CA', root, {
    extensions: [...CA_EXTENSIONS, 'certificatePolicies = 2.23.140.1.1, 1.3.6.1.4.1.99999.7'],
    key: 'ec:P-256',
  });
  portal = await createTestPortal();
  const admin = await registerAdmin(portal);
  platform = await registerVerified(portal, { ...BOB, username: 'platform.render', email: 'platform-render@insurer.example' });
  await portal.handle.db.update(users).set({ role: 'platform' }).where(eq(users.id, platform.id));
  for (const ca of [root, issuing]) {
    const asked = await admin.client.request('/api/registry/requests', { json: { name: ca.name, certificate: ca.pem, reason: 'A partner issues from it' } });
    expect(asked.status).toBe(201);
  }
}, 120_000);
afterEach(async () => {
  await page?.close();
  page = undefined;
});
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the CCADB comparison', () => {
  it('before any import: an empty state that says where the report comes from, and no network call', async () => {
    const view = await open();
    const empty = await view.until(() => view.document.querySelector('[data-testid=ccadb-empty]'));
    expect(text(empty)).toMatch(/Included CA Certificate Report/);
    expect(text(empty)).toMatch(/CSV/);
    expect(text(empty)).toMatch(/ccadb\.org/i);
    expect(text(empty)).toMatch(/no network call/i);
    const input = view.document.querySelector('input[type=file]');
    expect(input?.getAttribute('accept')).toContain('.csv');
    const label = view.document.querySelector(`label[for="${input?.id}"]`);
    expect(text(label)).toBe('Import the CCADB Included CA Certificate Report (CSV)');
    expect(view.document.querySelector('[data-testid=ccadb-standing]')).toBeNull();
  });

  it('a file that is not the report: the server’s refusal in words in the one banner, nothing imported', async () => {
    const view = await open();
    await view.until(() => view.document.querySelector('[data-testid=ccadb-empty]'));
    await view.attach(view.document.querySelector('input[type=file]'), { name: 'people.csv', text: 'name,email\r\nJane,jane@example.com\r\n' });
    await view.click(view.document.querySelector('[data-testid=ccadb-import]'));
    const banner = await view.until(() => view.document.querySelector('[data-testid=ccadb-outcome][role=alert]'));
    expect(text(banner)).toMatch(/not the CCADB Included CA Certificate Report: it has no column "SHA-256 Fingerprint"/);
    expect(view.document.querySelectorAll('[data-testid=ccadb-outcome]')).toHaveLength(1);
    expect(view.document.querySelector('[data-testid=ccadb-empty]')).not.toBeNull();
  });

  it('imported through the page: the counts in the banner, who imported it and when, each CA’s standing, the warnings first', async () => {
    const view = await open();
    await view.until(() => view.document.querySelector('[data-testid=ccadb-empty]'));
    await view.attach(view.document.querySelector('input[type=file]'), { name: REPORT_FILE, text: REPORT });
    await view.click(view.document.querySelector('[data-testid=ccadb-import]'));
    const banner = await view.until(() => view.document.querySelector('[data-testid=ccadb-outcome][role=status]'));
    expect(text(banner)).toMatch(/8 certificates/);
    expect(text(banner)).toMatch(/\d+ warnings?/);
    expect(view.document.querySelectorAll('[data-testid=ccadb-outcome]')).toHaveLength(1);

    const imported = await view.until(() => view.document.querySelector('[data-testid=ccadb-report]'));
    expect(text(imported)).toContain(BOB.fullName);
    expect(text(imported)).toContain(REPORT_FILE);
    expect(text(imported)).toContain(new Date().getFullYear().toString());
    expect(view.document.querySelector('[data-testid=ccadb-empty]')).toBeNull();

    const row = (name: string) => view.document.querySelector(`[data-testid=ccadb-standing] tr[data-name="${name}"]`);
    const digicert = row('DigiCert High Assurance EV Root CA');
    expect(digicert?.getAttribute('data-in-report')).toBe('yes');
    expect(text(digicert)).toContain('S/MIME (email) and TLS (websites)');
    expect(text(digicert)).toContain('EV (2.16.840.1.114412.2.1)');
    expect(text(row('Entrust Root Certification Authority'))).toContain('not EV');
    expect(text(row('2014-2044 BNPP Root'))).toContain('not compared: no certificate yet');

    const warnings = view.document.querySelector('[data-testid=ccadb-warnings]');
    expect(warnings?.getAttribute('role')).toBe('alert');
    const kinds = [...view.document.querySelectorAll('[data-testid=ccadb-warnings] li')].map(
      (item) => `${item.getAttribute('data-name')}:${item.getAttribute('data-kind')}`,
    );
    expect(kinds).toEqual(expect.arrayContaining(['Entrust Root Certification Authority:tls_distrusted', 'Entrust Root Certification Authority:lost_ev']));
    expect(text(warnings)).toMatch(/Entrust Root Certification Authority has lost TLS trust/);
    // The warnings come before the table, so they are read first.
    const table = view.document.querySelector('[data-testid=ccadb-standing]');
    expect(warnings!.compareDocumentPosition(table!) & 4).toBe(4);
  });

  it('opened again: the last import is read from GET /api/registry/ccadb', async () => {
    const view = await open();
    const imported = await view.until(() => view.document.querySelector('[data-testid=ccadb-report]'));
    expect(text(imported)).toContain(BOB.fullName);
    expect(view.document.querySelector('[data-testid=ccadb-outcome]')).toBeNull();
    await view.until(() => view.document.querySelector('[data-testid=ccadb-standing] tr[data-name="DigiCert High Assurance EV Root CA"]'));
  });
});

describe('an add-CA request shows the CA before its decision', () => {
  const facts = async (view: DomPage, name: string) =>
    view.until(() => view.document.querySelector(`[data-testid=ca-requests] li[data-name="${name}"] [data-testid=ca-request-facts]`));

  it('a root: subject, issuer, validity in words, the SHA-256 in monospace that wraps, not EV, Root CA; the decision after', async () => {
    const view = await open();
    const shown = await facts(view, root.name);
    const body = (await (await platform.client.request('/api/registry/requests')).json()) as {
      requests: Array<{ request: { name: string }; certificate: { sha256: string; notBefore: number; notAfter: number } }>;
    };
    const certificate = body.requests.find((entry) => entry.request.name === root.name)!.certificate;
    expect(text(shown)).toContain('CN=Render Root CA');
    expect(text(shown)).toMatch(/Root CA/);
    // A root names no policy: the page does not call it "not EV" while asking to confirm it is.
    expect(text(shown)).toContain('none in the certificate (roots seldom name one): check its EV status in the CCADB report');
    expect(text(shown)).not.toContain('not an EV CA');
    const year = (at: number) => new Date(at).getFullYear().toString();
    expect(text(shown)).toMatch(new RegExp(`from .*${year(certificate.notBefore)}.* to .*${year(certificate.notAfter)}`));
    const fingerprint = shown.querySelector('[data-testid=ca-sha256]');
    expect(fingerprint?.tagName).toBe('CODE');
    expect(fingerprint?.textContent?.replace(/[^0-9a-f]/gi, '').toLowerCase()).toBe(certificate.sha256.toLowerCase());
    expect(fingerprint?.className).toMatch(/fingerprint/);
    // A line breaks only between pairs (a phone broke '…:D' from its '9:…' when it could break anywhere).
    expect(fingerprint?.querySelectorAll('wbr')).toHaveLength(31);
    const item = view.document.querySelector(`[data-testid=ca-requests] li[data-name="${root.name}"]`)!;
    const decision = item.querySelector('[data-testid=ca-request-decision]');
    expect(shown.compareDocumentPosition(decision!) & 4).toBe(4);
  });

  it('an intermediate: its issuer, its EV policy OID, Intermediate CA', async () => {
    const view = await open();
    const shown = await facts(view, issuing.name);
    expect(text(shown)).toContain('CN=Render EV Issuing CA');
    expect(text(shown)).toMatch(/Issuer.*CN=Render Root CA/);
    expect(text(shown)).toContain('2.23.140.1.1');
    expect(text(shown)).not.toContain('none: not an EV CA');
    expect(text(shown)).toContain('Intermediate CA');
  });
});

describe('retiring a CA in the page', () => {
  it('each Retire button names its CA; the preview counts what chains to it in plain English', async () => {
    const retiring = pki.selfSigned('Render Retire Root', { extensions: CA_EXTENSIONS, key: 'ec:P-256' });
    const leaf = pki.issue('client.render-retire.example', retiring, { extensions: LEAF_EXTENSIONS, key: 'ec:P-256' });
    await setUpMtlsConsumer(portal, retiring, leaf);
    const view = await open();
    const row = await view.until(() => view.document.querySelector(`[data-testid=ca-registry] tr[data-name="${retiring.name}"]`));
    // On a phone the Action cell has no header beside it: the button alone must say which CA it retires.
    const button = row.querySelector('button');
    expect(button?.getAttribute('aria-label')).toBe(`Retire ${retiring.name}…`);
    // Who added each CA in words: the guidelines' eight, or the platform team (it said 'seeded').
    expect(text(row)).toContain('by the platform team');
    const seeded = view.document.querySelector('[data-testid=ca-registry] tr[data-name="2014-2044 BNPP Root"]');
    expect(text(seeded)).toMatch(/from the security guidelines · /);
    expect(text(seeded)).not.toContain('seeded');
    // A two-line state badge ('awaiting its certificate' in a narrow column) gets room between its lines.
    expect(seeded?.querySelector('td[data-label=State] .badge')?.className).toMatch(/state/);
    expect(button?.getAttribute('aria-expanded')).toBe('false');
    await view.click(button);
    // Below the table, not in its Action cell: a panel in a cell squeezed the other columns until words broke mid-letter.
    const preview = await view.until(() => view.document.querySelector('[data-testid=retire-preview]'));
    expect(preview.closest('table')).toBeNull();
    expect(button?.getAttribute('aria-expanded')).toBe('true');
    expect(button?.getAttribute('aria-controls')).toBe(preview.id);
    expect(view.document.activeElement).toBe(preview);
    expect(text(preview)).toContain('1 approved certificate chains to it, opening 1 mTLS access.');
    expect(text(preview)).toContain('client.render-retire.example');
    // The API by its title, not its slug.
    expect(text(preview)).toContain('Jane Doe (Broker Partner SA) · Quotes API · 1 access');
  });
});

describe('adding a CA in the page', () => {
  it('saved: the outcome beside the Save button (the page note is screens above on a phone) and the form emptied for the next', async () => {
    const added = pki.selfSigned('Render Added Root', { extensions: CA_EXTENSIONS, key: 'ec:P-256' });
    const view = await open();
    const name = await view.until(() => view.document.querySelector<HTMLInputElement>('#ca-name'));
    await view.type(name, added.name);
    await view.type(view.document.querySelector('#ca-certificate'), added.pem);
    await view.click(view.document.querySelector('[data-testid=add-ca] input[type=checkbox]'));
    await view.click(view.document.querySelector('[data-testid=add-ca] button[type=submit]'));
    const saved = await view.until(() => view.document.querySelector('[data-testid=add-ca-outcome]'));
    expect(text(saved)).toBe(`${added.name} is accepted.`);
    expect(saved.getAttribute('role')).toBe('status');
    expect(name.value).toBe('');
    expect(view.document.querySelector<HTMLTextAreaElement>('#ca-certificate')?.value).toBe('');
    expect(view.document.querySelector<HTMLInputElement>('[data-testid=add-ca] input[type=checkbox]')?.checked).toBe(false);
    await view.until(() => view.document.querySelector(`[data-testid=ca-registry] tr[data-name="${added.name}"][data-state=active]`));
  });
});
