import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AUTH_METHODS, ENVIRONMENTS } from '../../plugins/portico/contract.ts';
import { API_ACCESS_STATUSES, DOC_ACCESS_STATUSES } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, throwIfFailed } from '../http/errors.ts';
import { requireCan } from '../http/guards.ts';
import { decidableApis } from '../rules/permissions.ts';
import { idSchema } from '../ids.ts';
import { decideDocAccess, findAccess, listRequestsFor } from '../services/doc-access.ts';
import { ErrorResponse, OkResponse, docAccessFields, errorResponses, jsonBody, jsonResponse, plainText } from './schemas.ts';
import type { RouteOptions } from './route-options.ts';

const tags = ['Owner console'];

/** What an owner reads about a request: never who decided, nor anything beyond these fields. */
const RequestRow = z
  .object({
    access: z.object(docAccessFields).strict(),
    user: z.object({ id: z.string(), email: z.string(), fullName: z.string(), company: z.string() }).strict(),
    dependentApiAccess: z
      .array(
        z.object({ appName: z.string(), environment: z.enum(ENVIRONMENTS), authMethod: z.enum(AUTH_METHODS), status: z.enum(API_ACCESS_STATUSES) }).strict(),
      )
      .openapi({
        description: "The requester's apps' API access that revoking or refusing this request would also stop (approved: suspended, pending: refused)",
      }),
  })
  .strict();
type RequestRowOut = z.infer<typeof RequestRow>;

function toRequestRow(row: Awaited<ReturnType<typeof listRequestsFor>>[number]): RequestRowOut {
  const { access, user } = row;
  return {
    access: {
      id: access.id,
      apiSlug: access.apiSlug,
      status: access.status,
      justification: access.justification,
      decisionReason: access.decisionReason,
      createdAt: access.createdAt,
      decidedAt: access.decidedAt,
    },
    user: { id: user.id, email: user.email, fullName: user.fullName, company: user.company },
    dependentApiAccess: row.dependentApiAccess.map(({ appName, environment, authMethod, status }) => ({ appName, environment, authMethod, status })),
  };
}

const Refusal = jsonResponse(ErrorResponse, 'No such request, or already decided');
const decided = { 200: jsonResponse(OkResponse, 'Decided'), 404: Refusal, 409: Refusal, ...errorResponses };
const ReasonBody = z.object({ reason: plainText('reason', 1000) }).strict();
const params = z.object({ id: idSchema('acc') });

const routes = {
  list: createRoute({
    method: 'get',
    path: '/owner/requests',
    tags,
    summary: 'Requests on the APIs you own (all APIs for admins), oldest first',
    request: { query: z.object({ api: z.string().max(64).optional(), status: z.enum(DOC_ACCESS_STATUSES).optional() }) },
    responses: { 200: jsonResponse(z.object({ apis: z.array(z.string()), requests: z.array(RequestRow) }).strict(), 'Requests'), ...errorResponses },
  }),
  approve: createRoute({
    method: 'post',
    path: '/owner/requests/{id}/approve',
    tags,
    summary: 'Approve a request: the requester can read the docs at once',
    request: { params },
    responses: decided,
  }),
  refuse: createRoute({
    method: 'post',
    path: '/owner/requests/{id}/refuse',
    tags,
    summary: 'Refuse a request (the reason is sent to the requester)',
    request: { params, ...jsonBody(ReasonBody) },
    responses: decided,
  }),
  revoke: createRoute({
    method: 'post',
    path: '/owner/requests/{id}/revoke',
    tags,
    summary: "Revoke an approved access (the reason is sent to the reader); a private API's access of the reader's apps is suspended with it",
    request: { params, ...jsonBody(ReasonBody) },
    responses: decided,
  }),
};

export function ownerRoutes(options: Pick<RouteOptions, 'validationHook'>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });

  app.openapi(routes.list, async (c) => {
    const { actor } = await requireCan(c, { kind: 'use_owner_console' }, 'You own no API on this portal.');
    const { api, status } = c.req.valid('query');
    const apis = decidableApis(
      actor,
      c.get('services').manifest.apis.map((entry) => entry.slug),
    );
    const rows = await listRequestsFor(c.get('services'), actor, { apiSlug: api, status });
    return c.json({ apis, requests: rows.map(toRequestRow) }, 200);
  });

  app.openapi(routes.approve, async (c) => decide(c, c.req.valid('param').id, 'approve'));
  app.openapi(routes.refuse, async (c) => decide(c, c.req.valid('param').id, 'refuse', c.req.valid('json').reason));
  app.openapi(routes.revoke, async (c) => decide(c, c.req.valid('param').id, 'revoke', c.req.valid('json').reason));

  return app;
}

/** An owner's decision on a request for an API they own (admins: any). */
async function decide(c: Context<AppEnv>, id: string, action: 'approve' | 'refuse' | 'revoke', reason?: string) {
  const access = await findAccess(c.get('services'), id);
  if (!access) throw new ApiError('not_found', 'There is no such request.');
  const { auth } = await requireCan(c, { kind: 'decide_for_api', api: access.apiSlug, requesterId: access.userId });
  throwIfFailed(await decideDocAccess(c.get('services'), auth.user.id, id, action, reason));
  return c.json({ ok: true as const }, 200);
}
