import type { HttpBindings } from '@hono/node-server';
import type { ValidSession } from '../auth/session.ts';
import type { ServiceContext } from '../services/context.ts';

/** What every request carries once the middleware ran. */
export interface AppEnv {
  Bindings: HttpBindings;
  Variables: {
    auth: ValidSession | null;
    services: ServiceContext;
  };
}
