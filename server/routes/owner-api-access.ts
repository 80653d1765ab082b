import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AUTH_METHODS, ENVIRONMENTS } from '../../plugins/portico/contract.ts';
import { API_ACCESS_STATUSES } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, throwIfFailed } from '../http/errors.ts';
import { refusal, requireActor, requireCan } from '../http/guards.ts';
import { idSchema } from '../ids.ts';
import { approvalOf, approvalRefusalMessage, approveApiAccess, decideApiAccess, findApiAccess, listApiAccessFor, saveReview } from '../services/api-access.ts';
import { approvalPermission } from '../rules/api-access-approval.ts';
import type { Actor } from '../rules/permissions.ts';
import type { StoredReview } from '../rules/review-checklist.ts';
import { ErrorResponse, OkResponse, errorResponses, jsonBody, jsonResponse, plainText } from './schemas.ts';
import type { RouteOptions } from './route-options.ts';
import { CallBackRecord, EntitlementRecord, callBackRecord, entitlementRecord } from './review-record-projections.ts';

const tags = ['Owner console'];
const SubscriptionId = idSchema('sub');
/**
 * What the owners of an API see of an access request: the request, their own review checklist
 * (the console shows who recorded the call-back: a second person approves production), the app
 * and who asked. Not who decided, not account ids (issue #13, Medium 4).
 */
const Review = z
  .object({
    identity: z
      .object({ confirmed: z.boolean() })
      .strict()
      .optional()
      .openapi({ description: 'Sandbox: an owner confirmed who asks (name, company, verified domain, the organization of the certificate)' }),
    entitlement: EntitlementRecord.optional(),
    callBack: CallBackRecord.optional(),
    callBackRecordedBy: z.string().optional().openapi({ description: 'The account that recorded the call-back: it does not approve a production request too' }),
  })
  .strict();
const Row = z
  .object({
    access: z
      .object({
        id: z.string(),
        apiSlug: z.string(),
        environment: z.enum(ENVIRONMENTS),
        authMethod: z.enum(AUTH_METHODS),
        status: z.enum(API_ACCESS_STATUSES),
        justification: z.string().nullable(),
        review: Review.nullable(),
        decisionReason: z.string().nullable(),
        createdAt: z.number(),
      })
      .strict(),
    app: z.object({ id: z.string(), name: z.string(), technicalContact: z.string(), businessContact: z.string() }).strict(),
    user: z.object({ email: z.string(), fullName: z.string(), company: z.string() }).strict(),
    approvalRefused: z.enum(['forbidden', 'own_request', 'second_person']).nullable().openapi({
      description:
        "Why the policy refuses this reader's approval (own_request: their own app; second_person: they recorded the production call-back); null when it allows it — the checklist is checked on approval",
    }),
  })
  .strict()
  .openapi('ApiAccessForOwners');

function reviewForOwners(stored: StoredReview | null): z.infer<typeof Review> | null {
  if (!stored) return null;
  const { identity, entitlement, callBack, callBackRecordedBy } = stored;
  return {
    ...(identity ? { identity: { confirmed: identity.confirmed } } : {}),
    ...(entitlement ? { entitlement: entitlementRecord(entitlement) } : {}),
    ...(callBack ? { callBack: callBackRecord(callBack) } : {}),
    ...(callBackRecordedBy ? { callBackRecordedBy } : {}),
  };
}

function apiAccessForOwners(row: Awaited<ReturnType<typeof listApiAccessFor>>[number], reader: Actor): z.infer<typeof Row> {
  const { id, apiSlug, environment, authMethod, status, justification, review, decisionReason, createdAt } = row.access;
  const permission = approvalPermission(reader, { apiSlug, requesterId: row.app.holderId, environment, authMethod, review });
  return {
    access: { id, apiSlug, environment, authMethod, status, justification, review: reviewForOwners(review), decisionReason, createdAt },
    app: { id: row.app.id, name: row.app.name, technicalContact: row.app.technicalContact, businessContact: row.app.businessContact },
    user: { email: row.user.email, fullName: row.user.fullName, company: row.user.company },
    approvalRefused: permission.allowed ? null : permission.reason === 'own_request' || permission.reason === 'second_person' ? permission.reason : 'forbidden',
  };
}
const Refusal = jsonResponse(ErrorResponse, 'No such API access, or already decided');
const decided = { 200: jsonResponse(OkResponse, 'Decided'), 404: Refusal, 409: Refusal, ...errorResponses };
const params = z.object({ id: SubscriptionId });
const ReasonBody = z.object({ reason: plainText('reason', 1000) }).strict();

