import { statusOf } from './errors.ts';

/**
 * What `/api/openapi.json` says beyond what each route declares (issue 18 item 6): where the API
 * is (`servers`), how a caller authenticates (the session cookie) and the Origin every unsafe
 * request must carry (decision 009), an operationId on every operation, and the error answers
 * that middleware gives before any route runs. Done once over the generated document so that a
 * new route is described the same way without repeating it (decision 024).
 */

type Json = Record<string, unknown>;
type Operation = {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  requestBody?: unknown;
  parameters?: Array<{ in?: string }>;
  responses?: Record<string, unknown>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const UNSAFE = new Set(['post', 'put', 'delete', 'patch']);

/**
 * Operations that answer without a session. `optional`: a session changes the answer but is not
 * needed (verification completes signed in or with the password; /me says who, or null).
 */
const PUBLIC_OPERATIONS: Record<string, 'none' | 'optional'> = {
  'post /auth/register': 'none',
  'post /auth/verify-email/inspect': 'optional',
  'post /auth/verify-email': 'optional',
  'post /auth/verify-email/decline': 'none',
  'post /auth/sign-in': 'none',
  'post /auth/sign-out': 'optional',
  'post /auth/password-reset/request': 'none',
  'post /auth/password-reset/confirm': 'none',
  'get /auth/providers': 'none',
  'get /auth/oidc/{provider}/start': 'none',
  'get /auth/oidc/{provider}/callback': 'optional',
  'post /auth/oidc/sign-out': 'optional',
  'get /me': 'optional',
  'get /dev/mailbox': 'none',
};

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const errorAnswer = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_REF } } });

/** The statuses middleware answers on its own, by error code (server/http/errors.ts is the one map). */
function middlewareAnswers(method: string, operation: Operation): Record<string, unknown> {
  const answers: Record<string, unknown> = {
    500: errorAnswer('internal: an unexpected failure; nothing about its cause is said'),
    503: errorAnswer('busy: the database is busy; nothing was changed, try again (Retry-After)'),
  };
  if (UNSAFE.has(method)) {
    answers[statusOf('bad_origin')] = errorAnswer('bad_origin: the Origin header is missing or not the portal’s (or not allowed: see the error code)');
    answers[statusOf('too_large')] = errorAnswer('too_large: the body is larger than 64 KB');
  }
  if (operation.requestBody) {
    answers[statusOf('unsupported_media_type')] = errorAnswer('unsupported_media_type: send application/json');
    answers[statusOf('invalid_json')] = errorAnswer('invalid_json or invalid_input: the body is not JSON, or not valid');
  }
  if ((operation.parameters ?? []).some((parameter) => parameter.in === 'path'))
    answers[statusOf('not_found')] = errorAnswer('not_found: nothing with this id (or not yours to see)');
  // Every error of the API has this one shape (decision 022): any status not listed answers it too.
  answers.default = errorAnswer('Any other error: the code says which (its HTTP status never varies)');
  return answers;
}

/** `post /apps/{id}/secrets` → `postAppsByIdSecrets`: stable, unique (one per method and path). */
function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => (segment.startsWith('{') ? ['by', segment.slice(1, -1)] : segment.split(/[^A-Za-z0-9]+/)))
    .filter(Boolean);
  return [method, ...words].map((word, index) => (index === 0 ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1))).join('');
}

function securityOf(method: string, path: string): Array<Record<string, string[]>> {
  const session = PUBLIC_OPERATIONS[`${method} ${path}`];
  const origin: Record<string, string[]> = UNSAFE.has(method) ? { origin: [] } : {};
  if (session === undefined) return [{ session: [], ...origin }];
  if (session === 'optional') return [{ session: [], ...origin }, origin];
  return [origin];
}

function describeOperation(method: string, path: string, operation: Operation): void {
  operation.operationId ??= operationIdOf(method, path);
  operation.security = securityOf(method, path);
  operation.responses ??= {};
  const responses = operation.responses;
  for (const [status, answer] of Object.entries(middlewareAnswers(method, operation))) responses[status] ??= answer;
  // A signed-in route refuses an anonymous call with 401 whether or not the route declared it.
  if (operation.security.every((requirement) => 'session' in requirement)) responses[statusOf('sign_in')] ??= errorAnswer('sign_in: not signed in');
}

/** The generated document, completed. `cookieName` is the session cookie (`__Host-` prefixed with Secure cookies). */
export function describeApi(document: Json, options: { cookieName: string }): Json {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) describeOperation(method, path, operation);
    }
  }
  document.components ??= {};
  const components = document.components as Json;
  components.securitySchemes = {
    session: { type: 'apiKey', in: 'cookie', name: options.cookieName, description: 'The session cookie set by POST /auth/sign-in (HttpOnly, SameSite=Lax).' },
    origin: {
      type: 'apiKey',
      in: 'header',
      name: 'Origin',
      description:
        'Every POST, PUT, PATCH and DELETE carries the portal’s own origin (e.g. https://developer.example.com); anything else is refused with 403 bad_origin (decision 009).',
    },
  };
  return {
    ...document,
    servers: [{ url: '/api', description: 'This portal: paths below are relative to /api on its origin' }],
  };
}
