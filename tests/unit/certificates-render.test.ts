import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { users } from '../../server/db/schema.ts';
import { CertificateTable, type RowEvents } from '../../src/features/certificates/CertificateTable.tsx';
import { MyCertificates } from '../../src/features/certificates/MyCertificates.tsx';
import type { HeldCertificate } from '../../src/features/certificates/types.ts';
import { uploadCertificate } from '../../src/features/certificates/upload.ts';
import { caRequestSentence, certificateStatusWords, provedSentence } from '../../src/features/certificates/words.ts';
import { type DomPage, mountPage } from '../support/dom-page.ts';
import { registerVerified } from '../support/make-admin.ts';
import { CA_EXTENSIONS, type Credential, LEAF_EXTENSIONS, OpensslPki } from '../support/openssl-pki.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/** The holder's certificates page renders the server's answer (shaped by its zod schema) into what a partner reads. */
const base: HeldCertificate = {
  id: 'crt_1',
  apiSlug: 'claims',
  subject: 'CN=claims-client, O=Broker Partner SA',
  issuer: 'CN=Broker EV Root',
  serialNumber: '01AB',
  sha256: 'ab'.repeat(32),
  notBefore: Date.parse('2026-11-01T00:00:00Z'),
  notAfter: Date.parse('2027-11-01T00:00:00Z'),
  status: 'pending',
  directlyIssued: true,
  decisionReason: null,
  possessionProvedAt: null,
  possessionMethod: null,
  createdAt: Date.parse('2026-11-20T10:00:00Z'),
  recheck: null,
  change: null,
  caRequest: null,
  canAskForCa: false,
  canProvePossession: true,
  canReportRevoked: true,
  opensAccess: false,
};
const events: RowEvents = { onAsked: () => {}, onProved: () => {}, onReported: async () => {} };
const render = (rows: HeldCertificate[]) =>
  renderToStaticMarkup(createElement(CertificateTable, { rows, apis: [{ slug: 'claims', title: 'Claims API' } as never], events }));

describe('the holder’s certificate table', () => {
  it('says a pending certificate waits for its holder’s proof first, and offers to report it revoked', () => {
    const html = render([base]);
    expect(html).toContain('data-testid="my-certificates"');
    expect(html).toContain('data-status="pending"');
    expect(html).toContain('Waiting for your proof of the private key (the owners review it after)');
    expect(html).toContain('Report revoked');
    expect(html).toContain('Claims API');
  });

  it('names how and when the key was proved, and the reason of a refusal, with no action left', () => {
    const html = render([
      {
        ...base,
        status: 'refused',
        canProvePossession: false,
        canReportRevoked: false,
        decisionReason: 'wrong company',
        possessionProvedAt: Date.parse('2026-11-21T10:00:00Z'),
        possessionMethod: 'signature',
      },
    ]);
    expect(html).toContain('Refused: wrong company');
    expect(html).toContain('data-testid="possession-state"');
    expect(html).toContain('Proved by signature on');
    expect(html).not.toContain('Report revoked');
  });

  it('shows a certificate waiting for its CA with its CA request and, when the server allows, the button to ask', () => {
    const request = { name: 'Broker EV Root', status: 'pending' as const, createdAt: base.createdAt, decidedAt: null, decisionReason: null };
    const html = render([{ ...base, status: 'awaiting_ca', caRequest: request, canAskForCa: true }]);
    expect(html).toContain('data-testid="certificate-ca-request"');
    expect(html).toContain(caRequestSentence(request));
    expect(html).toContain('Send its authority&#x27;s certificate and ask for it');
  });

  it('warns of a change announced late and of what the daily re-check found', () => {
    const html = render([
      {
        ...base,
        status: 'approved',
        change: { replacesId: 'crt_0', changeAt: Date.parse('2026-12-03T00:00:00Z'), noticeWorkingDays: 2, lateNotice: true },
        recheck: { flag: 'expiring_soon', detail: 'it ends within 30 days', at: Date.parse('2026-12-01T00:00:00Z') },
      },
    ]);
    expect(html).toContain('data-testid="certificate-late-notice"');
    expect(html).toContain('Announced 2 working day(s) ahead');
    expect(html).toContain('data-testid="certificate-recheck"');
    expect(html).toContain('it ends within 30 days');
  });

  it('has a word for each state', () => {
    expect(certificateStatusWords({ status: 'pending', possessionProvedAt: 1 })).toBe('Waiting for the API owners');
    expect(certificateStatusWords({ status: 'expired', possessionProvedAt: null })).toBe('Expired');
    expect(provedSentence('tls_handshake', null)).toBe('Proved by TLS handshake.');
  });
});

