import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { createSession, invalidateSession, invalidateUserSessions } from '../auth/session.ts';
import type { AppEnv } from '../http/env.ts';
import { throwIfFailed } from '../http/errors.ts';
import { requireAuth } from '../http/guards.ts';
import { clearSessionCookie, sessionCookieName, writeSessionCookie } from '../middleware/session-cookie/index.ts';
import { registerAccount, requestPasswordReset, resetPassword } from '../services/accounts.ts';
import { completeVerification, declineRegistration, inspectVerification, resendVerification } from '../services/email-verification.ts';
import { authenticate } from '../services/sign-in.ts';
import { EmailInput, OkResponse, PasswordInput, TokenInput, UsernameInput, errorResponses, jsonBody, jsonResponse, plainText } from './schemas.ts';
import { oidcRoutes } from './oidc.ts';
import type { RouteOptions } from './route-options.ts';

const RegisterBody = z
  .object({
    username: UsernameInput,
    fullName: plainText('full name', 100),
    company: plainText('company', 100),
    email: EmailInput,
    password: PasswordInput,
    acceptGuidelines: z.boolean().openapi({ description: 'The security guidelines were shown and accepted' }),
  })
  .strict()
  .openapi('Registration');

const SignInBody = z
  .object({ identifier: z.string().trim().min(1).max(254).openapi({ description: 'Email or username' }), password: z.string().min(1).max(256) })
  .strict();

const TokenBody = z.object({ token: TokenInput }).strict();
const VerifyBody = z.object({ token: TokenInput, password: z.string().min(1).max(256).optional() }).strict();
const ResetRequestBody = z.object({ email: EmailInput }).strict();
const ResetConfirmBody = z.object({ token: TokenInput, password: PasswordInput }).strict();
const AccountToConfirm = z
  .object({ username: z.string(), fullName: z.string(), company: z.string(), email: z.string(), createdAt: z.number(), signedIn: z.boolean() })
  .strict();

const tags = ['Accounts'];
/** The responses of a route answering `{ ok: true }` with this status (a computed key loses its literal type: restated). */
const answers = <S extends 200 | 201>(status: S, description: string) =>
  ({ [status]: jsonResponse(OkResponse, description), ...errorResponses }) as {
    [K in S]: ReturnType<typeof jsonResponse<typeof OkResponse>>;
  } & typeof errorResponses;

const routes = {
  register: createRoute({
    method: 'post',
    path: '/auth/register',
    tags,
    summary: 'Register with a business email',
    request: jsonBody(RegisterBody),
    responses: answers(201, 'Registered, or the address already has an account (the same answer: its holder is emailed)'),
  }),
  inspect: createRoute({
    method: 'post',
    path: '/auth/verify-email/inspect',
    tags,
    summary: 'Which account an emailed verification link confirms (nothing changes)',
    request: jsonBody(TokenBody),
    responses: { 200: jsonResponse(z.object({ ok: z.literal(true), account: AccountToConfirm }).strict(), 'The account'), ...errorResponses },
  }),
  verify: createRoute({
    method: 'post',
    path: '/auth/verify-email',
    tags,
    summary: 'Confirm an email address with the emailed token, signed in to its account or with its password',
    request: jsonBody(VerifyBody),
    responses: answers(200, 'Confirmed'),
  }),
  decline: createRoute({
    method: 'post',
    path: '/auth/verify-email/decline',
    tags,
    summary: "This wasn't me: delete the unconfirmed registration behind the link",
    request: jsonBody(TokenBody),
    responses: answers(200, 'Deleted'),
  }),
  resend: createRoute({
    method: 'post',
    path: '/auth/resend-verification',
    tags,
    summary: 'Send the verification email again',
    responses: answers(200, 'Sent'),
  }),
  signIn: createRoute({ method: 'post', path: '/auth/sign-in', tags, summary: 'Sign in', request: jsonBody(SignInBody), responses: answers(200, 'Signed in') }),
  signOut: createRoute({ method: 'post', path: '/auth/sign-out', tags, summary: 'Sign out of this browser', responses: answers(200, 'Signed out') }),
  signOutEverywhere: createRoute({
    method: 'post',
    path: '/auth/sign-out-everywhere',
    tags,
    summary: 'Sign out of every browser and device',
    responses: answers(200, 'Signed out everywhere'),
  }),
  resetRequest: createRoute({
    method: 'post',
    path: '/auth/password-reset/request',
    tags,
    summary: 'Email a password-reset link',
    request: jsonBody(ResetRequestBody),
    responses: answers(200, 'Sent if the account exists'),
  }),
  resetConfirm: createRoute({
    method: 'post',
    path: '/auth/password-reset/confirm',
    tags,
    summary: 'Choose a new password with the emailed token',
    request: jsonBody(ResetConfirmBody),
    responses: answers(200, 'Password changed'),
  }),
};

