import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/portal/safe-next.ts';

/**
 * Security issue #13, Medium 1: after sign-in the page goes to `next`. Browsers strip tab, CR
 * and LF from URLs and read a backslash as a slash, so a string check on the raw value was
 * passed by `/\t/evil.example`. Every value below is what URLSearchParams.get hands the page
 * (already percent-decoded once), as an attacker would write it in a link.
 */
const ORIGIN = 'https://portal.example';
const fromLink = (query: string) => new URLSearchParams(query).get('next');

describe('safeNextPath: where the sign-in page goes afterwards', () => {
  it.each([
    ['next=/%09/evil.example'],
    ['next=/%0a/evil.example'],
    ['next=/%0d/evil.example'],
    ['next=%09//evil.example'],
    ['next=/%0d%0a/evil.example'],
    ['next=/%5Cevil.example'],
    ['next=%5C%5Cevil.example'],
    ['next=%2F%2Fevil.example'],
    ['next=//evil.example'],
    ['next=https://evil.example'],
    ['next=javascript:alert(1)'],
    ['next=%20javascript:alert(1)'],
    ['next=/.//evil.example'],
    ['next=/..//evil.example'],
    ['next=/%2e%2e//evil.example'],
    ['next=data:text/html,<script>alert(1)</script>'],
    ['next=http://portal.example.evil.example/'],
    ['next=https://portal.example@evil.example/'],
  ])('refuses %s', (query) => {
    const next = fromLink(query);
    const target = safeNextPath(next, ORIGIN);
    expect(target).toBe('/dashboard');
    expect(new URL(target, ORIGIN).origin).toBe(ORIGIN);
  });

  it.each([['/\t/evil.example'], ['/\n/evil.example'], ['/\r/evil.example'], ['/\\evil.example'], ['\\\\evil.example'], ['/\u0000/evil.example']])(
    'refuses the raw control character or backslash in %j',
    (next) => {
      expect(safeNextPath(next, ORIGIN)).toBe('/dashboard');
    },
  );

  it('keeps a same-site path with its query and fragment', () => {
    expect(safeNextPath(fromLink('next=%2Fok%2Fpath%3Fx%3D1%23y'), ORIGIN)).toBe('/ok/path?x=1#y');
    expect(safeNextPath('/private/claims/', ORIGIN)).toBe('/private/claims/');
  });

  it('keeps a doubly-encoded value as the harmless same-site path it is', () => {
    // `%2509` reaches the page as the three characters "%09": a path segment, not a tab.
    const target = safeNextPath(fromLink('next=/%2509/evil.example'), ORIGIN);
    expect(new URL(target, ORIGIN).origin).toBe(ORIGIN);
    expect(target.startsWith('/%09/')).toBe(true);
  });

  it('accepts an absolute URL of the portal itself, as a path', () => {
    expect(safeNextPath('https://portal.example/apps?x=1', ORIGIN)).toBe('/apps?x=1');
  });

  it('resolves a scheme-relative trick the way a browser does: on this portal', () => {
    // Same scheme as the base, no slashes: the URL parser reads a relative path, not a host.
    expect(safeNextPath('https:evil.example', ORIGIN)).toBe('/evil.example');
  });

  it('falls back when there is no next at all', () => {
    expect(safeNextPath(null, ORIGIN)).toBe('/dashboard');
    expect(safeNextPath('', ORIGIN)).toBe('/dashboard');
  });
});
