import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { staticFile, syntheticSite } from '../support/synthetic-site.ts';
import { ORIGIN, TEST_APIS, createTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * The public build is answered first, from headers computed on a file's first response and
 * replayed after: a replayed answer must be the very answer the first one was.
 */

let portal: TestPortal;
beforeEach(async () => {
  portal = await createTestPortal();
});
afterEach(async () => portal.close());

async function snapshot(response: Response) {
  const headers = [...response.headers].sort(([a], [b]) => a.localeCompare(b));
  return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()).toString('base64') };
}

const VARIANTS: Array<[string, RequestInit]> = [
  ['brotli', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } }],
  ['gzip', { headers: { 'Accept-Encoding': 'gzip' } }],
  ['brotli refused', { headers: { 'Accept-Encoding': 'br;q=0, gzip' } }],
  ['identity', { headers: {} }],
  ['HEAD', { method: 'HEAD', headers: { 'Accept-Encoding': 'br' } }],
];

describe('public files answered before the application', () => {
  it('replays exactly the first answer, security headers included, for every encoding, HEAD and 304', async () => {
    for (const path of ['/', '/catalog/claims', '/assets/js/main.0123abcd.js']) {
      for (const [label, init] of VARIANTS) {
        const first = await snapshot(await portal.app.request(`${ORIGIN}${path}`, init));
        const again = await snapshot(await portal.app.request(`${ORIGIN}${path}`, init));
        expect(again, `${path} ${label}`).toEqual(first);
        expect(first.status).toBe(200);
      }
      const etag = (await portal.app.request(`${ORIGIN}${path}`)).headers.get('ETag') ?? '';
      const notModified = [
        await portal.app.request(`${ORIGIN}${path}`, { headers: { 'If-None-Match': etag } }),
        await portal.app.request(`${ORIGIN}${path}`, { headers: { 'If-None-Match': `W/${etag}` } }),
      ];
      expect(notModified.map((response) => response.status)).toEqual([304, 304]);
      expect(await snapshot(notModified[1] as Response)).toEqual(await snapshot(notModified[0] as Response));
    }
    const page = await portal.app.request(`${ORIGIN}/`, { headers: { 'Accept-Encoding': 'br' } });
    expect(page.headers.get('Content-Encoding')).toBe('br');
    expect(page.headers.get('Cache-Control')).toBe('no-cache');
    // Set by the security headers middleware on the first answer, replayed since.
    for (const header of ['X-Frame-Options', 'Cross-Origin-Opener-Policy', 'Referrer-Policy']) expect(page.headers.get(header), header).toBeTruthy();
    const asset = await portal.app.request(`${ORIGIN}/assets/js/main.0123abcd.js`);
    expect(asset.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
  });

  it('never reads the database for a public file, signed in or not', async () => {
    const signedIn = portal.client();
    signedIn.cookie = `portico_session=ses_${'A'.repeat(20)}.${'B'.repeat(43)}`;
    portal.handle.close();
    for (const path of ['/', '/catalog/claims', '/assets/js/main.0123abcd.js']) {
      const response = await signedIn.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    // The application itself does need it: the same client asking /api/me gets an error, not a page.
    expect((await signedIn.request('/api/me')).status).toBeGreaterThanOrEqual(500);
  });

  it('does not shadow the application: its routes win over a build file at an API, OAuth, sandbox or private path', async () => {
    const site = syntheticSite(TEST_APIS);
    const html = 'text/html; charset=utf-8';
    for (const path of ['/api/openapi.json', '/api/me/index.html', '/.well-known/jwks.json', '/sandbox/quotes/quotes', '/private/claims/index.html']) {
      site.publicBundle.set(path, staticFile(`<h1>planted at ${path}</h1>`, html));
    }
    const app = createApp({
      site,
      runtime: { db: portal.handle.db, siteUrl: ORIGIN, sessionPolicy: { ttlMs: 86_400_000 }, secureCookies: false, devMailbox: false },
    });
    const answers = await Promise.all(
      ['/api/openapi.json', '/api/me', '/.well-known/jwks.json', '/sandbox/quotes/quotes', '/private/claims/'].map(
        async (path) => [path, await (await app.request(`${ORIGIN}${path}`, { redirect: 'manual' })).text()] as const,
      ),
    );
    for (const [path, text] of answers) expect(text, path).not.toContain('planted');
    expect((await app.request(`${ORIGIN}/private/claims/`, { redirect: 'manual' })).status).toBe(302);
  });
});
