import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { throwIfFailed } from '../http/errors.ts';
import { requireAuth } from '../http/guards.ts';
import { changePassword } from '../services/accounts.ts';
import { accountOwnershipFacts, listingsOf, loadActor } from '../services/actors.ts';
import { awaitingConfirmation } from '../rules/ownership.ts';
import { answersFor } from '../rules/permissions.ts';
import { MeResponse, OkResponse, PasswordInput, errorResponses, jsonBody, jsonResponse } from './schemas.ts';
import type { RouteOptions } from './route-options.ts';

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  summary: 'Who is signed in (user: null when nobody is)',
  tags: ['Accounts'],
  responses: { 200: jsonResponse(MeResponse, 'The signed-in user, or null') },
});

const ChangePasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: PasswordInput }).strict();
const changePasswordRoute = createRoute({
  method: 'post',
  path: '/account/password',
  summary: 'Change your password (signs out your other sessions)',
  tags: ['Accounts'],
  request: jsonBody(ChangePasswordBody),
  responses: { 200: jsonResponse(OkResponse, 'Changed'), ...errorResponses },
});

export function accountRoutes(options: Pick<RouteOptions, 'validationHook' | 'limits'>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });
  // Signed in first (a stranger's 401 costs no argon2 and nobody's allowance), then the limits:
  // each attempt is a guess at the current password and an argon2 computation.
  app.use('/account/password', signedIn, ...options.limits.passwordChange);

  app.openapi(meRoute, async (c) => {
    const auth = c.get('auth');
    c.header('Cache-Control', 'no-store');
    if (!auth) return c.json({ user: null }, 200);
    const actor = await loadActor(c.get('services'), auth.user);
    const { user } = auth;
    // Listed as an owner but not (yet) confirmed by an admin: the account page says what happens next.
    // The same facts as `can` (a provider's verified address needs no admin's confirmation).
    const awaiting = awaitingConfirmation(accountOwnershipFacts(c.get('services'), user), await listingsOf(c.get('services'), user.email));
    // The policy's answers, so that no page re-derives a rule (rules/permissions.ts).
    const answers = answersFor(actor, c.get('services').manifest.apis);
    return c.json(
      {
        user: {
          id: user.id,
          email: user.email,
          username: user.username,
          fullName: user.fullName,
          company: user.company,
          role: actor.role,
          emailVerified: actor.emailVerified,
          ownedApis: [...actor.ownedApis].sort(),
          grantedApis: [...actor.grantedApis].sort(),
          ownerConfirmationPending: awaiting,
          ...answers,
        },
      },
      200,
    );
  });

  app.openapi(changePasswordRoute, async (c) => {
    const auth = requireAuth(c);
    const body = c.req.valid('json');
    const result = await changePassword(c.get('services'), auth.user, auth.session.id, body.currentPassword, body.newPassword);
    throwIfFailed(result);
    return c.json({ ok: true as const, message: 'Your password is changed; your other sessions are signed out.' }, 200);
  });

  return app;
}

const signedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireAuth(c);
  await next();
};
