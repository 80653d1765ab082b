import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { AUTH_METHODS, ENVIRONMENTS } from '../../plugins/portico/contract.ts';
import { API_ACCESS_STATUSES } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, throwIfFailed } from '../http/errors.ts';
import { requireCan } from '../http/guards.ts';
import { idSchema } from '../ids.ts';
import { givesSandboxToken, opensSandbox } from '../rules/api-access-states.ts';
import { actsOnOwn } from '../rules/permissions.ts';
import { decideApiAccess, findApiAccess, requestApiAccess } from '../services/api-access.ts';
import { createConsumerApp, deleteConsumerApp, findOwnApp, listOwnApps, revokeClientSecret, rotateClientSecret, updateConsumerApp } from '../services/apps.ts';
import { sandboxTokenFor } from '../services/sandbox-token.ts';
import { ErrorResponse, OkResponse, errorResponses, jsonBody, jsonResponse, plainText } from './schemas.ts';
import type { RouteOptions } from './route-options.ts';

const tags = ['Apps and API access'];
const AppId = idSchema('app');
const AppFields = z.object({
  name: plainText('name', 80),
  description: z.string().trim().max(1000).default(''),
  businessContact: plainText('business contact', 200),
  technicalContact: plainText('technical contact', 200),
});
/** The consumer's view of their own apps: their access states and reasons, never the owners' review or who decided. */
const SecretOut = z
  .object({ id: z.string(), hint: z.string(), createdAt: z.number(), expiresAt: z.number().nullable(), revokedAt: z.number().nullable(), live: z.boolean() })
  .strict();
const AccessOut = z
  .object({
    id: z.string(),
    apiSlug: z.string(),
    environment: z.enum(ENVIRONMENTS),
    authMethod: z.enum(AUTH_METHODS),
    status: z.enum(API_ACCESS_STATUSES),
    decisionReason: z.string().nullable(),
    certificateId: z.string().nullable(),
    createdAt: z.number(),
    decidedAt: z.number().nullable(),
    opensSandbox: z.boolean().openapi({ description: 'Approved sandbox access: the app may call the sandbox' }),
    sandboxToken: z.boolean().openapi({ description: "Approved sandbox access by client secret: the docs' Try it panel can get the app a token" }),
  })
  .strict();
const AppOut = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    businessContact: z.string(),
    technicalContact: z.string(),
    createdAt: z.number(),
    secrets: z.array(SecretOut),
    apiAccess: z.array(AccessOut),
  })
  .strict();

function toConsumerApp(app: Awaited<ReturnType<typeof listOwnApps>>[number]): z.infer<typeof AppOut> {
  return {
    id: app.id,
    name: app.name,
    description: app.description,
    businessContact: app.businessContact,
    technicalContact: app.technicalContact,
    createdAt: app.createdAt,
    secrets: app.secrets.map((secret) => ({
      id: secret.id,
      hint: secret.hint,
      createdAt: secret.createdAt,
      expiresAt: secret.expiresAt,
      revokedAt: secret.revokedAt,
      live: secret.live,
    })),
    apiAccess: app.apiAccess.map((access) => ({
      id: access.id,
      apiSlug: access.apiSlug,
      environment: access.environment,
      authMethod: access.authMethod,
      status: access.status,
      decisionReason: access.decisionReason,
      certificateId: access.certificateId,
      createdAt: access.createdAt,
      decidedAt: access.decidedAt,
      opensSandbox: opensSandbox(access),
      sandboxToken: givesSandboxToken(access),
    })),
  };
}

const routes = {
  list: createRoute({
    method: 'get',
    path: '/apps',
    tags,
    summary: 'My apps with their secrets (never the values) and API access',
    responses: { 200: jsonResponse(z.object({ apps: z.array(AppOut) }).strict(), 'Apps'), ...errorResponses },
  }),
  create: createRoute({
    method: 'post',
    path: '/apps',
    tags,
    summary: 'Create an app: its client id, and its client secret shown this once',
    request: jsonBody(AppFields.extend({ secretExpiresInDays: z.number().int().min(1).max(730).optional() }).strict()),
    responses: { 201: jsonResponse(z.object({ clientId: z.string(), clientSecret: z.string() }).strict(), 'Created'), ...errorResponses },
  }),
  update: createRoute({
    method: 'patch',
    path: '/apps/{id}',
    tags,
    summary: 'Rename or describe an app',
    request: { params: z.object({ id: AppId }), ...jsonBody(AppFields.partial().strict()) },
    responses: { 200: jsonResponse(OkResponse, 'Updated'), ...errorResponses },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/apps/{id}',
    tags,
    summary: 'Delete an app: its secrets and API access end at once',
    request: { params: z.object({ id: AppId }) },
    responses: { 200: jsonResponse(OkResponse, 'Deleted'), ...errorResponses },
  }),
  rotate: createRoute({
    method: 'post',
    path: '/apps/{id}/secrets',
    tags,
    summary: 'A new client secret; the old one keeps working for the overlap window',
    request: { params: z.object({ id: AppId }), ...jsonBody(z.object({ overlapHours: z.number().min(0).max(720).default(24) }).strict()) },
    responses: {
      201: jsonResponse(z.object({ clientSecret: z.string(), secretId: z.string() }).strict(), 'Created'),
      409: jsonResponse(ErrorResponse, 'Two secrets already live'),
      ...errorResponses,
    },
  }),
  revokeSecret: createRoute({
    method: 'post',
    path: '/apps/{id}/secrets/{secretId}/revoke',
    tags,
    summary: 'Revoke a client secret at once',
    request: { params: z.object({ id: AppId, secretId: idSchema('sec') }) },
    responses: { 200: jsonResponse(OkResponse, 'Revoked'), ...errorResponses },
  }),
  requestAccess: createRoute({
    method: 'post',
    path: '/apps/{id}/api-access',
    tags,
    summary: 'Ask for access to an API in an environment',
    request: {
      params: z.object({ id: AppId }),
      ...jsonBody(
        z
          .object({
            apiSlug: z.string().max(64),
            environment: z.enum(ENVIRONMENTS),
            authMethod: z.enum(AUTH_METHODS).default('client_secret'),
            certificateId: idSchema('crt').optional(),
            justification: z.string().trim().max(1000).optional(),
          })
          .strict(),
      ),
    },
    responses: {
      201: jsonResponse(z.object({ id: z.string(), status: z.enum(API_ACCESS_STATUSES) }).strict(), 'Requested'),
      409: jsonResponse(ErrorResponse, 'Already open'),
      ...errorResponses,
    },
  }),
  sandboxToken: createRoute({
    method: 'post',
    path: '/apps/{id}/sandbox-token',
    tags,
    summary: "A sandbox access token for one of your apps, for the docs' Try it panel",
    request: { params: z.object({ id: AppId }), ...jsonBody(z.object({ apiSlug: z.string().max(64) }).strict()) },
    responses: {
      200: jsonResponse(z.object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number(), scope: z.string() }).strict(), 'A token'),
      ...errorResponses,
    },
  }),
  withdraw: createRoute({
    method: 'post',
    path: '/api-access/{id}/withdraw',
    tags,
    summary: 'Withdraw a pending API access request',
    request: { params: z.object({ id: idSchema('sub') }) },
    responses: { 200: jsonResponse(OkResponse, 'Withdrawn'), ...errorResponses },
  }),
};

