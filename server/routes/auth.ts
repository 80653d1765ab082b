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

const SignInBody = z.object({ identifier: z.string().trim().min(1).max(254).openapi({ description: 'Email or username' }), password: z.string().min(1).max(256) }).strict();

/** A JSON POST route of this group, with its error responses; `body` absent for no body. */
function post<P extends string, B extends z.ZodType | undefined>(path: P, summary: string, body: B, status: 200 | 201, description: string) {
  return createRoute({
    method: 'post' as const,
    path,
    summary,
    tags: ['Accounts'],
    request: (body ? jsonBody(body) : {}) as B extends z.ZodType ? ReturnType<typeof jsonBody<B>> : Record<string, never>,
    responses: { [status]: jsonResponse(OkResponse, description), ...errorResponses } as { 200: ReturnType<typeof jsonResponse<typeof OkResponse>>; 201: ReturnType<typeof jsonResponse<typeof OkResponse>> } & typeof errorResponses,
  });
}

export function authRoutes(options: RouteOptions): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });
  const cookie = options.cookieName ?? sessionCookieName(options.secureCookies);
  const startSession = async (c: Parameters<Parameters<typeof app.openapi>[1]>[0], userId: string) => {
    const services = c.get('services');
    const { token, session } = await createSession(services.db, userId, options.sessionPolicy, services.now());
    writeSessionCookie(c, cookie, token, session.expiresAt, options.secureCookies);
  };
  /** A new session id at every sign-in: a planted (fixated) cookie is worth nothing. */
  const switchSession = async (c: Parameters<Parameters<typeof app.openapi>[1]>[0], userId: string) => {
    const previous = c.get('auth');
    if (previous) await invalidateSession(c.get('services').db, previous.session.id);
    await startSession(c, userId);
  };

  app.use('/auth/register', options.limits.register);
  app.openapi(post('/auth/register', 'Register with a business email', RegisterBody, 201, 'Registered, or the address already has an account (the same answer: its holder is emailed)'), async (c) => {
    const result = await registerAccount(c.get('services'), c.req.valid('json' as never) as z.infer<typeof RegisterBody>);
    throwIfFailed(result);
    return c.json({ ok: true as const, message: `We sent a link to ${result.email}: open it and sign in to confirm your address.` }, 201);
  });

  app.openapi(post('/auth/verify-email/inspect', 'Which account an emailed verification link confirms (nothing changes)', z.object({ token: TokenInput }).strict(), 200, 'The account'), async (c) => {
    const { token } = c.req.valid('json' as never) as { token: string };
    const result = await inspectVerification(c.get('services'), token, c.get('auth')?.user.id);
    throwIfFailed(result);
    return c.json({ ok: true as const, account: result.account }, 200);
  });

  // The link completes only for the account's holder: signed in to it, or typing its password.
  app.use('/auth/verify-email', options.limits.signIn);
  app.openapi(post('/auth/verify-email', 'Confirm an email address with the emailed token, signed in to its account or with its password', z.object({ token: TokenInput, password: z.string().min(1).max(256).optional() }).strict(), 200, 'Confirmed'), async (c) => {
    const { token, password } = c.req.valid('json' as never) as { token: string; password?: string };
    const result = await completeVerification(c.get('services'), token, { sessionUserId: c.get('auth')?.user.id, password });
    throwIfFailed(result);
    if (result.signedInByPassword) await switchSession(c, result.user.id);
    return c.json({ ok: true as const, message: `Your email address is confirmed. You are signed in as ${result.user.username}.` }, 200);
  });

  app.openapi(post('/auth/verify-email/decline', "This wasn't me: delete the unconfirmed registration behind the link", z.object({ token: TokenInput }).strict(), 200, 'Deleted'), async (c) => {
    const { token } = c.req.valid('json' as never) as { token: string };
    throwIfFailed(await declineRegistration(c.get('services'), token));
    return c.json({ ok: true as const, message: 'The registration is deleted. Nobody can use your address with it.' }, 200);
  });

  app.openapi(post('/auth/resend-verification', 'Send the verification email again', undefined, 200, 'Sent'), async (c) => {
    const { user } = requireAuth(c);
    throwIfFailed(await resendVerification(c.get('services'), user));
    return c.json({ ok: true as const, message: `We sent a new link to ${user.email}.` }, 200);
  });

  app.use('/auth/sign-in', options.limits.signIn);
  app.openapi(post('/auth/sign-in', 'Sign in', SignInBody, 200, 'Signed in'), async (c) => {
    const { identifier, password } = c.req.valid('json' as never) as z.infer<typeof SignInBody>;
    const result = await authenticate(c.get('services'), identifier, password);
    throwIfFailed(result);
    await switchSession(c, result.user.id);
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(post('/auth/sign-out', 'Sign out of this browser', undefined, 200, 'Signed out'), async (c) => {
    const auth = c.get('auth');
    if (auth) await invalidateSession(c.get('services').db, auth.session.id);
    clearSessionCookie(c, cookie, options.secureCookies);
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(post('/auth/sign-out-everywhere', 'Sign out of every browser and device', undefined, 200, 'Signed out everywhere'), async (c) => {
    const { user } = requireAuth(c);
    await invalidateUserSessions(c.get('services').db, user.id);
    clearSessionCookie(c, cookie, options.secureCookies);
    return c.json({ ok: true as const }, 200);
  });

  app.use('/auth/password-reset/*', options.limits.reset);
  app.openapi(post('/auth/password-reset/request', 'Email a password-reset link', z.object({ email: EmailInput }).strict(), 200, 'Sent if the account exists'), async (c) => {
    const { email } = c.req.valid('json' as never) as { email: string };
    await requestPasswordReset(c.get('services'), email);
    return c.json({ ok: true as const, message: 'If an account uses this address, a reset link is on its way.' }, 200);
  });

  app.openapi(post('/auth/password-reset/confirm', 'Choose a new password with the emailed token', z.object({ token: TokenInput, password: PasswordInput }).strict(), 200, 'Password changed'), async (c) => {
    const { token, password } = c.req.valid('json' as never) as { token: string; password: string };
    const result = await resetPassword(c.get('services'), token, password);
    throwIfFailed(result);
    clearSessionCookie(c, cookie, options.secureCookies);
    return c.json({ ok: true as const, message: 'Your password is changed. Sign in with it.' }, 200);
  });

  return app;
}
