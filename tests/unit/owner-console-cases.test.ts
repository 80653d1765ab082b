import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CertificateCases } from '../../src/features/owner-console/CertificateCases.tsx';
import { Queues } from '../../src/features/owner-console/Queues.tsx';
import type { CertificateCase, Queue } from '../../src/features/owner-console/types.ts';

/** Issue 17 item 2: the certificate cases as one more queue of the owner console, due dates and overdue flags in words. */
const DAY = 86_400_000;
const now = Date.parse('2026-12-02T12:00:00Z');
const apiTitle = (slug: string) => (slug === 'quotes' ? 'Quotes API' : slug);
const base = { apiSlug: 'quotes', holder: { fullName: 'Jane Doe', company: 'Broker Partner SA' }, handledAt: null, open: true } as const;
const cases: CertificateCase[] = [
  {
    ...base,
    id: 'crt_late',
    kind: 'revocation',
    subject: 'CN=revoked.broker.example',
    status: 'revoked',
    detail: 'Reported revoked by its holder: disabled, its API access suspended.',
    openedAt: now - 10 * DAY,
    dueAt: now - 3 * DAY,
    overdue: true,
    ageDays: 10,
  },
  {
    ...base,
    id: 'crt_soon',
    kind: 'expiring',
    subject: 'CN=soon.broker.example',
    status: 'approved',
    detail: 'It expires on 2026-12-20: it stops working then.',
    openedAt: now - 12 * DAY,
    dueAt: now + 4 * DAY,
    overdue: false,
    ageDays: 12,
  },
];
const queues: Queue[] = [
  { name: 'documentation', count: 0, entries: [] },
  { name: 'app_access', count: 0, entries: [] },
  { name: 'certificates', count: 0, entries: [] },
  { name: 'mtls_reviews', count: 0, entries: [] },
];
const text = (html: string) => html.replaceAll('<!-- -->', '');

describe('the certificate cases queue', () => {
  it('is a tab with its count beside the other queues, and its panel when chosen', () => {
    const html = text(
      renderToStaticMarkup(
        createElement(Queues, {
          queues,
          cases: { count: 2, panel: createElement('p', null, 'the cases') },
          current: 'certificate_cases',
          onQueue: () => {},
          selected: null,
          onReview: () => {},
          apiTitle,
          emptyWords: 'is waiting',
        }),
      ),
    );
    expect(html).toMatch(
      /<button[^>]*aria-selected="true"[^>]*data-testid="queue-tab-certificate_cases"[^>]*>Certificate cases <span class="badge badge--secondary">2<\/span>/,
    );
    expect(html).toContain('the cases');
  });

  it('lists each case with column headers, what it is, its due date and age, and the overdue flag in words (not colour alone)', () => {
    const html = text(renderToStaticMarkup(createElement(CertificateCases, { cases, apiTitle, now, emptyWords: 'is waiting', onHandled: () => {} })));
    for (const header of ['Certificate', 'API', 'Case', 'Due', 'Opened']) expect(html).toContain(`<th scope="col">${header}</th>`);
    // On a phone each cell is named by its header (StackedTable).
    expect(html).toContain('data-label="Due"');
    expect(html).toContain('Reported revocation');
    expect(html).toContain('Expiring or flagged certificate');
    expect(html).toContain('Overdue by 3 days');
    expect(html).toContain('due in 4 days');
    expect(html).toContain('10 days ago');
    expect(html).toContain('Quotes API');
    expect(html).toContain('Jane Doe');
    expect(html).toContain('It expires on 2026-12-20');
    // Only a reported revocation is closed by hand; an expiring certificate closes with its renewal.
    expect(html.match(/Mark handled/g)).toHaveLength(1);
  });

  it('an empty list says so in words', () => {
    const html = text(renderToStaticMarkup(createElement(CertificateCases, { cases: [], apiTitle, now, emptyWords: 'is waiting', onHandled: () => {} })));
    expect(html).toContain('No certificate case is waiting.');
  });
});
