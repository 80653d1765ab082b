import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCertificates } from '../../server/certificates/parse-certificates.ts';
import { registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestClient, type TestPortal } from '../support/test-portal.ts';

const BEGIN = '-----BEGIN CERTIFICATE-----\n';
const unclosedMarkers = (bytes: number) => BEGIN.repeat(Math.ceil(bytes / BEGIN.length)).slice(0, bytes);

/** The fastest of several rounds, each long enough for the clock (machines are noisy: compare, never assert milliseconds). */
function timeOf(input: string): number {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    let runs = 0;
    const start = performance.now();
    do {
      parseCertificates(input);
      runs++;
    } while (performance.now() - start < 25);
    best = Math.min(best, (performance.now() - start) / runs);
  }
  return best;
}

describe('the PEM parser', () => {
  it('is linear on unclosed BEGIN markers: 8× the input takes well under 16× the time', () => {
    const small = unclosedMarkers(8 * 1024);
    const large = unclosedMarkers(64 * 1024);
    timeOf(small);
    const ratio = timeOf(large) / timeOf(small);
    expect(ratio).toBeLessThan(16);
  });

  it('refuses too many certificates before reading any, and a block without its END marker', () => {
    expect(parseCertificates(unclosedMarkers(60 * 1024))).toMatchObject({ ok: false, code: 'too_many', message: expect.stringContaining('at most') });
    expect(parseCertificates(`${BEGIN}MIIB${'A'.repeat(40_000)}`)).toMatchObject({ ok: false, code: 'unreadable' });
    expect(parseCertificates(`${BEGIN}${BEGIN}MIIB\n-----END CERTIFICATE-----\n`)).toMatchObject({ ok: false, code: 'unreadable' });
  });
});

describe('certificate uploads', () => {
  let portal: TestPortal;
  let jane: { client: TestClient; id: string };
  beforeEach(async () => {
    portal = await createTestPortal();
    jane = await registerVerified(portal, JANE);
  });
  afterEach(async () => portal.close());

  it('a 60 KB file of unclosed BEGIN markers answers 4xx at once, nothing stored', async () => {
    const response = await jane.client.request('/api/certificates', { json: { certificate: unclosedMarkers(59_000), apiSlug: 'claims' } });
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toContain('certificates');
  });

  it('are limited per user: the 31st upload within an hour is refused with 429, another user is not', async () => {
    for (let index = 0; index < 30; index++) {
      expect((await jane.client.request('/api/certificates', { json: { certificate: `${BEGIN}junk ${index}`, apiSlug: 'claims' } })).status).toBe(422);
    }
    const limited = await jane.client.request('/api/certificates', { json: { certificate: `${BEGIN}junk`, apiSlug: 'claims' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect((await limited.json()).error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('Try again') });
    // Same address, another account: its own allowance.
    const bob = await registerVerified(portal, BOB);
    expect((await bob.client.request('/api/certificates', { json: { certificate: `${BEGIN}junk`, apiSlug: 'claims' } })).status).toBe(422);
  });
});
