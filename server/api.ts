import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { SessionPolicy } from './auth/session.ts';
import type { Database } from './db/client.ts';
import type { AppEnv } from './http/env.ts';
import { describeApi } from './http/api-description.ts';
import { ApiError, errorJson } from './http/errors.ts';
import { usePlainValidationMessages } from './http/plain-validation.ts';
import { originCheck } from './middleware/origin-check/index.ts';
import { sessionCookieName } from './middleware/session-cookie/index.ts';
import { rateLimit, clientAddress, signedInUser } from './middleware/rate-limit/index.ts';
import { accountRoutes } from './routes/account.ts';
import { journeyRoutes } from './routes/journey.ts';
import { adminRoutes } from './routes/admin.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { docAccessRoutes } from './routes/doc-access.ts';
import { appsRoutes } from './routes/apps.ts';
import { certificateRoutes } from './routes/certificates.ts';
import { ownerApiAccessRoutes } from './routes/owner-api-access.ts';
import { ownerRoutes } from './routes/owner.ts';
import { ownerReviewRoutes } from './routes/owner-review.ts';
import { devMailboxRoutes } from './routes/dev-mailbox.ts';
import type { RouteOptions } from './routes/route-options.ts';

export interface ApiOptions {
  db: Database;
  sessionPolicy: SessionPolicy;
  secureCookies: boolean;
  allowedOrigins: string[];
  devMailbox: boolean;
  /** Requests allowed per window on the sensitive routes (sign-in, registration, reset, password change). */
  limits?: Partial<Limits>;
  /** Who a request comes from, for the rate limits: the socket's peer unless proxies are trusted. */
  clientAddress?: (c: Context) => string;
}

interface Limits {
  signIn: number;
  register: number;
  reset: number;
  /** Password changes per signed-in user, and per address, per 15 minutes: each one is an argon2 guess. */
  passwordChangePerUser: number;
  passwordChangePerAddress: number;
}

export const DEFAULT_LIMITS: Limits = { signIn: 10, register: 5, reset: 5, passwordChangePerUser: 5, passwordChangePerAddress: 10 };

const MAX_JSON_BYTES = 64 * 1024;
/** Uploads with a limit of their own, set on their route: the CCADB report (routes/ccadb.ts) is a few hundred KB. */
const OWN_BODY_LIMIT = new Set(['/api/registry/ccadb']);
const MINUTE = 60_000;

// biome-ignore lint/correctness/useHookAtTopLevel: not a React hook: it installs zod's plain-words messages once, at load
usePlainValidationMessages();

/**
 * Validation failures become one readable 400: a sentence naming every field that is wrong in
 * plain words (shown by the forms), and the fields by their JSON path (for scripts and forms).
 */
function validationHook(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) {
  if (result.success) return;
  const issues = result.error?.issues ?? [];
  const details = issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', message: issue.message }));
  const summary = details.map((detail) => detail.message).join('; ');
  throw new ApiError('invalid_input', summary ? `${summary.charAt(0).toUpperCase()}${summary.slice(1)}.` : 'The request is not valid.', { details });
}

/** `/api`: JSON only, described by its own OpenAPI document at /api/openapi.json. */
export function createApi(options: ApiOptions): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const key = options.clientAddress ?? clientAddress;
  const routeOptions: RouteOptions = {
    sessionPolicy: options.sessionPolicy,
    secureCookies: options.secureCookies,
    validationHook,
    limits: {
      signIn: rateLimit({ db: options.db, name: 'sign-in', limit: limits.signIn, windowMs: 15 * MINUTE, key }),
      register: rateLimit({ db: options.db, name: 'register', limit: limits.register, windowMs: 60 * MINUTE, key }),
      reset: rateLimit({ db: options.db, name: 'reset', limit: limits.reset, windowMs: 60 * MINUTE, key }),
      passwordChange: [
        rateLimit({ db: options.db, name: 'password-change-user', limit: limits.passwordChangePerUser, windowMs: 15 * MINUTE, key: signedInUser }),
        rateLimit({ db: options.db, name: 'password-change-address', limit: limits.passwordChangePerAddress, windowMs: 15 * MINUTE, key }),
      ],
    },
  };
  const jsonLimit = bodyLimit({
    maxSize: MAX_JSON_BYTES,
    onError: (c) => errorJson(c, 'too_large', `The request body is larger than ${MAX_JSON_BYTES / 1024} KB.`),
  });
  api.use((c, next) => (OWN_BODY_LIMIT.has(c.req.path) ? next() : jsonLimit(c, next)));
  api.use(originCheck({ allowedOrigins: options.allowedOrigins }));
  api.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  api.route('/', authRoutes(routeOptions));
  api.route('/', accountRoutes(routeOptions));
  api.route('/', journeyRoutes(routeOptions));
  api.route('/', adminRoutes(routeOptions));
  api.route('/', docAccessRoutes(routeOptions));
  api.route('/', ownerRoutes(routeOptions));
  api.route('/', auditRoutes(routeOptions));
  api.route('/', appsRoutes(routeOptions));
  api.route('/', ownerApiAccessRoutes(routeOptions));
  api.route('/', ownerReviewRoutes(routeOptions));
  api.route('/', certificateRoutes(routeOptions));
  if (options.devMailbox) api.route('/', devMailboxRoutes());
  const description = () =>
    describeApi(
      api.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Portico API',
          version: '1.0.0',
          description:
            'Accounts, documentation access requests, the owner console, the audit log and administration of the Portico developer portal. Every GET also answers HEAD.',
        },
      }) as unknown as Record<string, unknown>,
      { cookieName: sessionCookieName(options.secureCookies) },
    );
  api.get('/openapi.json', (c) => c.json(description()));
  // A mounted app's notFound is never called (Hono uses the top-level one: the site's HTML 404),
  // so the last route answers every other /api path in JSON.
  api.all('*', (c) => errorJson(c, 'not_found', `No API route ${c.req.method} ${c.req.path}.`));
  return api;
}
