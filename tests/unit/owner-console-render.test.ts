import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Queues } from '../../src/features/owner-console/Queues.tsx';
import { AppFacts, CertificateFacts, RequesterFacts } from '../../src/features/owner-console/ReviewFacts.tsx';
import type { Queue, Review } from '../../src/features/owner-console/types.ts';
import { decidedWords } from '../../src/features/owner-console/words.ts';
import ReviewChecklist from '../../src/features/owner-console/ReviewChecklist.tsx';

/** The console's pieces render a server answer (shaped by its zod schema) into what an owner reads. */
const apiTitle = (slug: string) => (slug === 'claims' ? 'Claims API' : slug);
const queues: Queue[] = [
  { name: 'documentation', count: 0, entries: [] },
  {
    name: 'app_access',
    count: 1,
    entries: [
      {
        id: 'sub_1',
        kind: 'api_access',
        apiSlug: 'claims',
        status: 'pending',
        createdAt: Date.parse('2026-11-20T10:00:00Z'),
        ageDays: 12,
        waiting: true,
        requester: { fullName: 'Jane Doe', company: 'Broker Partner SA' },
        about: 'Claims desk',
        environment: 'sandbox',
        authMethod: 'client_secret',
      },
    ],
  },
  { name: 'certificates', count: 0, entries: [] },
  { name: 'mtls_reviews', count: 0, entries: [] },
];
const review: Review = {
  request: {
    id: 'sub_2',
    kind: 'api_access',
    apiSlug: 'claims',
    status: 'pending',
    justification: null,
    decisionReason: null,
    createdAt: 1,
    decidedAt: null,
    environment: 'production',
    authMethod: 'mtls',
  },
  requester: {
    fullName: 'Jane Doe',
    email: 'jane@broker.example',
    company: 'Broker SA',
    emailDomain: 'broker.example',
    domainVerified: true,
    accountCreatedAt: 1,
  },
  earlierRequests: [{ kind: 'doc_access', apiSlug: 'claims', status: 'refused', about: null, createdAt: 1, decidedAt: 2, decisionReason: 'No contract yet' }],
  dependentApiAccess: [],
  app: { name: 'Claims desk', description: 'Files claims', businessContact: 'Jane', technicalContact: 'dev@broker.example', otherAccess: [] },
  certificate: {
    subject: 'CN=client.broker.example, O=Other SA',
    issuer: 'CN=Broker EV CA',
    serialNumber: '01',
    sha256: 'ab'.repeat(32),
    notBefore: 1,
    notAfter: 2,
    status: 'approved',
    directlyIssued: true,
    possessionProvedAt: 3,
    possessionMethod: 'signature',
    subjectOrganization: 'Other SA',
    companyMatchesSubject: false,
    otherAccounts: 2,
    recheck: { flag: 'rule_failed', detail: 'A rule it passed no longer holds: its issuer signs with SHA-1.', at: Date.UTC(2026, 11, 2) },
  },
  checklist: {
    items: [
      { id: 'automatic_checks', requirement: 'mandatory', source: 'automatic', done: true, words: 'identity: checks' },
      { id: 'entitlement', requirement: 'mandatory', source: 'owner', done: false, words: 'entitlement: KYC' },
      { id: 'call_back', requirement: 'mandatory', source: 'owner', done: false, words: 'call-back: call' },
    ],
    canApprove: false,
    missing: ['entitlement: KYC'],
    warnings: [],
    recorded: { identityConfirmed: false, entitlement: null, callBack: null, callBackRecordedByYou: false },
  },
  approvalRefused: null,
};

describe('the owner console renders', () => {
  it('the queues as tabs with counts and a table with column headers, the age of a waiting request', () => {
    const html = renderToStaticMarkup(
      createElement(Queues, {
        queues,
        cases: { count: 0, panel: null },
        current: 'app_access',
        onQueue: () => {},
        selected: null,
        onReview: () => {},
        apiTitle,
        emptyWords: 'is waiting',
      }),
    );
    for (const header of ['Requester', 'API', 'What', 'Status', 'Asked', 'Review']) expect(html).toContain(`<th scope="col">${header}</th>`);
    expect(html).toContain('waiting 12 days');
    expect(html).toMatch(/App access <span class="badge badge--secondary">1<\/span>/);
  });

  it('the review facts: the earlier refusal and its reason, the app contacts, the certificate warnings', () => {
    const html = renderToStaticMarkup(
      createElement('div', null, [
        createElement(RequesterFacts, { key: 'r', review, apiTitle }),
        createElement(AppFacts, { key: 'a', app: review.app!, apiTitle }),
        createElement(CertificateFacts, { key: 'c', certificate: review.certificate! }),
      ]),
    );
    expect(html).toContain('No contract yet');
    expect(html).toContain('dev@broker.example');
    expect(html).toContain('data-testid="company-mismatch"');
    expect(html).toContain('2 other accounts uploaded the same certificate');
    // What the daily re-check found is in front of the owner who decides (issue 19 item 4).
    expect(html).toContain('its issuer signs with SHA-1');
  });

  it("the requester's account age in words: 'today' for a new account, never 'today ago'", () => {
    const now = Date.now();
    const ageOf = (accountCreatedAt: number) =>
      renderToStaticMarkup(createElement(RequesterFacts, { review: { ...review, requester: { ...review.requester, accountCreatedAt } }, apiTitle })).replaceAll(
        '<!-- -->',
        '',
      );
    expect(ageOf(now)).toContain('(today)');
    expect(ageOf(now)).not.toContain('today ago');
    expect(ageOf(now - 3 * 86_400_000)).toContain('(3 days ago)');
    expect(ageOf(now - 800 * 86_400_000)).toContain('(2 years ago)');
  });

  it('an empty queue and a decision are said in words that keep API and mTLS capitalised', () => {
    const empty = renderToStaticMarkup(
      createElement(Queues, {
        queues,
        cases: { count: 0, panel: null },
        current: 'mtls_reviews',
        onQueue: () => {},
        selected: null,
        onReview: () => {},
        apiTitle,
        emptyWords: 'is waiting',
      }),
    ).replaceAll('<!-- -->', '');
    expect(empty).toContain('No mTLS access request is waiting.');
    expect(decidedWords('Jane Doe', 'api_access', 'approved')).toBe('Jane Doe: API access approved. They are emailed.');
    expect(decidedWords('Jane Doe', 'doc_access', 'refused')).toBe('Jane Doe: documentation access refused. They are emailed.');
  });

  it('the production call-back shows the subject and issuer to confirm on the phone', () => {
    const html = renderToStaticMarkup(
      createElement(ReviewChecklist, {
        accessId: 'sub_2',
        environment: 'production',
        items: review.checklist!.items,
        recorded: review.checklist!.recorded,
        certificate: { subject: review.certificate!.subject, issuer: review.certificate!.issuer },
        onSaved: () => {},
      }),
    );
    expect(html).toContain('CN=client.broker.example, O=Other SA');
    expect(html).toContain('CN=Broker EV CA');
    expect(html).not.toContain('identityConfirmed');
  });
});
