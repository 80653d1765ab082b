import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AdminConsole } from '../../src/features/admin/AdminConsole.tsx';
import { apiQueryOf, filtersOf, searchOfFilters } from '../../src/features/admin/audit-filters.ts';
import { sectionOf, searchOfSection } from '../../src/features/admin/sections.ts';
import type { CatalogApi, Report } from '../../src/features/admin/types.ts';
import { type DomPage, mountPage } from '../support/dom-page.ts';
import { registerAdmin, registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue 17 item 5 and issue 16: the admin page in sections (in the URL, labelled tabs the keyboard
 * moves through), a role changed only once confirmed in the page and audited, the audit log's
 * filters in the URL with names instead of ids, the users and owners tables as stacked tables.
 * The page runs in a DOM against the real in-process portal.
 */
const APIS: CatalogApi[] = [
  { slug: 'claims', title: 'Claims API', visibility: 'private' },
  { slug: 'payments', title: 'Payments API', visibility: 'private' },
  { slug: 'quotes', title: 'Quotes API', visibility: 'public' },
];
const ADMIN_PAGE = 'http://localhost:4321/admin';

let portal: TestPortal;
let admin: { client: TestClient; id: string };
let bob: { client: TestClient; id: string };
let page: DomPage | undefined;
const reports: Array<{ ok: boolean; success: string }> = [];
const report: Report = async (result, success) => {
  reports.push({ ok: result.ok, success });
};
const open = async (search: string) => {
  page = await mountPage(`${ADMIN_PAGE}${search}`, AdminConsole, { apis: APIS, report }, admin.client);
  return page;
};
const roleEvents = async (role: string) =>
  ((await (await admin.client.request(`/api/admin/audit?action=user.role_changed_to_${role}`)).json()) as { events: Array<{ targetName: string | null }> })
    .events;

beforeAll(async () => {
  portal = await createTestPortal();
  admin = await registerAdmin(portal);
  bob = await registerVerified(portal, BOB);
  const jane = await registerVerified(portal, JANE);
  await registerVerified(portal, { ...BOB, username: 'claire', fullName: 'Claire Owner', email: 'claims-owner@insurer.example' });
  expect((await admin.client.request('/api/admin/doc-access', { json: { userId: jane.id, apiSlug: 'claims' } })).status).toBe(201);
}, 60_000);
afterEach(async () => {
  await page?.close();
  page = undefined;
});
afterAll(async () => portal?.close());

describe('the sections in the URL', () => {
  it('reads the section from the query, the users section when there is none or an unknown one', () => {
    expect(sectionOf('?section=audit')).toBe('audit');
    expect(sectionOf('')).toBe('users');
    expect(sectionOf('?section=../../etc')).toBe('users');
    expect(searchOfSection('owners')).toBe('?section=owners');
  });

  it('opens the section the URL names, as a labelled tab panel; a click and the arrow keys change it and the URL', async () => {
    const view = await open('?section=access');
    const tablist = view.document.querySelector('[role=tablist]');
    expect(tablist?.getAttribute('aria-label')).toBe('Administration sections');
    const selected = () => view.document.querySelector('[role=tab][aria-selected=true]');
    expect(selected()?.textContent).toBe('Documentation access');
    expect(view.document.querySelector('[role=tabpanel]')?.getAttribute('aria-labelledby')).toBe(selected()?.id);
    await view.until(() => view.document.querySelector('[data-testid=access-table] tr[data-api=claims]'));
    // One tab stop: only the selected tab is in the tab order.
    expect([...view.document.querySelectorAll('[role=tab]')].map((tab) => tab.getAttribute('tabindex'))).toEqual(['-1', '-1', '0', '-1', '-1']);

    await view.key(selected(), 'ArrowRight');
    expect(selected()?.textContent).toBe('Email domains');
    expect(view.document.activeElement).toBe(selected());
    expect(view.window.location.search).toBe('?section=domains');
    await view.key(selected(), 'End');
    expect(view.window.location.search).toBe('?section=audit');
    await view.key(selected(), 'ArrowRight');
    expect(view.window.location.search).toBe('');
    await view.click(view.document.querySelector('[data-testid=admin-tab-owners]'));
    expect(view.window.location.search).toBe('?section=owners');
    expect(view.document.querySelector('[role=tabpanel] h2')?.textContent).toBe('API owners');
  });
});

describe('a role change, confirmed in the page and audited', () => {
  it('choosing a role applies nothing; Cancel goes back; Confirm changes it and the log says who made whom what', async () => {
    const view = await open('');
    const row = await view.until(() => view.document.querySelector(`[data-testid=users-table] tr[data-email="${BOB.email}"]`));
    const select = () => row.querySelector('select[aria-label^="Role of"]');
    await view.choose(select(), 'admin');
    const confirm = row.querySelector('[data-testid=role-confirm]');
    expect(confirm?.textContent).toContain('Make Bob Martin administrator (now consumer)?');
    expect(await roleEvents('admin')).toEqual([]);

    await view.click([...row.querySelectorAll('button')].find((button) => button.textContent === 'Cancel') ?? null);
    expect(row.querySelector('[data-testid=role-confirm]')).toBeNull();
    expect((select() as unknown as { value: string }).value).toBe('consumer');
    expect(await roleEvents('admin')).toEqual([]);

    await view.choose(select(), 'admin');
    await view.click([...row.querySelectorAll('button')].find((button) => button.textContent === 'Confirm') ?? null);
    await view.until(() => reports.find((entry) => entry.success.startsWith('Bob Martin')));
    expect(reports.at(-1)).toEqual({ ok: true, success: `Bob Martin (${BOB.email}) is now admin.` });
    expect(await roleEvents('admin')).toEqual([expect.objectContaining({ targetName: 'Bob Martin', actorName: 'Ada Admin' })]);
    // Back to consumer, so the other tests see Bob as he was.
    expect((await admin.client.request(`/api/admin/users/${bob.id}`, { method: 'PATCH', json: { role: 'consumer' } })).status).toBe(200);
  });
});

describe('the audit log: filters in the URL, names instead of ids', () => {
  it('turns the URL into the API query, the days into local midnight and the end of the last day', () => {
    const filters = filtersOf('?section=audit&action=doc_access&actor=ada%40insurer.example&from=2026-12-01&to=2026-12-02&api=claims');
    expect(filters).toEqual({ action: 'doc_access', actor: 'ada@insurer.example', api: 'claims', from: '2026-12-01', to: '2026-12-02' });
    const query = new URLSearchParams(apiQueryOf(filters));
    expect(Number(query.get('from'))).toBe(new Date(2026, 11, 1).getTime());
    expect(Number(query.get('to'))).toBe(new Date(2026, 11, 3).getTime() - 1);
    expect(filtersOf('?from=yesterday').from).toBe('');
    expect(searchOfFilters({ ...filters, api: '', to: '' })).toBe('?section=audit&action=doc_access&actor=ada%40insurer.example&from=2026-12-01');
  });

  it('a shared link opens the same selection: headers, actions in words, names; a change of filter goes into the URL and the CSV link', async () => {
    const view = await open(`?section=audit&action=user.role&actor=${encodeURIComponent('admin@insurer.example')}`);
    const table = () => view.document.querySelector('[data-testid=audit-table]');
    await view.until(() => table()?.querySelector('tr[data-action="user.role_changed_to_admin"]'));
    expect([...(table()?.querySelectorAll('th[scope=col]') ?? [])].map((th) => th.textContent)).toEqual(['When', 'Who', 'What', 'About', 'API', 'Reason']);
    const cells = (action: string) => [...(table()?.querySelector(`tr[data-action="${action}"]`)?.querySelectorAll('td') ?? [])].map((td) => td.textContent);
    expect(cells('user.role_changed_to_admin').slice(1, 4)).toEqual(['Ada Admin (admin@insurer.example)', 'changed a role to admin', 'Bob Martin']);
    expect((view.document.querySelector('select[name=action]') as unknown as { value: string }).value).toBe('user.role');
    expect((view.document.querySelector('input[name=actor]') as unknown as { value: string }).value).toBe('admin@insurer.example');

    await view.choose(view.document.querySelector('select[name=action]'), 'doc_access');
    await view.until(() => table()?.querySelector('tr[data-action="doc_access.granted"]'));
    expect(cells('doc_access.granted').slice(2, 5)).toEqual(['granted documentation access', 'Jane Doe', 'Claims API']);
    expect(view.window.location.search).toBe('?section=audit&action=doc_access&actor=admin%40insurer.example');
    expect(view.document.querySelector('a[download]')?.getAttribute('href')).toBe(
      '/api/admin/audit?action=doc_access&actor=admin%40insurer.example&format=csv',
    );

    await view.type(view.document.querySelector('input[name=actor]'), 'nobody@nowhere.example');
    await view.until(() => view.document.querySelector('[data-testid=audit-empty]'));
    expect(view.window.location.search).toContain('actor=nobody%40nowhere.example');
  });
});

describe('the users and owners tables stack on a phone', () => {
  it('are stacked tables: column headers, and each cell named for the one-block-per-row layout at 375 px', async () => {
    const view = await open('');
    await view.until(() => view.document.querySelector('[data-testid=users-table] tbody tr'));
    const labels = (testId: string) =>
      [...(view.document.querySelector(`[data-testid=${testId}] tbody tr`)?.querySelectorAll('td') ?? [])].map((td) => td.getAttribute('data-label'));
    expect(labels('users-table')).toEqual(['User', 'Company', 'Email', 'Role', 'Grant documentation access']);
    expect(view.document.querySelectorAll('[data-testid=users-table] thead th[scope=col]').length).toBe(5);
    await view.click(view.document.querySelector('[data-testid=admin-tab-owners]'));
    await view.until(() => view.document.querySelector('[data-testid=owners-table] tbody tr'));
    expect(labels('owners-table')).toEqual(['API', 'Listed in the spec', 'Assigned', 'Add an owner']);
    await view.until(() => view.document.querySelector('[data-testid=owner-accounts-table] tbody tr'));
    expect(labels('owner-accounts-table')).toEqual(['Account', 'Owner of', 'Registered', 'Confirmation']);
    for (const testId of ['owners-table', 'owner-accounts-table'])
      expect(view.document.querySelectorAll(`[data-testid=${testId}] thead th[scope=col]`).length, testId).toBeGreaterThan(2);
  });
});
