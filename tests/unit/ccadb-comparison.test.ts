import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCEPTED_CA_NAMES } from '../../server/certificates/accepted-cas.ts';
import { parseCcadbReport, type CcadbEntry } from '../../server/certificates/ccadb-report.ts';
import { compareWithCcadb, type RegistryCaFacts } from '../../server/rules/ccadb-comparison.ts';

/**
 * The CCADB Included CA Certificate Report read by a real CSV parser (csv-parse) and compared
 * with the registry (issue 17 item 4). The fixture is a trimmed copy of the real report's shape:
 * every field quoted, commas and doubled quotes inside fields, CRLF, the real roots' SHA-256.
 */

const FIXTURE = path.join(import.meta.dirname, '../fixtures/ccadb/IncludedCACertificateReport.csv');
const report = readFileSync(FIXTURE, 'utf8');
const TODAY = Date.parse('2026-12-02T12:00:00Z');

function entries(text = report): CcadbEntry[] {
  const parsed = parseCcadbReport(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.entries;
}

const pinned = (name: string) => {
  const entry = ACCEPTED_CA_NAMES.find((candidate) => candidate.name === name);
  return entry && 'sha256' in entry ? entry.sha256 : null;
};
const ca = (name: string, facts: Partial<RegistryCaFacts> = {}): RegistryCaFacts => ({
  id: `ca-${name}`,
  name,
  sha256: pinned(name),
  root: true,
  ev: true,
  retired: false,
  ...facts,
});

describe('reading the report', () => {
  it('reads every row, quoted fields with commas and doubled quotes, CRLF, the fingerprints in lowercase', () => {
    const rows = entries();
    expect(rows).toHaveLength(8);
    expect(rows.find((row) => row.name === 'Entrust Root Certification Authority')).toEqual({
      sha256: '73c176434f1bc6d5adf45b0e76e727287c8de57616c1e6e6141a2b2cbc7d8e4c',
      name: 'Entrust Root Certification Authority',
      owner: 'Entrust',
      trustBits: ['Websites'],
      evPolicyOids: [],
      tlsDistrustAfter: '2024-11-30',
      validTo: '2026-11-27',
    });
    expect(rows.find((row) => row.name === 'Certum Trusted Network CA')?.evPolicyOids).toEqual(['1.2.616.1.113527.2.5.1.1', '2.23.140.1.1']);
  });

  it('the seed’s three pinned roots are in it by SHA-256', () => {
    const shas = new Set(entries().map((row) => row.sha256));
    for (const name of ['Entrust Root Certification Authority - G2', 'Entrust Root Certification Authority', 'DigiCert High Assurance EV Root CA'])
      expect(shas.has(pinned(name) ?? '')).toBe(true);
  });

  it.each([
    ['an empty file', '', /empty/],
    ['a quote never closed', `${report.slice(0, 200)}"\r\n"unclosed`, /not a readable CSV file: a quoted field is never closed/],
    ['a row shorter than the header', `${report}"DigiCert","short row"\r\n`, /not a readable CSV file: a row does not have as many fields as the header/],
    ['another CSV', 'name,email\r\nJane,jane@example.com\r\n', /not the CCADB Included CA Certificate Report: it has no column "SHA-256 Fingerprint"/],
    ['the header alone', `${report.split('\r\n')[0]}\r\n`, /lists no certificate/],
    [
      'a fingerprint that is not one',
      report.replace('7431E5F4C3C1', 'not-a-sha256'),
      /Row 2: the SHA-256 Fingerprint "not-a-sha256.*" is not 64 hexadecimal digits/,
    ],
    ['a date that is not one', report.replace('"2024.11.30"', '"soon"'), /the Distrust for TLS After Date "soon" is not a date/],
    ['binary bytes', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]).toString('latin1'), /not the CCADB|not a readable CSV/],
  ])('refuses %s in words', (_name, text, message) => {
    const parsed = parseCcadbReport(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(message);
  });
});

