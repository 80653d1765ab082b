import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { DOC_ACCESS_STATUSES } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, throwIfFailed } from '../http/errors.ts';
import { requireAuth, requireCan } from '../http/guards.ts';
import { idSchema } from '../ids.ts';
import { canAskAgain, canWithdraw } from '../rules/doc-access-states.ts';
import { actsOnOwn } from '../rules/permissions.ts';
import { decideDocAccess, findAccess, listMyRequests, requestDocAccess } from '../services/doc-access.ts';
import { ErrorResponse, OkResponse, docAccessFields, errorResponses, jsonBody, jsonResponse, plainText } from './schemas.ts';
import type { RouteOptions } from './route-options.ts';

const tags = ['Documentation access'];
const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'not an API slug' });

/** The requester's view of their own requests: states, reasons and history, never who decided. */
const MyRequest = z
  .object({
    ...docAccessFields,
    canAskAgain: z
      .boolean()
      .openapi({ description: 'Whether a new request for this API is possible once this one is the latest (none is open: rules/doc-access-states.ts)' }),
    canWithdraw: z.boolean().openapi({ description: 'Whether its requester may still withdraw it (pending: the owners have not decided)' }),
    history: z.array(z.object({ action: z.string(), reason: z.string().nullable(), createdAt: z.number() }).strict()),
  })
  .strict();

function toMyRequest(request: Awaited<ReturnType<typeof listMyRequests>>[number]): z.infer<typeof MyRequest> {
  const { id, apiSlug, status, justification, decisionReason, createdAt, decidedAt } = request;
  return {
    id,
    apiSlug,
    status,
    justification,
    decisionReason,
    createdAt,
    decidedAt,
    canAskAgain: canAskAgain(status),
    canWithdraw: canWithdraw(status),
    history: request.history.map((event) => ({ action: event.action, reason: event.reason, createdAt: event.createdAt })),
  };
}

/** The doc-access pieces' type is this answer's (src/features/doc-access/types.ts), never a hand-written copy. */
export type MyDocAccessRequest = z.infer<typeof MyRequest>;

const routes = {
  request: createRoute({
    method: 'post',
    path: '/doc-access/requests',
    tags,
    summary: "Ask for access to a private API's documentation",
    request: jsonBody(
      z
        .object({
          apiSlug: Slug,
          justification: plainText('justification', 1000).refine((text) => text.length >= 10, {
            error: 'say in a sentence what you want to build, and for which company (10 characters at least)',
          }),
        })
        .strict(),
    ),
    responses: {
      201: jsonResponse(
        z.object({ id: z.string(), status: z.enum(DOC_ACCESS_STATUSES) }).strict(),
        'Requested; the owners are emailed (once a day per requester and API)',
      ),
      409: jsonResponse(ErrorResponse, 'Already open'),
      ...errorResponses,
    },
  }),
  mine: createRoute({
    method: 'get',
    path: '/doc-access/mine',
    tags,
    summary: 'My requests and their history',
    responses: { 200: jsonResponse(z.object({ requests: z.array(MyRequest) }).strict(), 'Requests'), ...errorResponses },
  }),
  withdraw: createRoute({
    method: 'post',
    path: '/doc-access/requests/{id}/withdraw',
    tags,
    summary: 'Withdraw a pending request',
    request: { params: z.object({ id: idSchema('acc') }) },
    responses: { 200: jsonResponse(OkResponse, 'Withdrawn'), ...errorResponses },
  }),
};

export function docAccessRoutes(options: Pick<RouteOptions, 'validationHook'>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });

  app.openapi(routes.request, async (c) => {
    const { apiSlug, justification } = c.req.valid('json');
    const { auth } = await requireCan(c, { kind: 'request_doc_access', api: apiSlug });
    const result = await requestDocAccess(c.get('services'), auth.user, apiSlug, justification);
    throwIfFailed(result);
    return c.json({ id: result.access.id, status: result.access.status }, 201);
  });

  app.openapi(routes.mine, async (c) => {
    const { user } = requireAuth(c);
    return c.json({ requests: (await listMyRequests(c.get('services'), user.id)).map(toMyRequest) }, 200);
  });

  app.openapi(routes.withdraw, async (c) => {
    const { user } = requireAuth(c);
    const access = await findAccess(c.get('services'), c.req.valid('param').id);
    // Someone else's request is "not found": ids are not a way to learn about others.
    if (!access || !actsOnOwn(user.id, access.userId)) throw new ApiError('not_found', 'There is no such request.');
    throwIfFailed(await decideDocAccess(c.get('services'), user.id, access.id, 'withdraw'));
    return c.json({ ok: true as const }, 200);
  });

  return app;
}
