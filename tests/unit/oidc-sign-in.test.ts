import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../../server/db/schema.ts';
import { discoverProviders } from '../../server/oidc/providers.ts';
import { providerSchema } from '../../server/oidc/provider-config.ts';
import { registerVerified } from '../support/make-admin.ts';
import { OidcBrowser, signInThrough } from '../support/oidc-browser.ts';
import { startProvider, type TestProvider } from '../support/oidc-provider.ts';
import { JANE } from '../support/people.ts';
import { ORIGIN, TEST_APIS, createTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * Staff (and partners) sign in through a real OpenID Provider (issue 21): oidc-provider on
 * loopback, the portal in-process, a browser that follows the redirects and posts the
 * provider's login and consent forms.
 */

const CALLBACK = (id: string) => `${ORIGIN}/api/auth/oidc/${id}/callback`;
let corp: TestProvider;
let partner: TestProvider;
let portal: TestPortal;

beforeAll(async () => {
  // The Claims API's owners are a group of the insurer's provider (x-portal.owners_group).
  const claims = TEST_APIS.find((api) => api.slug === 'claims');
  if (claims) claims.ownersGroup = 'claims-owners';
  corp = await startProvider({ clientId: 'portal', clientSecret: 'corp-secret', redirectUris: [CALLBACK('corp')], postLogoutUris: [`${ORIGIN}/signin`] });
  partner = await startProvider({ clientId: 'portal-b', clientSecret: 'broker-secret', redirectUris: [CALLBACK('broker')], postLogoutUris: [] });
  const providers = await discoverProviders(
    [
      providerSchema.parse({
        id: 'corp',
        name: 'Insurer staff',
        issuer: corp.issuer,
        clientId: 'portal',
        clientSecret: 'corp-secret',
        scopes: 'openid email profile groups',
        adminGroups: ['portal-admins'],
        platformGroups: ['platform-team'],
      }),
      providerSchema.parse({
        id: 'broker',
        name: 'Broker Partner SA',
        issuer: partner.issuer,
        clientId: 'portal-b',
        clientSecret: 'broker-secret',
        audience: 'partners',
      }),
    ],
    ORIGIN,
  );
  portal = await createTestPortal({ identity: { providers, staffSessionTtlMs: 8 * 3_600_000 } });
});

afterAll(async () => {
  await portal?.close();
  await corp?.close();
  await partner?.close();
});

beforeEach(() => {
  corp.tamper = 'none';
});

async function me(browser: OidcBrowser) {
  const response = await browser.fetch(`${ORIGIN}/api/me`);
  const body = (await response.json()) as { user: { email: string; role: string; decidableApis: string[]; permissions: { manageCaRegistry: boolean } } | null };
  return { user: body.user, decidableApis: body.user?.decidableApis, permissions: body.user?.permissions };
}

describe('staff sign in through the insurer provider (happy)', () => {
  it('lists the providers for the sign-in page', async () => {
    const response = await new OidcBrowser(portal).fetch(`${ORIGIN}/api/auth/providers`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      providers: [
        { id: 'corp', name: 'Insurer staff', audience: 'staff', startPath: '/api/auth/oidc/corp/start' },
        { id: 'broker', name: 'Broker Partner SA', audience: 'partners', startPath: '/api/auth/oidc/broker/start' },
      ],
    });
  });

  it('a member of the owners group signs in, decides a request for the API, and loses it when the group is removed', async () => {
    corp.people.set('olivia', { email: 'olivia@insurer.example', email_verified: true, name: 'Olivia Owner', groups: ['claims-owners'] });
    const browser = new OidcBrowser(portal);
    const landed = await signInThrough(browser, '/api/auth/oidc/corp/start?next=/owner', 'olivia');
    expect(landed.url).toBe(`${ORIGIN}/owner`);
    const first = await me(browser);
    expect(first.user?.email).toBe('olivia@insurer.example');
    expect(first.decidableApis).toEqual(['claims']);

    const jane = await registerVerified(portal, JANE);
    const asked = await jane.client.request('/api/doc-access/requests', {
      json: { apiSlug: 'claims', justification: 'We build the claims intake for Broker Partner SA.' },
    });
    expect(asked.status).toBe(201);
    const { id } = (await asked.json()) as { id: string };
    const approved = await browser.fetch(`${ORIGIN}/api/owner/requests/${id}/approve`, { method: 'POST', json: {} });
    expect(approved.status).toBe(200);

    corp.people.set('olivia', { email: 'olivia@insurer.example', email_verified: true, name: 'Olivia Owner', groups: [] });
    const again = new OidcBrowser(portal);
    await signInThrough(again, '/api/auth/oidc/corp/start?next=/owner', 'olivia');
    expect((await me(again)).decidableApis).toEqual([]);
  });

  it('an owner the provider vouches for is not told to wait for an admin or to confirm an address (/api/me)', async () => {
    // Listed by address (x-portal.owners of claims), and in the owners group of nothing.
    corp.people.set('claire', { email: 'claims-owner@insurer.example', email_verified: true, name: 'Claire Claims', groups: [] });
    const byAddress = new OidcBrowser(portal);
    await signInThrough(byAddress, '/api/auth/oidc/corp/start', 'claire');
    const listed = (await (await byAddress.fetch(`${ORIGIN}/api/me`)).json()) as { user: { ownedApis: string[]; ownerConfirmationPending: string[] } };
    expect(listed.user.ownedApis).toEqual(['claims']);
    expect(listed.user.ownerConfirmationPending).toEqual([]);

    corp.people.set('gus', { email: 'gus@insurer.example', email_verified: true, name: 'Gus Group', groups: ['claims-owners'] });
    const byGroup = new OidcBrowser(portal);
    await signInThrough(byGroup, '/api/auth/oidc/corp/start', 'gus');
    const grouped = (await (await byGroup.fetch(`${ORIGIN}/api/me`)).json()) as { user: { ownedApis: string[]; ownerConfirmationPending: string[] } };
    expect(grouped.user.ownedApis).toEqual(['claims']);
    expect(grouped.user.ownerConfirmationPending).toEqual([]);
  });

  it('maps the platform-team group to the platform role, and a staff session is short', async () => {
    corp.people.set('pat', { email: 'pat@insurer.example', email_verified: true, name: 'Pat Platform', groups: ['platform-team'] });
    const browser = new OidcBrowser(portal);
    await signInThrough(browser, '/api/auth/oidc/corp/start', 'pat');
    const answer = await me(browser);
    expect(answer.user?.role).toBe('platform');
    expect(answer.permissions?.manageCaRegistry).toBe(true);
  });
});

