import { describe, expect, it } from 'vitest';
import { createRecentReaders } from '../../server/middleware/private-gate/recent-readers.ts';
import { registerVerified } from '../support/make-admin.ts';
import { BOB } from '../support/people.ts';
import { createTestPortal } from '../support/test-portal.ts';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const TOKEN = `ses_${'a'.repeat(20)}.${'b'.repeat(43)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the gate's recent admissions", () => {
  it('admits again only the same token, to the same API, while its session lasts', () => {
    const readers = createRecentReaders({ ttlMs: 60_000 });
    readers.remember(TOKEN, 'claims', NOW + 1000, readers.generation());
    expect(readers.allows(TOKEN, 'claims', NOW)).toBe(true);
    expect(readers.allows(TOKEN, 'payments', NOW)).toBe(false);
    expect(readers.allows(`${TOKEN.slice(0, -1)}c`, 'claims', NOW)).toBe(false);
    expect(readers.allows(TOKEN, 'claims', NOW + 1000)).toBe(false);
  });

  it('forgets after its time to live, and at once on forget()', async () => {
    const readers = createRecentReaders({ ttlMs: 50 });
    readers.remember(TOKEN, 'claims', NOW + 60_000, readers.generation());
    expect(readers.allows(TOKEN, 'claims', NOW)).toBe(true);
    await sleep(80);
    expect(readers.allows(TOKEN, 'claims', NOW)).toBe(false);
    readers.remember(TOKEN, 'claims', NOW + 60_000, readers.generation());
    readers.forget();
    expect(readers.allows(TOKEN, 'claims', NOW)).toBe(false);
  });

  it('does not remember an admission checked before a forget (a revocation landed meanwhile)', () => {
    const readers = createRecentReaders({ ttlMs: 60_000 });
    const checkedIn = readers.generation();
    readers.forget();
    readers.remember(TOKEN, 'claims', NOW + 60_000, checkedIn);
    expect(readers.allows(TOKEN, 'claims', NOW)).toBe(false);
  });

  it('stays within its bound', () => {
    const readers = createRecentReaders({ ttlMs: 60_000, maxEntries: 3 });
    const tokens = ['1', '2', '3', '4'].map((digit) => TOKEN.replace('a', digit));
    for (const token of tokens) readers.remember(token, 'claims', NOW + 60_000, readers.generation());
    expect(tokens.map((token) => readers.allows(token, 'claims', NOW))).toEqual([false, false, false, true]);
  });
});

describe('the gate with recent admissions, in the app', () => {
  it("serves an admitted reader's next pages from memory for a second, the same answer as the gate gave, then asks the database again", async () => {
    const portal = await createTestPortal();
    try {
      const owner = await registerVerified(portal, { ...BOB, username: 'claims.owner', email: 'claims-owner@insurer.example' });
      const first = await owner.client.request('/private/claims/', { headers: { 'Accept-Encoding': 'br' } });
      expect(first.status).toBe(200);
      const firstHeaders = [...first.headers].sort(([a], [b]) => a.localeCompare(b));
      expect(first.headers.get('Cache-Control')).toBe('private, no-cache');
      // No database at all now: only the remembered admission can answer.
      portal.handle.close();
      const again = await owner.client.request('/private/claims/', { headers: { 'Accept-Encoding': 'br' } });
      expect(again.status).toBe(200);
      expect([...again.headers].sort(([a], [b]) => a.localeCompare(b))).toEqual(firstHeaders);
      expect(Buffer.from(await again.arrayBuffer())).toEqual(Buffer.from(await first.arrayBuffer()));
      // Another API was never admitted; a planted cookie with the same session id and another secret neither.
      expect((await owner.client.request('/private/payments/')).status).toBeGreaterThanOrEqual(500);
      const forged = portal.client();
      forged.cookie = `${owner.client.cookie?.split('.')[0]}.${'x'.repeat(43)}`;
      expect((await forged.request('/private/claims/')).status).toBeGreaterThanOrEqual(500);
      await sleep(1100);
      expect((await owner.client.request('/private/claims/')).status).toBeGreaterThanOrEqual(500);
    } finally {
      await portal.close().catch(() => undefined);
    }
  });
});
