import type { MiddlewareHandler } from 'hono';
import type { SessionPolicy } from '../auth/session.ts';

export interface RouteOptions {
  sessionPolicy: SessionPolicy;
  secureCookies: boolean;
  cookieName?: string;
  /** passwordChange: per signed-in user, then per address; mounted after the sign-in check. */
  limits: { signIn: MiddlewareHandler; register: MiddlewareHandler; reset: MiddlewareHandler; passwordChange: MiddlewareHandler[] };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  validationHook: any;
}
