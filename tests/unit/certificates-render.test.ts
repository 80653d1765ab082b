import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CertificateTable, type RowEvents } from '../../src/features/certificates/CertificateTable.tsx';
import type { HeldCertificate } from '../../src/features/certificates/types.ts';
import { caRequestSentence, certificateStatusWords, provedSentence } from '../../src/features/certificates/words.ts';

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