describe('refused sign-ins (security)', () => {
  for (const tamper of ['signature', 'aud', 'iss', 'nonce', 'expired'] as const) {
    it(`refuses an ID token with a tampered ${tamper} with a clear 400, never a session`, async () => {
      corp.people.set('eve', { email: 'eve@insurer.example', email_verified: true, name: 'Eve', groups: ['portal-admins'] });
      corp.tamper = tamper;
      const browser = new OidcBrowser(portal);
      const landed = await signInThrough(browser, '/api/auth/oidc/corp/start', 'eve');
      expect(landed.response.status).toBe(400);
      const body = (await landed.response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('sign_in_refused');
      expect(body.error.message).toMatch(/did not sign you in/);
      expect((await me(browser)).user).toBeNull();
    });
  }

  it('refuses a replayed state: the callback works once', async () => {
    corp.people.set('rita', { email: 'rita@insurer.example', email_verified: true, name: 'Rita' });
    const browser = new OidcBrowser(portal);
    let callback = '';
    const original = browser.fetch.bind(browser);
    browser.fetch = async (url, init) => {
      if (url.startsWith(CALLBACK('corp'))) callback = url;
      return original(url, init);
    };
    await signInThrough(browser, '/api/auth/oidc/corp/start', 'rita');
    expect(callback).not.toBe('');
    const replay = await original(callback);
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: { message: string } }).error.message).toMatch(/already completed or has expired/);
    // A person's browser (it asks for HTML) gets a page saying why and where to go, same status.
    const page = await portal.app.request(callback, { headers: { Accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<h1>Sign-in refused</h1>');
    expect(html).toMatch(/already completed or has expired/);
    expect(html).toContain('href="/signin"');
  });

  it('refuses a callback from another browser (the state cookie is missing)', async () => {
    corp.people.set('sam', { email: 'sam@insurer.example', email_verified: true, name: 'Sam' });
    const browser = new OidcBrowser(portal);
    let callback = '';
    const original = browser.fetch.bind(browser);
    browser.fetch = async (url, init) => {
      if (url.startsWith(CALLBACK('corp')) && !callback) {
        callback = url;
        return new Response(null, { status: 204 });
      }
      return original(url, init);
    };
    await signInThrough(browser, '/api/auth/oidc/corp/start', 'sam');
    const victim = new OidcBrowser(portal);
    const response = await victim.fetch(callback);
    expect(response.status).toBe(400);
    expect((await me(victim)).user).toBeNull();
  });

  it('refuses an address the provider has not verified', async () => {
    corp.people.set('una', { email: 'una@insurer.example', email_verified: false, name: 'Una', groups: ['portal-admins'] });
    const landed = await signInThrough(new OidcBrowser(portal), '/api/auth/oidc/corp/start', 'una');
    expect(landed.response.status).toBe(400);
    expect(((await landed.response.json()) as { error: { message: string } }).error.message).toMatch(/has not verified una@insurer.example/);
  });

  it('a provider account cannot sign in with a password', async () => {
    const client = portal.client();
    const response = await client.request('/api/auth/sign-in', { json: { identifier: 'olivia@insurer.example', password: '!provider:anything-at-all' } });
    expect(response.status).toBe(401);
  });

  it('a local admin account has no staff role once staff sign in through a provider', async () => {
    const { registerAdmin } = await import('../support/make-admin.ts');
    const admin = await registerAdmin(portal);
    const answer = (await (await admin.client.request('/api/me')).json()) as { user: { role: string; permissions: { manageUsers: boolean } } };
    expect(answer.user.role).toBe('consumer');
    expect(answer.user.permissions.manageUsers).toBe(false);
  });
});

describe('partners through their company provider', () => {
  it('signs a partner with a business address in as a consumer, with the guidelines accepted at start', async () => {
    partner.people.set('bob', { email: 'bob@broker-partner.example', email_verified: true, name: 'Bob Broker' });
    const browser = new OidcBrowser(portal);
    const landed = await signInThrough(browser, '/api/auth/oidc/broker/start?acceptGuidelines=true', 'bob');
    expect(landed.url).toBe(`${ORIGIN}/dashboard`);
    expect((await me(browser)).user?.role).toBe('consumer');
  });

  it('refuses a partner who has not accepted the guidelines', async () => {
    const response = await new OidcBrowser(portal).fetch(`${ORIGIN}/api/auth/oidc/broker/start`);
    expect(response.status).toBe(422);
  });

  it('keeps the business-email rule: a free mail address is refused', async () => {
    partner.people.set('fred', { email: 'fred@gmail.com', email_verified: true, name: 'Fred' });
    const landed = await signInThrough(new OidcBrowser(portal), '/api/auth/oidc/broker/start?acceptGuidelines=true', 'fred');
    expect(landed.response.status).toBe(422);
    const { error } = (await landed.response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('email_refused');
    // Said for a sign-in through a provider (which address, from whom, what to do), not the registration form's words.
    expect(error.message).toMatch(/^Broker Partner SA signed you in as fred@gmail\.com, but gmail\.com is a personal email provider\./);
    expect(error.message).toMatch(/ask your company's administrator/);
    const created = await portal.handle.db.select().from(users).where(eq(users.email, 'fred@gmail.com'));
    expect(created).toEqual([]);
  });
});
