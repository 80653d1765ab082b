import type { MiddlewareHandler } from 'hono';
import type { SessionPolicy } from '../auth/session.ts';

export interface RouteOptions {
  sessionPolicy: SessionPolicy;
  secureCookies: boolean;
  cookieName?: string;
  limits: { signIn: MiddlewareHandler; register: MiddlewareHandler; reset: MiddlewareHandler };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  validationHook: any;
}
