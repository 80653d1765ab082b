import type { OpenAPIHonoOptions } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.ts';
import type { SessionPolicy } from '../auth/session.ts';

export interface RouteOptions {
  sessionPolicy: SessionPolicy;
  secureCookies: boolean;
  cookieName?: string;
  /** passwordChange: per signed-in user, then per address; mounted after the sign-in check. */
  limits: { signIn: MiddlewareHandler; register: MiddlewareHandler; reset: MiddlewareHandler; passwordChange: MiddlewareHandler[] };
  /** The one validation hook (server/api.ts): a refused body or parameter becomes the same 400 everywhere. */
  validationHook: OpenAPIHonoOptions<AppEnv>['defaultHook'];
}
