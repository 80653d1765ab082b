import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { DOC_ACCESS_STATUSES } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, throwIfFailed } from '../http/errors.ts';
import { requireAuth, requireCan } from '../http/guards.ts';
import { loadActor } from '../services/actors.ts';
import { decideDocAccess, findAccess, listRequestsFor } from '../services/doc-requests.ts';
import { AccessId } from './doc-access.ts';
import { OkResponse, errorResponses, jsonBody, jsonResponse, plainText } from './schemas.ts';
import type { RouteOptions } from './route-options.ts';

const tags = ['Owner console'];

const RequestRow = z.object({
  access: z.object({ id: z.string(), apiSlug: z.string(), status: z.string(), justification: z.string().nullable(), decisionReason: z.string().nullable(), createdAt: z.number(), decidedAt: z.number().nullable() }).passthrough(),
  user: z.object({ id: z.string(), email: z.string(), fullName: z.string(), company: z.string() }),
});

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
    responses: { 200: jsonResponse(z.object({ apis: z.array(z.string()), requests: z.array(RequestRow) }), 'Requests'), ...errorResponses },
  }),
  approve: decision('approve', 'Approve a request: the requester can read the docs at once', false),
  refuse: decision('refuse', 'Refuse a request (the reason is sent to the requester)', true),
  revoke: decision('revoke', 'Revoke an approved access (the reason is sent to the reader)', true),
};

export function ownerRoutes(options: Pick<RouteOptions, 'validationHook'>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });

  app.openapi(routes.list, async (c) => {
    const auth = requireAuth(c);
    const actor = await loadActor(c.get('services'), auth.user);
    const { api, status } = c.req.valid('query');
    const apis = actor.role === 'admin' ? c.get('services').manifest.apis.map((entry) => entry.slug) : [...actor.ownedApis];
    if (apis.length === 0) throw new ApiError(403, 'forbidden', 'You own no API on this portal.');
    return c.json({ apis: apis.sort(), requests: await listRequestsFor(c.get('services'), actor, { apiSlug: api, status }) }, 200);
  });

  for (const action of ['approve', 'refuse', 'revoke'] as const) {
    app.openapi(routes[action], async (c) => {
      const id = c.req.valid('param').id;
      const reason = action === 'approve' ? undefined : (c.req.valid('json' as never) as { reason: string }).reason;
      const access = await findAccess(c.get('services'), id);
      if (!access) throw new ApiError(404, 'not_found', 'There is no such request.');
      const { auth } = await requireCan(c, { kind: 'decide_for_api', api: access.apiSlug, requesterId: access.userId });
      throwIfFailed(await decideDocAccess(c.get('services'), auth.user.id, id, action, reason), { not_found: 404, conflict: 409, reason_required: 400 });
      return c.json({ ok: true as const }, 200);
    });
  }

  return app;
}
