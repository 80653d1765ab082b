import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.ts';
import { throwIfFailed } from '../http/errors.ts';
import { requireCan } from '../http/guards.ts';
import { QUEUE_STATES } from '../rules/owner-queues.ts';
import { ownerQueues } from '../services/owner-queues.ts';
import { reviewFor } from '../services/owner-review.ts';
import { OwnerQueues, OwnerReview, queuesForOwners, reviewForOwners } from './owner-review-projections.ts';
import type { RouteOptions } from './route-options.ts';
import { ErrorResponse, errorResponses, jsonResponse } from './schemas.ts';

const tags = ['Owner console'];

const routes = {
  queues: createRoute({
    method: 'get',
    path: '/owner/queues',
    tags,
    summary: 'The owner console queues (documentation, app access, certificates, mTLS reviews), one filter for all, oldest first with their age',
    request: {
      query: z.object({
        api: z.string().max(64).optional(),
        state: z.enum(QUEUE_STATES).default('waiting').openapi({ description: 'waiting (default): still owed a decision; decided; all' }),
      }),
    },
    responses: { 200: jsonResponse(OwnerQueues, 'Every queue, each with its count (0 included)'), ...errorResponses },
  }),
  review: createRoute({
    method: 'get',
    path: '/owner/reviews/{id}',
    tags,
    summary: 'Everything needed to decide one request: the requester and their earlier requests, the app, the certificate, the checklist',
    request: {
      params: z.object({
        id: z
          .string()
          .max(40)
          .openapi({ description: 'A documentation request (acc_…), an API access (sub_…) or a client certificate (crt_…) on an API you decide for' }),
      }),
    },
    responses: {
      200: jsonResponse(OwnerReview, 'The review panel'),
      404: jsonResponse(ErrorResponse, 'No such request on an API you decide for'),
      ...errorResponses,
    },
  }),
};

export function ownerReviewRoutes(options: Pick<RouteOptions, 'validationHook'>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });

  app.openapi(routes.queues, async (c) => {
    const { actor } = await requireCan(c, { kind: 'use_owner_console' }, 'You own no API on this portal.');
    const { api, state } = c.req.valid('query');
    return c.json(queuesForOwners(await ownerQueues(c.get('services'), actor, { state, ...(api ? { apiSlug: api } : {}) })), 200);
  });

  app.openapi(routes.review, async (c) => {
    const { actor, auth } = await requireCan(c, { kind: 'use_owner_console' }, 'You own no API on this portal.');
    const result = await reviewFor(c.get('services'), actor, c.req.valid('param').id);
    throwIfFailed(result);
    return c.json(reviewForOwners(result.review, auth.user.id), 200);
  });
  return app;
}
