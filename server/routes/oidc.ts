import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { safeNextPath } from '../../src/portal/safe-next.ts';
import { createSession, invalidateSession } from '../auth/session.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, statusOf, throwIfFailed } from '../http/errors.ts';
import { escapeHtml, renderPage } from '../pages/html.ts';
import { clearSessionCookie, writeSessionCookie } from '../middleware/session-cookie/index.ts';
import { endSessionUrl, type IdentityProvider } from '../oidc/providers.ts';
import { beginProviderSignIn, finishProviderSignIn } from '../services/oidc-sign-in.ts';
import type { RouteOptions } from './route-options.ts';
import { errorResponses, jsonResponse } from './schemas.ts';

/**
 * Sign-in through the configured OpenID Providers (issue 21, decision 026). The start and the
 * callback are browser navigations (redirects); the list of providers feeds the sign-in page.
 */

const tags = ['Accounts'];
const ProviderParam = z.object({ provider: z.string().min(1).max(40).openapi({ description: 'The provider id of PORTICO_OIDC_PROVIDERS' }) });
const redirect = (description: string) => ({ 302: { description } });

const routes = {
  providers: createRoute({
    method: 'get',
    path: '/auth/providers',
    tags,
    summary: 'The identity providers people may sign in with (none: passwords only)',
    responses: {
      200: jsonResponse(
        z
          .object({
            providers: z.array(z.object({ id: z.string(), name: z.string(), audience: z.enum(['staff', 'partners']), startPath: z.string() }).strict()),
          })
          .strict(),
        'The providers, in configuration order',
      ),
      ...errorResponses,
    },
  }),
  start: createRoute({
    method: 'get',
    path: '/auth/oidc/{provider}/start',
    tags,
    summary: 'Start signing in through an identity provider (redirects the browser there)',
    request: {
      params: ProviderParam,
      query: z.object({
        next: z.string().max(2000).optional().openapi({ description: 'A path of the portal to return to' }),
        acceptGuidelines: z.enum(['true']).optional().openapi({ description: "Partners' providers: the security guidelines were shown and accepted" }),
      }),
    },
    responses: { ...redirect('To the identity provider'), ...errorResponses },
  }),
  callback: createRoute({
    method: 'get',
    path: '/auth/oidc/{provider}/callback',
    tags,
    summary: 'Where the identity provider sends the browser back (signs in, then redirects)',
    request: { params: ProviderParam },
    responses: { ...redirect('Signed in: to the page asked for'), ...errorResponses },
  }),
  signOut: createRoute({
    method: 'post',
    path: '/auth/oidc/sign-out',
    tags,
    summary: 'Sign out, and out of the identity provider when it offers it (RP-initiated logout)',
    responses: {
      200: jsonResponse(
        z.object({ ok: z.literal(true), redirectTo: z.string().optional().openapi({ description: "The provider's end-session URL, to open next" }) }).strict(),
        'Signed out',
      ),
      ...errorResponses,
    },
  }),
};

/** The browser's half of the state (decision 026): only this browser can complete the sign-in it started. */
const STATE_COOKIE = 'portico_oidc_state';
const STATE_COOKIE_SECONDS = 10 * 60;

export function oidcRoutes(options: RouteOptions & { cookieName: string }): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });
  const stateCookie = () => ({
    path: '/api/auth/oidc/',
    httpOnly: true,
    secure: options.secureCookies,
    // Lax: the provider's redirect back is a top-level navigation from another site.
    sameSite: 'Lax' as const,
    maxAge: STATE_COOKIE_SECONDS,
  });

  app.openapi(routes.providers, (c) => {
    const list = c.get('services').identity?.providers.list ?? [];
    const providers = list.map(({ config }) => ({
      id: config.id,
      name: config.name,
      audience: config.audience,
      startPath: `/api/auth/oidc/${config.id}/start`,
    }));
    return c.json({ providers }, 200);
  });

  app.openapi(routes.start, async (c) => {
    const provider = providerOf(c, c.req.valid('param').provider);
    const query = c.req.valid('query');
    const next = safeNextPath(query.next, c.get('services').config.PORTICO_SITE_URL);
    const result = await beginProviderSignIn(c.get('services'), provider, { next, acceptGuidelines: query.acceptGuidelines === 'true' });
    throwIfFailed(result);
    setCookie(c, STATE_COOKIE, result.state, stateCookie());
    return c.redirect(result.url, 302);
  });

  app.openapi(routes.callback, async (c) => {
    const services = c.get('services');
    const provider = providerOf(c, c.req.valid('param').provider);
    const browserState = getCookie(c, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, stateCookie());
    const result = await finishProviderSignIn(services, provider, callbackUrl(c, provider), browserState);
    // The callback is a browser navigation: a person reads the refusal, a script its JSON.
    if (!result.ok && prefersPage(c)) return c.html(signInRefusedPage(result.message), statusOf(result.code));
    throwIfFailed(result);
    // A new session id at every sign-in (no fixation); staff get the shorter lifetime.
    const previous = c.get('auth');
    if (previous) await invalidateSession(services.db, previous.session.id);
    const ttl = result.staff ? services.identity?.staffSessionTtlMs : undefined;
    const { token, session } = await createSession(services.db, result.user.id, options.sessionPolicy, services.now(), ttl);
    writeSessionCookie(c, options.cookieName, token, session.expiresAt, options.secureCookies);
    return c.redirect(result.next, 302);
  });

  app.openapi(routes.signOut, async (c) => {
    const services = c.get('services');
    const auth = c.get('auth');
    if (auth) await invalidateSession(services.db, auth.session.id);
    clearSessionCookie(c, options.cookieName, options.secureCookies);
    const provider = auth?.user.identityProvider ? services.identity?.providers.find(auth.user.identityProvider) : undefined;
    const redirectTo = provider ? endSessionUrl(provider, services.config.PORTICO_SITE_URL) : undefined;
    return c.json({ ok: true as const, ...(redirectTo ? { redirectTo } : {}) }, 200);
  });

  return app;
}

function providerOf(c: Context<AppEnv>, id: string): IdentityProvider {
  const provider = c.get('services').identity?.providers.find(id);
  if (!provider) throw new ApiError('not_found', `There is no identity provider "${id}".`);
  return provider;
}

/**
 * The callback as the provider addressed it: the configured redirect URI with the query the
 * browser brought (behind a proxy the request's own URL may name another host).
 */
function callbackUrl(c: Context<AppEnv>, provider: IdentityProvider): URL {
  const url = new URL(provider.redirectUri);
  url.search = new URL(c.req.url).search;
  return url;
}

function prefersPage(c: Context<AppEnv>): boolean {
  return (c.req.header('accept') ?? '').includes('text/html');
}

/** Why a sign-in through a provider was refused, in the provider's words made plain, and what to do next. */
function signInRefusedPage(message: string): string {
  return renderPage(
    'Sign-in refused',
    `<h1>Sign-in refused</h1>
<p class="note">${escapeHtml(message)}</p>
<p>Nothing was changed. You can try again, or sign in with your email address and password.</p>
<p><a class="button" href="/signin">Back to sign in</a><a class="button secondary" href="/">API catalog</a></p>`,
  );
}
