import { describe, expect, it } from 'vitest';
import { EXPIRY_WARNING_DAYS, caState } from '../../server/rules/ca-state.ts';

const DAY = 86_400_000;
const today = Date.parse('2026-12-02T10:00:00Z');
const ca = (overrides: Partial<Parameters<typeof caState>[0]> = {}) => ({
  hasCertificate: true,
  notBefore: Date.parse('2010-01-01T00:00:00Z'),
  notAfter: Date.parse('2040-01-01T00:00:00Z'),
  retiredAt: null,
  ...overrides,
});

describe('a CA’s state in words, from today’s date', () => {
  it('the guidelines’ Entrust root, expired on 2026-11-27, is expired on 2026-12-02 (not "expires soon")', () => {
    const entrust = ca({ notBefore: Date.parse('2006-11-27T20:23:42Z'), notAfter: Date.parse('2026-11-27T20:53:42Z') });
    expect(caState(entrust, today)).toEqual({ state: 'expired', days: 4, words: 'expired 4 days ago', acceptsNew: false });
  });

  it('active, expiring in N days within the warning, awaiting its certificate, not valid yet, retired', () => {
    expect(caState(ca(), today)).toEqual({ state: 'active', days: null, words: 'active', acceptsNew: true });
    expect(caState(ca({ notAfter: today + 30 * DAY }), today)).toMatchObject({ state: 'expiring', days: 30, words: 'expiring in 30 days', acceptsNew: true });
    expect(caState(ca({ notAfter: today + 1 }), today)).toMatchObject({ words: 'expiring in 1 day' });
    expect(caState(ca({ notAfter: today + (EXPIRY_WARNING_DAYS + 1) * DAY }), today).state).toBe('active');
    expect(caState(ca({ hasCertificate: false, notBefore: null, notAfter: null }), today)).toMatchObject({
      state: 'awaiting_certificate',
      words: 'awaiting its certificate',
      acceptsNew: false,
    });
    expect(caState(ca({ notBefore: today + DAY }), today)).toMatchObject({ state: 'not_yet_valid', acceptsNew: false });
    expect(caState(ca({ retiredAt: today - DAY }), today)).toMatchObject({ state: 'retired', words: 'retired', acceptsNew: false });
  });

  it('retired wins over expired; the very moment of expiry is expired', () => {
    expect(caState(ca({ notAfter: today - DAY, retiredAt: today }), today).state).toBe('retired');
    expect(caState(ca({ notAfter: today }), today)).toMatchObject({ state: 'expired', words: 'expired today' });
  });
});
