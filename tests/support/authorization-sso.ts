import type { JsonObject } from '../../plugins/portico/contract.ts';
import { createApp, type Runtime } from '../../server/app.ts';
import { providerSchema } from '../../server/oidc/provider-config.ts';
import { discoverProviders } from '../../server/oidc/providers.ts';
import type { LoadedSite } from '../../server/site/load-site.ts';
import { OidcBrowser, signInThrough } from './oidc-browser.ts';
import { startProvider, type TestProvider } from './oidc-provider.ts';
import { syntheticSite } from './synthetic-site.ts';
import { ORIGIN, TEST_APIS } from './test-portal.ts';

/**
 * The authorization matrix's people who sign in through OpenID Providers (decision 026), in the
 * deployment that has them: the insurer's staff provider (its group `claims-owners` owns the
 * Claims API, X; `platform-team` is the platform team) and a partner company's provider. Each
 * signs in through a real oidc-provider and the portal's own routes, so the account and the
 * session are written by the OIDC service, as in production.
 */

export const SSO_ACTORS = ['ssoOwnerX', 'ssoPlatform', 'ssoPartner'] as const;
export type SsoActor = (typeof SSO_ACTORS)[number];

interface SsoDeployment {
  identity: NonNullable<Runtime['identity']>;
  /** The catalog with X's owners group (x-portal.owners_group). */
  site: LoadedSite;
  /** The portal of this deployment over the world's database (safe requests). */
  app: ReturnType<typeof createApp>;
  cookieOf(actor: SsoActor): string;
  close(): Promise<void>;
}

const callback = (id: string) => `${ORIGIN}/api/auth/oidc/${id}/callback`;

export async function startSsoDeployment(base: Omit<Runtime, 'identity'>, specs: Record<string, JsonObject>): Promise<SsoDeployment> {
  const providers: TestProvider[] = [
    await startProvider({ clientId: 'portal', clientSecret: 'corp-secret', redirectUris: [callback('corp')], postLogoutUris: [] }),
    await startProvider({ clientId: 'portal-b', clientSecret: 'broker-secret', redirectUris: [callback('broker')], postLogoutUris: [] }),
  ];
  const [corp, partner] = providers as [TestProvider, TestProvider];
  const configs = [
    { id: 'corp', name: 'Insurer staff', issuer: corp.issuer, clientId: 'portal', clientSecret: 'corp-secret', scopes: 'openid email profile groups' },
    { id: 'broker', name: 'Partner Corp', issuer: partner.issuer, clientId: 'portal-b', clientSecret: 'broker-secret', audience: 'partners' },
  ].map((config) => providerSchema.parse({ ...config, platformGroups: ['platform-team'], adminGroups: ['portal-admins'] }));
  const identity = { providers: await discoverProviders(configs, ORIGIN), staffSessionTtlMs: 8 * 3_600_000 };
  const apis = TEST_APIS.map((api) => (api.slug === 'claims' ? { ...api, ownersGroup: 'claims-owners' } : api));
  const site = syntheticSite(apis, specs);
  const app = createApp({ site, runtime: { ...base, identity } });

  corp.people.set('olivia', { email: 'olivia@insurer.example', email_verified: true, name: 'Olivia Owner', groups: ['claims-owners'] });
  corp.people.set('percy', { email: 'percy@insurer.example', email_verified: true, name: 'Percy Platform', groups: ['platform-team'] });
  partner.people.set('pia', { email: 'pia@partner-corp.example', email_verified: true, name: 'Pia Partner' });
  const cookies = {
    ssoOwnerX: await signedIn(app, '/api/auth/oidc/corp/start', 'olivia'),
    ssoPlatform: await signedIn(app, '/api/auth/oidc/corp/start', 'percy'),
    ssoPartner: await signedIn(app, '/api/auth/oidc/broker/start?acceptGuidelines=true', 'pia'),
  };
  return {
    identity,
    site,
    app,
    cookieOf: (actor) => cookies[actor],
    close: async () => {
      await Promise.all(providers.map((provider) => provider.close()));
    },
  };
}

async function signedIn(app: ReturnType<typeof createApp>, start: string, login: string): Promise<string> {
  const browser = new OidcBrowser({ app });
  const landed = await signInThrough(browser, start, login);
  const cookie = browser.cookieHeader(ORIGIN);
  if (!landed.url.startsWith(ORIGIN) || !cookie.includes('portico_session='))
    throw new Error(`world set-up: ${login} did not sign in through ${start}: ${landed.response.status} ${landed.url}`);
  return cookie;
}
