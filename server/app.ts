import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ManifestApi } from '../plugins/portico/contract.ts';
import { createApi, type ApiOptions } from './api.ts';
import type { SessionPolicy } from './auth/session.ts';
import type { Database } from './db/client.ts';
import type { AppEnv } from './http/env.ts';
import { handleError } from './http/errors.ts';
import { privateGate } from './middleware/private-gate/index.ts';
import { securityHeaders } from './middleware/security-headers/index.ts';
import { downloadRoutes } from './routes/downloads.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { sandboxRoutes } from './routes/sandbox.ts';
import { possessionRoutes } from './tls/possession-route.ts';
import { DEFAULT_MTLS_PORT } from './tls/mtls-listener.ts';
import { sessionCookie, sessionCookieName } from './middleware/session-cookie/index.ts';
import { admittedPrivateFiles, createRecentReaders, type RecentReaders } from './middleware/private-gate/recent-readers.ts';
import { sendFile, staticFiles } from './middleware/static-files/index.ts';
import { publicFiles } from './middleware/static-files/public-files.ts';
import { clientAddressBehind } from './middleware/rate-limit/index.ts';
import { renderPrivateDocsDenied } from './pages/private-docs-denied.ts';
import { can } from './rules/permissions.ts';
import { createServiceContext, type ServiceContext, type ServiceContextOptions } from './services/context.ts';
import { loadActor } from './services/actors.ts';
import { pendingRequestOf } from './services/doc-access.ts';
import type { LoadedSite } from './site/load-site.ts';

/** The accounts side of the portal: without it the app serves the site and refuses every private page. */
export interface Runtime {
  db: Database;
  siteUrl: string;
  sessionPolicy: SessionPolicy;
  secureCookies: boolean;
  devMailbox: boolean;
  limits?: ApiOptions['limits'];
  /** Reverse proxies in front (TRUSTED_PROXY_HOPS): the rate limits then key on X-Forwarded-For. */
  trustedProxyHops?: number;
  /** The mTLS listener's port (MTLS_PORT), shown to holders proving their certificate; 'off' when there is none. */
  mtlsPort?: number | 'off';
  /** The OpenID Providers discovered at start (PORTICO_OIDC_PROVIDERS) and the staff session lifetime; absent: passwords only. */
  identity?: ServiceContextOptions['identity'];
  /** SANDBOX_TOKEN_TTL_SECONDS. */
  tokenTtlSeconds?: number;
  now?: () => number;
}

export interface AppOptions {
  site: LoadedSite;
  /** HTTPS-only headers (HSTS) are sent in production only: on http://localhost they only get in the way. */
  production?: boolean;
  runtime?: Runtime;
  /** Overrides the policy's answer for private docs (tests of the gate alone). */
  canReadPrivateDocs?: (c: Context<AppEnv>, api: ManifestApi) => boolean | Promise<boolean>;
}

export function createApp(options: AppOptions): Hono<AppEnv> {
  const { site, runtime } = options;
  const app = new Hono<AppEnv>();
  const notFoundPage = site.publicBundle.get('/404.html');
  const notFound = (c: Context) => (notFoundPage ? sendFile(c, notFoundPage, 'no-cache', 404) : c.text('Not found', 404));

  app.onError((error, c) => handleError(error, c));
  const security = securityHeaders({ production: options.production ?? false });
  const readers = createRecentReaders({ ttlMs: RECENT_READER_MS });
  app.use(publicFiles({ bundle: site.publicBundle, isApplicationPath, decorate: security }));
  const services = runtime ? servicesOf(runtime, site) : undefined;
  if (runtime && services && !options.canReadPrivateDocs) {
    app.use(
      admittedPrivateFiles({
        builds: site.privateBuilds,
        readers,
        cookieName: sessionCookieName(runtime.secureCookies),
        now: services.now,
        decorate: security,
      }),
    );
  }
  app.use(security);
  if (runtime && services) mountAccounts(app, runtime, services, site, readers);
  app.use(
    privateGate({
      builds: site.privateBuilds,
      canRead: options.canReadPrivateDocs ?? (runtime ? readByPolicy(readers, sessionCookieName(runtime.secureCookies)) : () => false),
      deny: denyPrivateDocs,
      notFound,
    }),
  );
  app.use(staticFiles({ bundle: site.publicBundle }));
  app.notFound(notFound);
  return app;
}