export function appsRoutes(options: Pick<RouteOptions, 'validationHook'>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });
  const ownApp = async (c: Parameters<Parameters<typeof app.openapi>[1]>[0], id: string) => {
    const { auth } = await requireCan(c, { kind: 'manage_apps' });
    const found = await findOwnApp(c.get('services'), auth.user, id);
    // Another consumer's app is "not found": client ids reveal nothing.
    if (!found) throw new ApiError('not_found', 'There is no such app.');
    return { auth, found };
  };

  app.openapi(routes.list, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_apps' });
    return c.json({ apps: (await listOwnApps(c.get('services'), auth.user.id)).map(toConsumerApp) }, 200);
  });

  app.openapi(routes.create, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_apps' });
    const { secretExpiresInDays, ...fields } = c.req.valid('json');
    const services = c.get('services');
    const expiresAt = secretExpiresInDays ? services.now() + secretExpiresInDays * 86_400_000 : undefined;
    const created = await createConsumerApp(services, auth.user, { ...fields, description: fields.description ?? '' }, expiresAt);
    return c.json({ clientId: created.app.id, clientSecret: created.secret }, 201);
  });

  app.openapi(routes.update, async (c) => {
    const { auth, found } = await ownApp(c, c.req.valid('param').id);
    await updateConsumerApp(c.get('services'), auth.user.id, found.id, c.req.valid('json'));
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(routes.remove, async (c) => {
    const { auth, found } = await ownApp(c, c.req.valid('param').id);
    await deleteConsumerApp(c.get('services'), auth.user.id, found.id);
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(routes.rotate, async (c) => {
    const { auth, found } = await ownApp(c, c.req.valid('param').id);
    const result = await rotateClientSecret(c.get('services'), auth.user.id, found.id, c.req.valid('json').overlapHours * 3_600_000);
    throwIfFailed(result);
    return c.json({ clientSecret: result.secret, secretId: result.secretId }, 201);
  });

  app.openapi(routes.revokeSecret, async (c) => {
    const { id, secretId } = c.req.valid('param');
    const { auth, found } = await ownApp(c, id);
    throwIfFailed(await revokeClientSecret(c.get('services'), auth.user.id, found.id, secretId));
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(routes.requestAccess, async (c) => {
    const { auth, found } = await ownApp(c, c.req.valid('param').id);
    const result = await requestApiAccess(c.get('services'), auth.user, found, c.req.valid('json'));
    throwIfFailed(result);
    return c.json({ id: result.access.id, status: result.access.status }, 201);
  });

  app.openapi(routes.sandboxToken, async (c) => {
    const { found } = await ownApp(c, c.req.valid('param').id);
    const result = await sandboxTokenFor(c.get('services'), found, c.req.valid('json').apiSlug);
    throwIfFailed(result);
    return c.json({ access_token: result.token, token_type: 'Bearer' as const, expires_in: result.expiresIn, scope: result.scope }, 200);
  });

  app.openapi(routes.withdraw, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_apps' });
    const row = await findApiAccess(c.get('services'), c.req.valid('param').id);
    if (!row || !actsOnOwn(auth.user.id, row.app.holderId)) throw new ApiError('not_found', 'There is no such API access.');
    throwIfFailed(await decideApiAccess(c.get('services'), auth.user.id, row.access.id, 'withdraw'));
    return c.json({ ok: true as const }, 200);
  });

  return app;
}

/** The apps page's types are this answer's (src/features/apps/types.ts), never a hand-written copy. */
export type ConsumerApp = z.infer<typeof AppOut>;
