import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../plugins/portico/spec/load-specs.ts';
import { createApp, type Runtime } from '../../server/app.ts';
import { NON_HTML_POLICY, SERVER_PAGE_POLICY, inlineScriptHashes, sitePolicy } from '../../server/middleware/security-headers/content-security-policy.ts';
import { attachContentSecurityPolicy, type StaticBundle } from '../../server/site/static-bundle.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { staticFile, syntheticSite } from '../support/synthetic-site.ts';
import { ORIGIN, TEST_APIS, createTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * Every kind of response the portal sends, in development and in production, with the
 * headers it must carry. The site's pages carry inline scripts like Docusaurus's, so the
 * hashes in the policy are checked against the scripts themselves.
 */

const HTML = 'text/html; charset=utf-8';
const COLOR_MODE = '!function(){document.documentElement.setAttribute("data-theme","light")}()';
const BANNER = 'document.addEventListener("DOMContentLoaded",function(){})';
const PRIVATE_ONLY = 'window.__claimsBuild=1';
const page = (title: string, script: string) =>
  `<!doctype html><html><head><script>${script}</script><script data-rh=true type=application/ld+json>{"@type":"BreadcrumbList"}</script><script src=/assets/js/main.0123abcd.js defer></script></head><body><h1>${title}</h1></body></html>`;
const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

let portal: TestPortal;
let dev: ReturnType<typeof createApp>;
let prod: ReturnType<typeof createApp>;
let publicPolicy: string;
let claimsPolicy: string;
let readerCookie: string;
let strangerCookie: string;
let bearer: string;
let clientBasic: string;

beforeAll(async () => {
  const quotes = (await loadSpec(path.join(projectRoot, 'openapi', 'quotes.yaml'))).api!.document;
  portal = await createTestPortal({}, { quotes });
  const site = syntheticSite(TEST_APIS, { quotes });
  site.publicBundle.set('/index.html', staticFile(page('Catalog', COLOR_MODE), HTML));
  site.publicBundle.set('/guides/index.html', staticFile(page('Guides', BANNER), HTML));
  site.publicBundle.set('/404.html', staticFile(page('Page not found', COLOR_MODE), HTML));
  publicPolicy = attachContentSecurityPolicy(site.publicBundle);
  const claims = site.privateBuilds.get('claims')!.bundle as StaticBundle;
  claims.set('/index.html', staticFile(page('Claims secret docs', PRIVATE_ONLY), HTML));
  claimsPolicy = attachContentSecurityPolicy(claims);
  for (const [slug, build] of site.privateBuilds) if (slug !== 'claims') attachContentSecurityPolicy(build.bundle);

  const runtime: Runtime = {
    db: portal.handle.db,
    siteUrl: ORIGIN,
    sessionPolicy: { ttlMs: 86_400_000 },
    secureCookies: false,
    devMailbox: true,
    limits: { signIn: 1000, register: 1000, reset: 1000 },
  };
  dev = createApp({ site, runtime });
  prod = createApp({ site, runtime, production: true });

  const reader = await registerVerified(portal, { ...BOB, username: 'claims.owner', email: 'claims-owner@insurer.example' });
  readerCookie = reader.client.cookie ?? '';
  const jane = await registerVerified(portal, JANE);
  strangerCookie = jane.client.cookie ?? '';
  const owner = await registerVerified(portal, { ...BOB, username: 'quotes.owner', email: 'quotes-owner@insurer.example' });
  const { clientId, clientSecret } = await (
    await jane.client.request('/api/apps', { json: { name: 'Broker app', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })
  ).json();
  const { id } = await (await jane.client.request(`/api/apps/${clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } })).json();
  await owner.client.request(`/api/owner/api-access/${id}/approve`, { method: 'POST' });
  clientBasic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  const issued = await dev.request(`${ORIGIN}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: clientBasic, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  bearer = (await issued.json()).access_token;
});
afterAll(async () => portal?.close());

interface Case {
  name: string;
  path: string;
  init?: { method?: string; headers?: Record<string, string>; body?: string };
  status: number;
  policy: (response: Response) => string;
}

/** A 404 under /api is JSON, or the site's HTML 404 page: either way the policy of its kind. */
const byKind = (response: Response) => ((response.headers.get('content-type') ?? '').startsWith('text/html') ? publicPolicy : NON_HTML_POLICY);

const CASES: Case[] = [
  { name: 'HTML page of the public build', path: '/', status: 200, policy: () => publicPolicy },
  {
    name: 'HTML page revalidated (304)',
    path: '/',
    init: { headers: { 'If-None-Match': `"${page('Catalog', COLOR_MODE).length}-false"` } },
    status: 304,
    policy: () => publicPolicy,
  },
  { name: 'another page of the public build', path: '/guides/', status: 200, policy: () => publicPolicy },
  { name: 'content-hashed asset', path: '/assets/js/main.0123abcd.js', status: 200, policy: () => NON_HTML_POLICY },
  { name: 'unknown page (the build’s 404 page)', path: '/no/such/page', status: 404, policy: () => publicPolicy },
  { name: 'JSON API', path: '/api/me', status: 200, policy: () => NON_HTML_POLICY },
  {
    name: 'JSON API error (bad JSON, through onError)',
    path: '/api/auth/sign-in',
    init: { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/json' }, body: '{not json' },
    status: 400,
    policy: () => NON_HTML_POLICY,
  },
  { name: 'unknown API route', path: '/api/nothing-here', status: 404, policy: byKind },
  { name: 'unknown API route, unsafe method', path: '/api/nothing-here', init: { method: 'POST', headers: { Origin: ORIGIN } }, status: 404, policy: byKind },
  { name: 'private page, approved reader', path: '/private/claims/', init: { headers: { Cookie: 'reader' } }, status: 200, policy: () => claimsPolicy },
  { name: 'private page, anonymous (sent to sign in)', path: '/private/claims/', status: 302, policy: () => NON_HTML_POLICY },
  {
    name: 'private page, signed in without access (server-rendered 403)',
    path: '/private/claims/',
    init: { headers: { Cookie: 'stranger' } },
    status: 403,
    policy: () => SERVER_PAGE_POLICY,
  },
  { name: 'sandbox call', path: '/sandbox/quotes/quotes', init: { headers: { Authorization: 'bearer' } }, status: 200, policy: () => NON_HTML_POLICY },
  { name: 'sandbox without a token', path: '/sandbox/quotes/quotes', status: 401, policy: () => NON_HTML_POLICY },
  {
    name: 'OAuth token endpoint',
    path: '/oauth/token',
    init: { method: 'POST', headers: { Authorization: 'client', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' },
    status: 200,
    policy: () => NON_HTML_POLICY,
  },
  { name: 'OAuth metadata', path: '/.well-known/oauth-authorization-server', status: 200, policy: () => NON_HTML_POLICY },
];

/** Placeholders in the table stand for values made in beforeAll. */
function resolveHeaders(headers: Record<string, string> = {}): Record<string, string> {
  const values: Record<string, string> = { reader: readerCookie, stranger: strangerCookie, bearer: `Bearer ${bearer}`, client: clientBasic };
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, values[value] ?? value]));
}

describe('security headers on every kind of response', () => {
  for (const [mode, production] of [
    ['development', false],
    ['production', true],
  ] as const) {
    for (const testCase of CASES) {
      it(`${mode}: ${testCase.name}`, async () => {
        const app = production ? prod : dev;
        const response = await app.request(`${ORIGIN}${testCase.path}`, { ...testCase.init, headers: resolveHeaders(testCase.init?.headers) });
        expect(response.status).toBe(testCase.status);
        const headers = response.headers;
        expect(headers.get('content-security-policy')).toBe(testCase.policy(response));
        expect(headers.get('x-content-type-options')).toBe('nosniff');
        expect(headers.get('referrer-policy')).toBe('no-referrer');
        expect(headers.get('x-frame-options')).toBe('DENY');
        expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
        expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
        expect(headers.get('permissions-policy')).toContain('camera=()');
        expect(headers.get('x-powered-by')).toBeNull();
        expect(headers.get('strict-transport-security')).toBe(production ? 'max-age=31536000; includeSubDomains' : null);
      });
    }
  }
});

describe('the policies themselves', () => {
  it("hashes each build's inline scripts, and only that build's", () => {
    expect(publicPolicy).toBe(sitePolicy([sha(COLOR_MODE), sha(BANNER)]));
    expect(publicPolicy).toContain(sha(COLOR_MODE));
    expect(publicPolicy).not.toContain(sha(PRIVATE_ONLY));
    expect(claimsPolicy).toContain(sha(PRIVATE_ONLY));
    expect(claimsPolicy).not.toContain(sha(BANNER));
  });

  it('locks scripts to the hashes: no unsafe-inline, no unsafe-eval, no other origin', () => {
    const directives = new Map(publicPolicy.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]));
    // 'wasm-unsafe-eval': WebAssembly may compile (the search box, decision 033); eval may not.
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", ...[sha(COLOR_MODE), sha(BANNER)].sort()]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
    expect(directives.get('font-src')).toEqual(["'self'", 'data:']);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'self'"]);
    expect(directives.get('form-action')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    for (const policy of [publicPolicy, claimsPolicy, SERVER_PAGE_POLICY, NON_HTML_POLICY]) {
      expect(policy).not.toMatch(/(?<!wasm-)unsafe-eval|script-src[^;]*unsafe-inline|\*/);
      expect(policy).toContain("frame-ancestors 'none'");
    }
    expect(SERVER_PAGE_POLICY).toContain("default-src 'none'");
  });

  it('hashes what the browser executes: plain and module scripts, not src= or JSON-LD; CRLF read as LF', () => {
    const html = [
      '<script>a()</script>',
      '<script type="module">b()</script>',
      "<script type='text/javascript'>c()</script>",
      '<script type=application/ld+json>{"d":1}</script>',
      '<script src="/e.js"></script>',
      '<script data-src=x>f()</script>',
      '<SCRIPT>g()\r\nh()</SCRIPT >',
    ].join('\n');
    expect(inlineScriptHashes(html)).toEqual([sha('a()'), sha('b()'), sha('c()'), sha('f()'), sha('g()\nh()')]);
    expect(inlineScriptHashes('<p>no script</p>')).toEqual([]);
  });
});
