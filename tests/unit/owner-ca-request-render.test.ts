import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import CaRequestForm from '../../src/features/owner-console/CaRequestForm.tsx';
import { mountPage } from '../support/dom-page.ts';
import { registerAdmin } from '../support/make-admin.ts';
import { CA_EXTENSIONS, type Credential, OpensslPki } from '../support/openssl-pki.ts';
import { ORIGIN, createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * The owner console's request that the platform team add a CA (issue 16 item 4): labelled fields
 * (not placeholders), a form whose required fields are named when sent, the request stored.
 */
let dir: string;
let ca: Credential;
let portal: TestPortal;
let admin: { client: TestClient };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-owner-ca-request-'));
  ca = new OpensslPki(dir).selfSigned('Asked For Root CA', { extensions: CA_EXTENSIONS });
  portal = await createTestPortal();
  admin = await registerAdmin(portal);
}, 120_000);
afterAll(async () => {
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the add-CA request in the owner console', () => {
  it('has a label per field and a hint, sends the request and empties the form', async () => {
    const outcomes: Array<{ ok: boolean; success: string }> = [];
    const view = await mountPage(`${ORIGIN}/owner`, CaRequestForm, { onResult: (result, success) => outcomes.push({ ok: result.ok, success }) }, admin.client);
    try {
      const labelled = (text: string) => {
        const label = [...view.document.querySelectorAll('label')].find((element) => element.textContent === text);
        return label ? view.document.getElementById(label.getAttribute('for') ?? '') : null;
      };
      for (const text of ['CA name', 'CA certificate (PEM)', 'Why']) {
        expect(labelled(text), text).not.toBeNull();
        expect(labelled(text)?.hasAttribute('required'), text).toBe(true);
        expect(labelled(text)?.getAttribute('placeholder'), text).toBeNull();
      }
      expect(view.document.querySelector('button[type=submit]')?.hasAttribute('disabled')).toBe(false);
      await view.type(labelled('CA name'), ca.name);
      await view.type(labelled('CA certificate (PEM)'), ca.pem);
      await view.type(labelled('Why'), 'Broker Partner SA issues its client certificates from it');
      await view.click(view.document.querySelector('button[type=submit]'));
      await view.until(() => outcomes.length > 0);
      expect(outcomes).toEqual([{ ok: true, success: 'The platform team is asked to add this CA.' }]);
      expect((labelled('CA name') as unknown as { value: string }).value).toBe('');
    } finally {
      await view.close();
    }
    const listed = (await (await admin.client.request('/api/registry/requests')).json()) as { requests: Array<{ request: { name: string; reason: string } }> };
    expect(listed.requests.map((row) => row.request)).toEqual([
      expect.objectContaining({ name: ca.name, reason: expect.stringContaining('Broker Partner SA') }),
    ]);
  });
});