describe('comparing the registry with the report', () => {
  it('a root in the report with TLS and EV: in the report, its trust bits and EV policy in words, no warning', () => {
    const { cas, warnings } = compareWithCcadb([ca('DigiCert High Assurance EV Root CA')], entries(), TODAY);
    expect(cas[0]).toEqual({
      caId: 'ca-DigiCert High Assurance EV Root CA',
      inReport: true,
      inReportWords: 'yes',
      trustBits: ['Email', 'Websites'],
      trustWords: 'S/MIME (email) and TLS (websites)',
      evPolicyOids: ['2.16.840.1.114412.2.1'],
      evWords: 'EV (2.16.840.1.114412.2.1)',
      tlsDistrustAfter: null,
    });
    expect(warnings).toEqual([]);
  });

  it('the Entrust root distrusted for TLS after 2024-11-30 and no longer EV is warned about twice', () => {
    const { cas, warnings } = compareWithCcadb([ca('Entrust Root Certification Authority')], entries(), TODAY);
    expect(cas[0]).toMatchObject({ inReport: true, evWords: 'not EV', tlsDistrustAfter: '2024-11-30' });
    expect(warnings.map((warning) => warning.kind)).toEqual(['tls_distrusted', 'lost_ev']);
    expect(warnings[0]?.words).toBe('Entrust Root Certification Authority has lost TLS trust: Mozilla distrusts TLS certificates it issued after 2024-11-30.');
  });

  it('a distrust date still ahead is announced, not passed', () => {
    const { warnings } = compareWithCcadb([ca('Entrust Root Certification Authority - G2')], entries(), Date.parse('2024-06-01T00:00:00Z'));
    expect(warnings.map((warning) => warning.kind)).toEqual(['tls_distrust_announced']);
  });

  it('a root whose trust bits lost Websites has lost TLS trust', () => {
    const emailOnly = report.replace('"Email;Websites","","","2.16.840.1.114412.2.1"', '"Email","","","2.16.840.1.114412.2.1"');
    const { cas, warnings } = compareWithCcadb([ca('DigiCert High Assurance EV Root CA')], entries(emailOnly), TODAY);
    expect(cas[0]?.trustWords).toBe('S/MIME (email)');
    expect(warnings).toEqual([
      {
        caId: 'ca-DigiCert High Assurance EV Root CA',
        name: 'DigiCert High Assurance EV Root CA',
        kind: 'no_tls_trust',
        words: 'DigiCert High Assurance EV Root CA has lost TLS trust: the report gives it S/MIME (email) only.',
      },
    ]);
  });

  it('a registry root the report does not list is missing; an intermediate, a CA without certificate or a retired one is not warned about', () => {
    const { cas, warnings } = compareWithCcadb(
      [
        ca('Partner Root', { sha256: 'ab'.repeat(32) }),
        ca('DigiCert SHA2 Extended Validation Server CA', { sha256: 'cd'.repeat(32), root: false }),
        ca('2014-2044 BNPP Root', { sha256: null, root: null }),
        ca('Retired Root', { sha256: 'ef'.repeat(32), retired: true }),
      ],
      entries(),
      TODAY,
    );
    expect(cas.map((standing) => [standing.inReport, standing.inReportWords])).toEqual([
      [false, 'no'],
      [null, 'not listed: an intermediate CA (the report lists roots)'],
      [null, 'not compared: no certificate yet'],
      [false, 'no'],
    ]);
    expect(warnings).toEqual([
      { caId: 'ca-Partner Root', name: 'Partner Root', kind: 'missing', words: expect.stringMatching(/^Partner Root is not in the CCADB report/) },
    ]);
  });

  it('matches by SHA-256 in either case, never by name', () => {
    const upper = compareWithCcadb(
      [ca('ISRG Root X1', { sha256: '96BCEC06264976F37460779ACF28C5A7CFE8A3C0AAE11A8FFCEE05C0BDDF08C6', ev: false })],
      entries(),
      TODAY,
    );
    expect(upper.cas[0]).toMatchObject({ inReport: true, evWords: 'not EV' });
    expect(upper.warnings).toEqual([]);
    const impostor = compareWithCcadb([ca('DigiCert High Assurance EV Root CA', { sha256: '00'.repeat(32) })], entries(), TODAY);
    expect(impostor.cas[0]?.inReport).toBe(false);
    expect(impostor.warnings.map((warning) => warning.kind)).toEqual(['missing']);
  });
});