/**
 * Issue 16 item 4: the page as a partner uses it, in a DOM against the real in-process portal —
 * a stacked table on a phone, labelled selects like the portal's other forms, one result per
 * outcome, and a Report revoked button that names its certificate.
 */
describe('the My certificates page in a DOM', () => {
  let dir: string;
  let pki: OpensslPki;
  let good: Credential;
  let second: Credential;
  let expired: Credential;
  let portal: TestPortal;
  let jane: TestClient;
  let page: DomPage | undefined;
  const APIS = [{ slug: 'claims', title: 'Claims API' }] as never;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'portico-cert-page-'));
    pki = new OpensslPki(dir);
    const root = pki.selfSigned('Page EV Root', { extensions: CA_EXTENSIONS });
    good = pki.issue('page-client.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
    second = pki.issue('second-client.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
    expired = pki.issue('old-client.broker-partner.example', root, { extensions: LEAF_EXTENSIONS, startDate: '20200101000000Z', endDate: '20210101000000Z' });
    portal = await createTestPortal();
    jane = (await registerVerified(portal, JANE)).client;
    const platform = await registerVerified(portal, { ...BOB, username: 'platform', email: 'platform@insurer.example' });
    await portal.handle.db.update(users).set({ role: 'platform' }).where(eq(users.id, platform.id));
    const added = await platform.client.request('/api/registry/cas', { method: 'PUT', json: { name: 'Page EV Root', certificate: root.pem, ev: true } });
    expect(added.status).toBe(200);
  }, 60_000);
  afterEach(async () => {
    await page?.close();
    page = undefined;
  });
  afterAll(async () => {
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async () => {
    page = await mountPage('http://localhost:4321/certificates', MyCertificates, { enabled: true, apis: APIS }, jane);
    return page;
  };
  const $ = (view: DomPage, selector: string) => view.document.querySelector(selector);
  const upload = async (view: DomPage, name: string, text: string) => {
    await view.choose($(view, '[data-testid=certificate-upload] select'), 'claims');
    await view.attach($(view, '[data-testid=certificate-upload] input[type=file]'), { name, text, type: 'application/x-pem-file' });
    await view.click($(view, '[data-testid=certificate-upload] button[type=submit]'));
  };
  const checkLists = (view: DomPage) => view.document.querySelectorAll('[data-testid=certificate-checks]');

  it('asks with selects labelled and styled as the portal’s other fields, the hint of Replaces tied to it', async () => {
    const view = await open();
    const selects = [...view.document.querySelectorAll('[data-testid=certificate-upload] select')];
    expect(selects.map((select) => $(view, `label[for="${select.id}"]`)?.textContent)).toEqual(['API', 'Replaces']);
    for (const select of selects) expect(select.getAttribute('style')).toContain('width: 100%');
    const replaces = selects[1]!;
    const hint = view.document.getElementById(replaces.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toContain('both work until the change date');
  });

  it('shows one result per outcome: a later upload, report or refusal replaces the earlier checks and banner', async () => {
    const view = await open();
    await upload(view, 'old.pem', expired.pem);
    await view.until(() => $(view, '[data-testid=form-error]'));
    expect(checkLists(view)).toHaveLength(1);
    expect(checkLists(view)[0]?.textContent).toContain('✗');

    await upload(view, 'client.pem', good.pem);
    await view.until(() => $(view, '[data-testid=form-success]'));
    expect($(view, '[data-testid=form-error]')).toBeNull();
    expect(checkLists(view)).toHaveLength(1);
    expect(checkLists(view)[0]?.textContent).not.toContain('✗');

    // A file over the limit is refused before it is sent: its refusal alone, not the last upload's checks beside it.
    await upload(view, 'huge.pem', 'x'.repeat(300 * 1024));
    await view.until(() => $(view, '[data-testid=form-error]')?.textContent?.includes('larger than 256 KB'));
    expect($(view, '[data-testid=form-success]')).toBeNull();
    expect(checkLists(view)).toHaveLength(0);

    await upload(view, 'second.pem', second.pem);
    await view.until(() => checkLists(view).length === 1 && $(view, '[data-testid=form-success]'));
    const row = await view.until(() =>
      [...view.document.querySelectorAll('[data-testid=my-certificates] tbody tr')].find((one) => one.textContent?.includes('second-client')),
    );
    await view.click([...row.querySelectorAll('button')].find((button) => button.textContent === 'Report revoked') ?? null);
    await view.click(await view.until(() => [...row.querySelectorAll('button')].find((button) => button.textContent === 'Yes, report it revoked')));
    await view.until(() => $(view, '[data-testid=form-success]')?.textContent?.startsWith('Reported.'));
    expect(checkLists(view)).toHaveLength(0);
  });

  it('lists the certificates in the portal’s stacked table: headers on wide screens, each cell named on a phone', async () => {
    const view = await open();
    const table = await view.until(() => $(view, '[data-testid=my-certificates]'));
    await view.until(() => table.querySelector('tbody tr[data-status]'));
    expect([...table.querySelectorAll('thead th')].map((th) => [th.getAttribute('scope'), th.textContent])).toEqual([
      ['col', 'Status'],
      ['col', 'Certificate'],
      ['col', 'API'],
      ['col', 'Valid'],
    ]);
    for (const row of table.querySelectorAll('tbody tr'))
      expect([...row.querySelectorAll(':scope > td')].map((cell) => cell.getAttribute('data-label'))).toEqual(['Status', 'Certificate', 'API', 'Valid']);
    // No scroll box around it: on a phone each row is a block, its status in view.
    expect(table.parentElement?.getAttribute('style') ?? '').not.toContain('overflow');
    expect(table.textContent).toContain('Claims API');
  });

  it('puts the proof of the key below the table, its signature field labelled and its button saying what is missing', async () => {
    const view = await open();
    const table = await view.until(() => $(view, '[data-testid=my-certificates]'));
    const link = await view.until(() => table.querySelector('[data-testid=prove-possession-link]'));
    const proof = await view.until(() => $(view, '[data-testid=prove-possession]'));
    // The commands need the page's width: not squeezed into a table cell.
    expect(table.contains(proof)).toBe(false);
    expect(proof.closest('section')?.id).toBe(link.getAttribute('href')?.slice(1));
    const field = proof.querySelector('textarea');
    expect(view.document.querySelector(`label[for="${field?.id}"]`)?.textContent).toBe('Signature (base64)');
    const send = [...proof.querySelectorAll('button')].find((button) => button.textContent === 'Send the signature');
    expect(send?.hasAttribute('disabled')).toBe(false);
    await view.click(send ?? null);
    expect(proof.querySelector('[role=alert]')?.textContent).toContain('Paste the signature first');
  });

  it('names the certificate in each Report revoked button, there being one per row', async () => {
    const view = await open();
    const row = await view.until(() =>
      [...view.document.querySelectorAll('[data-testid=my-certificates] tbody tr')].find((one) => one.textContent?.includes('page-client')),
    );
    const subject = row.querySelector(':scope > td[data-label=Certificate] strong')?.textContent ?? '';
    expect(subject).toContain('page-client.broker-partner.example');
    const button = [...row.querySelectorAll('button')].find((one) => one.textContent === 'Report revoked');
    expect(button?.getAttribute('aria-label')).toBe(`Report revoked: ${subject}`);
  });

  it('says a failed upload in words, never the bare status code', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    try {
      const outcome = await uploadCertificate(new File([good.pem], 'client.pem'), { apiSlug: 'claims', replaces: '', changeDate: '' });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.failure.message).not.toMatch(/\d{3}/);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