/** What the application answers itself; everything else may be a file of the public build. */
const APPLICATION_PATH = /^\/(api|private)(\/|$)|^\/(oauth|sandbox|downloads|\.well-known|possession)\//;

function isApplicationPath(path: string): boolean {
  return APPLICATION_PATH.test(path);
}

/** How long the gate reuses a reader's admission (decision 017). */
const RECENT_READER_MS = 1000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** One service context per app: every request's services, and the gate's clock. */
function servicesOf(runtime: Runtime, site: LoadedSite): ServiceContext {
  return createServiceContext({
    db: runtime.db,
    siteUrl: runtime.siteUrl,
    manifest: site.manifest,
    now: runtime.now,
    mtlsPort: runtime.mtlsPort ?? DEFAULT_MTLS_PORT,
    identity: runtime.identity,
    tokenTtlSeconds: runtime.tokenTtlSeconds,
  });
}

function mountAccounts(app: Hono<AppEnv>, runtime: Runtime, services: ServiceContext, site: LoadedSite, readers: RecentReaders): void {
  app.use(async (c, next) => {
    c.set('services', services);
    await next();
  });
  const session = sessionCookie({ db: runtime.db, policy: runtime.sessionPolicy, secure: runtime.secureCookies, now: services.now });
  app.use(async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return session(c, next);
    // Anything that may change who reads what (sign out, revoke, roles) drops every admission, before and after.
    readers.forget();
    await session(c, next);
    readers.forget();
  });
  app.route('/', oauthRoutes(site.specs));
  app.route('/', sandboxRoutes(site.specs));
  app.route('/', downloadRoutes(site.specs));
  app.route('/', possessionRoutes({ db: runtime.db, clientAddress: clientAddressBehind(runtime.trustedProxyHops ?? 0) }));
  app.route(
    '/api',
    createApi({
      db: runtime.db,
      sessionPolicy: runtime.sessionPolicy,
      secureCookies: runtime.secureCookies,
      allowedOrigins: [runtime.siteUrl],
      devMailbox: runtime.devMailbox,
      limits: runtime.limits,
      clientAddress: clientAddressBehind(runtime.trustedProxyHops ?? 0),
    }),
  );
}

/** The policy's answer; an admission is remembered so the reader's next pages skip the lookup (decision 017). */
function readByPolicy(readers: RecentReaders, cookieName: string) {
  return async (c: Context<AppEnv>, api: ManifestApi): Promise<boolean> => {
    const generation = readers.generation();
    const auth = c.get('auth');
    if (!auth) return false;
    const actor = await loadActor(c.get('services'), auth.user);
    const allowed = can(actor, { kind: 'read_private_docs', api: api.slug }).allowed;
    const token = getCookie(c, cookieName);
    if (allowed && token) readers.remember(token, api.slug, auth.session.expiresAt, generation);
    return allowed;
  };
}

/** Anonymous readers go to sign in (and come back); signed-in readers see why and how to ask. */
async function denyPrivateDocs(c: Context<AppEnv>, api: ManifestApi): Promise<Response> {
  c.header('Cache-Control', 'no-store');
  const auth = c.get('auth') ?? null;
  if (!auth && c.get('services')) {
    const next = c.req.path + (new URL(c.req.url).search || '');
    return c.redirect(`/signin?next=${encodeURIComponent(next)}`, 302);
  }
  const pending = auth && c.get('services') ? await pendingRequestOf(c.get('services'), auth.user.id, api.slug) : undefined;
  return c.html(
    renderPrivateDocsDenied(api, auth ? { fullName: auth.user.fullName, email: auth.user.email, pendingSince: pending?.createdAt } : undefined),
    403,
  );
}
