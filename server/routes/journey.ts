import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { AUTH_METHODS, ENVIRONMENTS, VISIBILITIES } from '../../plugins/portico/contract.ts';
import type { AppEnv } from '../http/env.ts';
import { requireAuth } from '../http/guards.ts';
import { JOURNEY_STEPS, NEXT_ACTIONS, STEP_STATES } from '../rules/partner-journey.ts';
import { DECISION_SUBJECTS } from '../rules/partner-notices.ts';
import { markNoticesSeen, partnerPortalOf } from '../services/partner-journey.ts';
import { errorResponses, jsonResponse } from './schemas.ts';
import type { RouteOptions } from './route-options.ts';

const tags = ['Accounts'];
const StepId = z.enum(JOURNEY_STEPS);

const Step = z
  .object({
    id: StepId,
    state: z.enum(STEP_STATES),
    since: z.number().nullable().openapi({ description: 'Waiting: since when (ms). Done: when it was decided, when known.' }),
    status: z.string().nullable().openapi({ description: 'The status of the record behind the step (refused, suspended, awaiting_ca…)' }),
    reason: z.string().nullable().openapi({ description: "The provider's reason for a refusal, revocation or suspension" }),
    blockedBy: StepId.nullable().openapi({ description: 'The earlier step to complete first' }),
    subjectId: z.string().nullable().openapi({ description: 'The record the step is about (the certificate whose key to prove)' }),
  })
  .strict();

const ApiJourney = z
  .object({
    slug: z.string(),
    title: z.string(),
    visibility: z.enum(VISIBILITIES),
    overviewPath: z.string(),
    docsPath: z.string(),
    steps: z.array(Step),
    next: z
      .object({ kind: z.enum(NEXT_ACTIONS), step: StepId.nullable(), subjectId: z.string().nullable() })
      .strict()
      .nullable()
      .openapi({ description: "The partner's one next action; null when everything left waits on the provider, or all is done" }),
    waiting: z.array(z.object({ step: StepId, since: z.number() }).strict()),
    complete: z.boolean(),
  })
  .strict();

const Decision = z
  .object({
    subject: z.enum(DECISION_SUBJECTS),
    id: z.string(),
    apiSlug: z.string(),
    apiTitle: z.string(),
    status: z.string(),
    decidedAt: z.number(),
    reason: z.string().nullable(),
    unseen: z.boolean().openapi({ description: 'Decided after the partner last marked their notices seen' }),
    environment: z.enum(ENVIRONMENTS).nullable(),
    authMethod: z.enum(AUTH_METHODS).nullable(),
    appName: z.string().nullable(),
  })
  .strict();

const Notices = z
  .object({
    decisions: z.number().int(),
    actions: z.number().int(),
    total: z.number().int().openapi({ description: "The navbar badge's count: unseen decisions and steps waiting on the partner" }),
    seenAt: z.number().nullable(),
  })
  .strict();

const PartnerPortalResponse = z
  .object({
    emailVerified: z.boolean(),
    appCount: z.number().int(),
    apis: z.array(ApiJourney),
    decisions: z.array(Decision).openapi({ description: 'The 20 most recent decisions others made on your requests, accesses and certificates' }),
    notices: Notices,
  })
  .strict()
  .openapi('PartnerPortal');

/** What GET /api/me/journey answers: the portal page renders it as is. */
export type PartnerPortal = z.infer<typeof PartnerPortalResponse>;

const routes = {
  journey: createRoute({
    method: 'get',
    path: '/me/journey',
    tags,
    summary: 'Where you stand with each API you work with: the steps, the next action, what waits on the provider, recent decisions',
    responses: { 200: jsonResponse(PartnerPortalResponse, 'Your journey, decisions and notices'), 401: errorResponses[401] },
  }),
  seen: createRoute({
    method: 'post',
    path: '/me/notices/seen',
    tags,
    summary: 'Mark the decisions so far as seen (the navbar badge counts only later ones)',
    responses: { 200: jsonResponse(z.object({ seenAt: z.number() }).strict(), 'Marked'), 401: errorResponses[401] },
  }),
};

export function journeyRoutes(options: Pick<RouteOptions, 'validationHook'>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });

  app.openapi(routes.journey, async (c) => {
    const { user } = requireAuth(c);
    return c.json(await partnerPortalOf(c.get('services'), user), 200);
  });

  app.openapi(routes.seen, async (c) => {
    const { user } = requireAuth(c);
    return c.json(await markNoticesSeen(c.get('services'), user), 200);
  });

  return app;
}