export function authRoutes(options: RouteOptions): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });
  const cookie = options.cookieName ?? sessionCookieName(options.secureCookies);
  const startSession = async (c: Parameters<Parameters<typeof app.openapi>[1]>[0], userId: string, ownTtlMs?: number) => {
    const services = c.get('services');
    const { token, session } = await createSession(services.db, userId, options.sessionPolicy, services.now(), ownTtlMs);
    writeSessionCookie(c, cookie, token, session.expiresAt, options.secureCookies);
  };
  /** A new session id at every sign-in: a planted (fixated) cookie is worth nothing. */
  const switchSession = async (c: Parameters<Parameters<typeof app.openapi>[1]>[0], userId: string, ownTtlMs?: number) => {
    const previous = c.get('auth');
    if (previous) await invalidateSession(c.get('services').db, previous.session.id);
    await startSession(c, userId, ownTtlMs);
  };

  app.use('/auth/register', options.limits.register);
  app.openapi(routes.register, async (c) => {
    const result = await registerAccount(c.get('services'), c.req.valid('json'));
    throwIfFailed(result);
    return c.json({ ok: true as const, message: `We sent a link to ${result.email}: open it and sign in to confirm your address.` }, 201);
  });

  app.openapi(routes.inspect, async (c) => {
    const { token } = c.req.valid('json');
    const result = await inspectVerification(c.get('services'), token, c.get('auth')?.user.id);
    throwIfFailed(result);
    return c.json({ ok: true as const, account: result.account }, 200);
  });

  // The link completes only for the account's holder: signed in to it, or typing its password.
  app.use('/auth/verify-email', options.limits.signIn);
  app.openapi(routes.verify, async (c) => {
    const { token, password } = c.req.valid('json');
    const result = await completeVerification(c.get('services'), token, { sessionUserId: c.get('auth')?.user.id, password });
    throwIfFailed(result);
    if (result.signedInByPassword) await switchSession(c, result.user.id);
    return c.json({ ok: true as const, message: `Your email address is confirmed. You are signed in as ${result.user.username}.` }, 200);
  });

  app.openapi(routes.decline, async (c) => {
    const { token } = c.req.valid('json');
    throwIfFailed(await declineRegistration(c.get('services'), token));
    return c.json({ ok: true as const, message: 'The registration is deleted. Nobody can use your address with it.' }, 200);
  });

  app.openapi(routes.resend, async (c) => {
    const { user } = requireAuth(c);
    throwIfFailed(await resendVerification(c.get('services'), user));
    return c.json({ ok: true as const, message: `We sent a new link to ${user.email}.` }, 200);
  });

  app.use('/auth/sign-in', options.limits.signIn);
  app.openapi(routes.signIn, async (c) => {
    const { identifier, password } = c.req.valid('json');
    const services = c.get('services');
    const result = await authenticate(services, identifier, password);
    throwIfFailed(result);
    // The emergency local account is a staff session: as short as a staff provider's (decision 026).
    const staffTtl = services.staffSignIn && result.user.localStaffAt !== null ? services.identity?.staffSessionTtlMs : undefined;
    await switchSession(c, result.user.id, staffTtl);
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(routes.signOut, async (c) => {
    const auth = c.get('auth');
    if (auth) await invalidateSession(c.get('services').db, auth.session.id);
    clearSessionCookie(c, cookie, options.secureCookies);
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(routes.signOutEverywhere, async (c) => {
    const { user } = requireAuth(c);
    await invalidateUserSessions(c.get('services').db, user.id);
    clearSessionCookie(c, cookie, options.secureCookies);
    return c.json({ ok: true as const }, 200);
  });

  app.use('/auth/password-reset/*', options.limits.reset);
  app.openapi(routes.resetRequest, async (c) => {
    const { email } = c.req.valid('json');
    await requestPasswordReset(c.get('services'), email);
    return c.json({ ok: true as const, message: 'If an account uses this address, a reset link is on its way.' }, 200);
  });

  app.openapi(routes.resetConfirm, async (c) => {
    const { token, password } = c.req.valid('json');
    const result = await resetPassword(c.get('services'), token, password);
    throwIfFailed(result);
    clearSessionCookie(c, cookie, options.secureCookies);
    return c.json({ ok: true as const, message: 'Your password is changed. Sign in with it.' }, 200);
  });

  app.route('/', oidcRoutes({ ...options, cookieName: cookie }));
  return app;
}