const routes = {
  list: createRoute({
    method: 'get',
    path: '/owner/api-access',
    tags,
    summary: 'Which apps have, or ask for, access to your APIs, per environment',
    request: { query: z.object({ api: z.string().max(64).optional(), status: z.enum(API_ACCESS_STATUSES).optional() }) },
    responses: { 200: jsonResponse(z.object({ access: z.array(Row) }).strict(), 'API access'), ...errorResponses },
  }),
  review: createRoute({
    method: 'put',
    path: '/owner/api-access/{id}/review',
    tags,
    summary: 'Record the review checklist of an mTLS request (sandbox: identity, entitlement; production: entitlement, call-back)',
    request: {
      params: z.object({ id: SubscriptionId }),
      ...jsonBody(
        z
          .object({
            identity: z.object({ confirmed: z.boolean() }).strict().optional(),
            entitlement: z
              .object({
                businessInformation: z.boolean(),
                technicalInformation: z.boolean(),
                kyc: z.boolean(),
                contractAndTerms: z.boolean(),
                notes: z.string().max(1000).optional(),
              })
              .strict()
              .optional(),
            callBack: z
              .object({
                phoneFromContract: plainText('phone number', 40),
                calledBy: plainText('who called', 100),
                calledAt: z.iso.datetime({ offset: true }),
                subjectConfirmed: z.boolean(),
                issuerConfirmed: z.boolean(),
              })
              .strict()
              .optional(),
          })
          .strict(),
      ),
    },
    responses: {
      200: jsonResponse(z.object({ canApprove: z.boolean(), missing: z.array(z.string()), warnings: z.array(z.string()) }), 'Saved; what approval still needs'),
      404: Refusal,
      409: Refusal,
      ...errorResponses,
    },
  }),
  approve: createRoute({
    method: 'post',
    path: '/owner/api-access/{id}/approve',
    tags,
    summary: 'Approve an API access request (mTLS: once the mandatory checklist items are done)',
    request: { params },
    responses: decided,
  }),
  refuse: createRoute({
    method: 'post',
    path: '/owner/api-access/{id}/refuse',
    tags,
    summary: 'Refuse an API access request (reason sent to the consumer)',
    request: { params, ...jsonBody(ReasonBody) },
    responses: decided,
  }),
  revoke: createRoute({
    method: 'post',
    path: '/owner/api-access/{id}/revoke',
    tags,
    summary: "Revoke an app's API access: its tokens stop working at once",
    request: { params, ...jsonBody(ReasonBody) },
    responses: decided,
  }),
  resume: createRoute({
    method: 'post',
    path: '/owner/api-access/{id}/resume',
    tags,
    summary: 'Resume a suspended API access once what suspended it is in order (documentation access; for mTLS the checklist); tokens from before stay dead',
    request: { params },
    responses: decided,
  }),
};

export function ownerApiAccessRoutes(options: Pick<RouteOptions, 'validationHook'>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });

  app.openapi(routes.list, async (c) => {
    const { actor } = await requireCan(c, { kind: 'use_owner_console' }, 'You own no API on this portal.');
    const { api, status } = c.req.valid('query');
    return c.json({ access: (await listApiAccessFor(c.get('services'), actor, { apiSlug: api, status })).map((row) => apiAccessForOwners(row, actor)) }, 200);
  });

  app.openapi(routes.review, async (c) => {
    const id = c.req.valid('param').id;
    const row = await findApiAccess(c.get('services'), id);
    if (!row) throw new ApiError('not_found', 'There is no such API access.');
    const { auth } = await requireCan(c, { kind: 'decide_for_api', api: row.access.apiSlug, requesterId: row.app.holderId });
    const result = await saveReview(c.get('services'), auth.user.id, id, c.req.valid('json'));
    throwIfFailed(result);
    return c.json(result.verdict, 200);
  });

  app.openapi(routes.approve, async (c) => approveOrResume(c, c.req.valid('param').id, 'approve'));
  app.openapi(routes.resume, async (c) => approveOrResume(c, c.req.valid('param').id, 'resume'));
  app.openapi(routes.refuse, async (c) => refuseOrRevoke(c, c.req.valid('param').id, 'refuse', c.req.valid('json').reason));
  app.openapi(routes.revoke, async (c) => refuseOrRevoke(c, c.req.valid('param').id, 'revoke', c.req.valid('json').reason));
  return app;
}

async function approveOrResume(c: Context<AppEnv>, id: string, action: 'approve' | 'resume') {
  const row = await findApiAccess(c.get('services'), id);
  if (!row) throw new ApiError('not_found', 'There is no such API access.');
  const { auth, actor } = await requireActor(c);
  // One answer (rules/api-access-approval.ts): the policy, the checklist and the documentation access.
  const approval = await approvalOf(c.get('services'), actor, row, action);
  if (!approval.allowed) {
    if (approval.reason === 'checklist_incomplete' || approval.reason === 'needs_doc_access')
      throw new ApiError(approval.reason, approvalRefusalMessage(approval));
    throw refusal(approval.reason);
  }
  throwIfFailed(await approveApiAccess(c.get('services'), auth.user.id, id, action, approval));
  return c.json({ ok: true as const }, 200);
}

async function refuseOrRevoke(c: Context<AppEnv>, id: string, action: 'refuse' | 'revoke', reason: string) {
  const row = await findApiAccess(c.get('services'), id);
  if (!row) throw new ApiError('not_found', 'There is no such API access.');
  const { auth } = await requireCan(c, { kind: 'decide_for_api', api: row.access.apiSlug, requesterId: row.app.holderId });
  throwIfFailed(await decideApiAccess(c.get('services'), auth.user.id, id, action, reason));
  return c.json({ ok: true as const }, 200);
}
