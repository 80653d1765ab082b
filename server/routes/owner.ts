import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { API_ACCESS_STATUSES, DOC_ACCESS_STATUSES } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, throwIfFailed } from '../http/errors.ts';
import { requireAuth, requireCan } from '../http/guards.ts';
import { loadActor } from '../services/actors.ts';
import { decideDocAccess, findAccess, listRequestsFor } from '../services/doc-requests.ts';
import { AccessId } from './doc-access.ts';
import { OkResponse, errorResponses, jsonBody, jsonResponse, plainText } from './schemas.ts';
import type { RouteOptions } from './route-options.ts';

const tags = ['Owner console'];

/** What an owner reads about a request: never who decided, nor anything beyond these fields. */
const RequestRow = z
  .object({
    access: z.object({ id: z.string(), apiSlug: z.string(), status: z.enum(DOC_ACCESS_STATUSES), justification: z.string().nullable(), decisionReason: z.string().nullable(), createdAt: z.number(), decidedAt: z.number().nullable() }).strict(),
    user: z.object({ id: z.string(), email: z.string(), fullName: z.string(), company: z.string() }).strict(),
    dependentApiAccess: z
      .array(z.object({ appName: z.string(), environment: z.enum(['sandbox', 'production']), authMethod: z.enum(['client_secret', 'mtls']), status: z.enum(API_ACCESS_STATUSES) }).strict())
      .openapi({ description: "The requester's apps' API access that revoking or refusing this request would also stop (approved: suspended, pending: refused)" }),
  })
  .strict();
type RequestRowOut = z.infer<typeof RequestRow>;

function toRequestRow(row: Awaited<ReturnType<typeof listRequestsFor>>[number]): RequestRowOut {
  const { access, user } = row;
  return {
    access: { id: access.id, apiSlug: access.apiSlug, status: access.status, justification: access.justification, decisionReason: access.decisionReason, createdAt: access.createdAt, decidedAt: access.decidedAt },
    user: { id: user.id, email: user.email, fullName: user.fullName, company: user.company },
    dependentApiAccess: row.dependentApiAccess.map(({ appName, environment, authMethod, status }) => ({ appName, environment, authMethod, status })),
  };
}

const decision = (action: 'approve' | 'refuse' | 'revoke', summary: string, withReason: boolean) =>
  createRoute({
    method: 'post',
    path: `/owner/requests/{id}/${action}`,
    tags,
    summary,
    request: { params: z.object({ id: AccessId }), ...(withReason ? jsonBody(z.object({ reason: plainText('reason', 1000) }).strict()) : {}) },
    responses: { 200: jsonResponse(OkResponse, 'Decided'), 404: jsonResponse(z.object({ error: z.object({ code: z.string(), message: z.string() }) }), 'No such request'), 409: jsonResponse(z.object({ error: z.object({ code: z.string(), message: z.string() }) }), 'Already decided'), ...errorResponses },
  });

const routes = {
  list: createRoute({
    method: 'get',
    path: '/owner/requests',
    tags,
    summary: 'Requests on the APIs you own (all APIs for admins), oldest first',
    request: { query: z.object({ api: z.string().max(64).optional(), status: z.enum(DOC_ACCESS_STATUSES).optional() }) },
    responses: { 200: jsonResponse(z.object({ apis: z.array(z.string()), requests: z.array(RequestRow) }).strict(), 'Requests'), ...errorResponses },
  }),
  approve: decision('approve', 'Approve a request: the requester can read the docs at once', false),
  refuse: decision('refuse', 'Refuse a request (the reason is sent to the requester)', true),
  revoke: decision('revoke', "Revoke an approved access (the reason is sent to the reader); a private API's access of the reader's apps is suspended with it", true),
};

export function ownerRoutes(options: Pick<RouteOptions, 'validationHook'>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });

  app.openapi(routes.list, async (c) => {
    const auth = requireAuth(c);
    const actor = await loadActor(c.get('services'), auth.user);
    const { api, status } = c.req.valid('query');
    const apis = actor.role === 'admin' ? c.get('services').manifest.apis.map((entry) => entry.slug) : [...actor.ownedApis];
    if (apis.length === 0) throw new ApiError('forbidden', 'You own no API on this portal.');
    const rows = await listRequestsFor(c.get('services'), actor, { apiSlug: api, status });
    return c.json({ apis: apis.sort(), requests: rows.map(toRequestRow) }, 200);
  });

  for (const action of ['approve', 'refuse', 'revoke'] as const) {
    app.openapi(routes[action], async (c) => {
      const id = c.req.valid('param').id;
      const reason = action === 'approve' ? undefined : (c.req.valid('json' as never) as { reason: string }).reason;
      const access = await findAccess(c.get('services'), id);
      if (!access) throw new ApiError('not_found', 'There is no such request.');
      const { auth } = await requireCan(c, { kind: 'decide_for_api', api: access.apiSlug, requesterId: access.userId });
      throwIfFailed(await decideDocAccess(c.get('services'), auth.user.id, id, action, reason));
      return c.json({ ok: true as const }, 200);
    });
  }

  return app;
}
