import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { MAX_SIGNATURE_CHARS } from '../certificates/possession.ts';
import type { Database } from '../db/client.ts';
import { CERTIFICATE_STATUSES } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, ERROR_CODES, throwIfFailed } from '../http/errors.ts';
import { requireAuth, requireCan } from '../http/guards.ts';
import { idSchema } from '../ids.ts';
import { listRegistry, setCaCertificate } from '../services/ca-registry.ts';
import { closeRevocationCase, listRevocationCases, reportRevokedCertificate } from '../services/certificate-lifecycle.ts';
import { decideCaRequest, listCaRequests, requestCa } from '../services/ca-requests.ts';
import {
  decideClientCertificate,
  findClientCertificate,
  listCertificatesFor,
  listMyCertificates,
  recheckAwaitingCertificates,
  uploadClientCertificate,
} from '../services/client-certificates.ts';
import { certificateForHolder, identityFacts, provePossessionBySignature } from '../services/certificate-possession.ts';
import { rateLimit } from '../middleware/rate-limit/index.ts';
import { decidableApis } from '../rules/permissions.ts';
import {
  CaForPlatformTeam,
  CaRequestForPlatformTeam,
  CertificateForOwners,
  Check,
  HeldCertificate,
  Possession,
  caForPlatformTeam,
  caRequestForPlatformTeam,
  certificateForItsHolder,
  certificateForOwners,
  checkForUploader,
  possessionForItsHolder,
} from './certificate-projections.ts';
import { OkResponse, errorResponses, jsonBody, jsonResponse, plainText } from './schemas.ts';
import type { RouteOptions } from './route-options.ts';

const CertificateId = idSchema('crt');
const Rejected = jsonResponse(
  z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), details: z.array(Check).optional() }) }),
  'Refused: every failed rule is named',
);

const routes = {
  upload: createRoute({
    method: 'post',
    path: '/certificates',
    tags: ['Certificates'],
    summary: 'Upload a client certificate (PEM, or base64 of DER), optionally with its chain, for one API',
    request: jsonBody(
      z
        .object({
          certificate: z.string().min(1).max(60_000),
          chain: z.string().max(60_000).optional(),
          apiSlug: z.string().max(64),
          replaces: CertificateId.optional().openapi({ description: 'A renewal or CA change: the approved certificate this one replaces' }),
          changeDate: z.iso.date().optional().openapi({ description: 'When the switch happens (announce at least 5 working days ahead)' }),
        })
        .strict(),
    ),
    responses: {
      201: jsonResponse(
        z
          .object({ id: z.string(), status: z.string(), checks: z.array(Check), noticeWorkingDays: z.number().optional(), warning: z.string().optional() })
          .strict(),
        'Passed every check; waiting for the owners',
      ),
      202: jsonResponse(
        z.object({ id: z.string(), status: z.string(), checks: z.array(Check), message: z.string() }).strict(),
        'Fits every rule but its CA is not accepted yet: kept until the platform team adds it',
      ),
      422: Rejected,
      ...errorResponses,
    },
  }),
  caRequest: createRoute({
    method: 'post',
    path: '/registry/requests',
    tags: ['CA registry'],
    summary: 'Ask the platform team to accept a CA (API owners)',
    request: jsonBody(z.object({ name: plainText('name', 200), certificate: z.string().min(1).max(60_000), reason: plainText('reason', 1000) }).strict()),
    responses: { 201: jsonResponse(z.object({ id: z.string() }), 'Requested; the platform team is emailed'), 422: Rejected, ...errorResponses },
  }),
  caRequests: createRoute({
    method: 'get',
    path: '/registry/requests',
    tags: ['CA registry'],
    summary: 'Requests to accept a CA',
    responses: { 200: jsonResponse(z.object({ requests: z.array(CaRequestForPlatformTeam) }).strict(), 'Requests'), ...errorResponses },
  }),
  caDecide: createRoute({
    method: 'post',
    path: '/registry/requests/{id}/decide',
    tags: ['CA registry'],
    summary: 'Add the requested CA (EV confirmed) or decline it',
    request: {
      params: z.object({ id: idSchema('car') }),
      ...jsonBody(
        z.union([
          z.object({ add: z.literal(true), ev: z.boolean() }).strict(),
          z.object({ add: z.literal(false), reason: plainText('reason', 1000) }).strict(),
        ]),
      ),
    },
    responses: { 200: jsonResponse(z.object({ rechecked: z.number() }), 'Decided'), 409: Rejected, 422: Rejected, ...errorResponses },
  }),
  one: createRoute({
    method: 'get',
    path: '/certificates/{id}',
    tags: ['Certificates'],
    summary: 'One of my client certificates, with how to prove I hold its private key',
    request: { params: z.object({ id: CertificateId }) },
    responses: { 200: jsonResponse(z.object({ certificate: HeldCertificate, possession: Possession }).strict(), 'The certificate'), ...errorResponses },
  }),
  possession: createRoute({
    method: 'post',
    path: '/certificates/{id}/possession',
    tags: ['Certificates'],
    summary: "Prove you hold the certificate's private key: the base64 signature of its challenge (openssl dgst -sha256 -sign client.key)",
    request: { params: z.object({ id: CertificateId }), ...jsonBody(z.object({ signature: z.string().max(MAX_SIGNATURE_CHARS * 2) }).strict()) },
    responses: { 200: jsonResponse(z.object({ possession: Possession }).strict(), 'Proved'), 409: Rejected, 422: Rejected, ...errorResponses },
  }),
  mine: createRoute({
    method: 'get',
    path: '/certificates',
    tags: ['Certificates'],
    summary: 'My client certificates',
    responses: { 200: jsonResponse(z.object({ certificates: z.array(HeldCertificate) }).strict(), 'Certificates'), ...errorResponses },
  }),
  ownerList: createRoute({
    method: 'get',
    path: '/owner/certificates',
    tags: ['Owner console'],
    summary: 'Certificates submitted for your APIs',
    request: { query: z.object({ status: z.enum(CERTIFICATE_STATUSES).optional() }) },
    responses: { 200: jsonResponse(z.object({ certificates: z.array(CertificateForOwners) }).strict(), 'Certificates'), ...errorResponses },
  }),
  approve: createRoute({
    method: 'post',
    path: '/owner/certificates/{id}/approve',
    tags: ['Owner console'],
    summary: 'Approve a client certificate',
    request: { params: z.object({ id: CertificateId }) },
    responses: { 200: jsonResponse(OkResponse, 'Approved'), 409: Rejected, ...errorResponses },
  }),
  refuse: createRoute({
    method: 'post',
    path: '/owner/certificates/{id}/refuse',
    tags: ['Owner console'],
    summary: 'Refuse a client certificate (reason sent)',
    request: { params: z.object({ id: CertificateId }), ...jsonBody(z.object({ reason: plainText('reason', 1000) }).strict()) },
    responses: { 200: jsonResponse(OkResponse, 'Refused'), 409: Rejected, ...errorResponses },
  }),
  reportRevoked: createRoute({
    method: 'post',
    path: '/certificates/{id}/report-revoked',
    tags: ['Certificates'],
    summary: 'Report that your certificate was revoked: it is disabled at once and its API access suspended',
    request: { params: z.object({ id: CertificateId }) },
    responses: {
      200: jsonResponse(z.object({ dueBy: z.string(), suspended: z.number() }).strict(), 'Reported; the support team handles it within 5 working days'),
      409: Rejected,
      ...errorResponses,
    },
  }),
  cases: createRoute({
    method: 'get',
    path: '/owner/certificate-cases',
    tags: ['Owner console'],
    summary: 'Reported revocations on your APIs, with their 5-working-day due date',
    responses: {
      200: jsonResponse(
        z
          .object({
            cases: z.array(
              z
                .object({
                  id: z.string(),
                  apiSlug: z.string(),
                  subject: z.string(),
                  company: z.string(),
                  reportedAt: z.number(),
                  dueAt: z.number(),
                  handledAt: z.number().nullable(),
                  overdue: z.boolean(),
                })
                .strict(),
            ),
          })
          .strict(),
        'Cases',
      ),
      ...errorResponses,
    },
  }),
  closeCase: createRoute({
    method: 'post',
    path: '/owner/certificate-cases/{id}/handled',
    tags: ['Owner console'],
    summary: 'Close a reported-revocation case',
    request: { params: z.object({ id: CertificateId }) },
    responses: { 200: jsonResponse(OkResponse, 'Closed'), ...errorResponses },
  }),
  registry: createRoute({
    method: 'get',
    path: '/registry/cas',
    tags: ['CA registry'],
    summary: 'Accepted certification authorities, expiry warnings and dependent certificates',
    responses: { 200: jsonResponse(z.object({ cas: z.array(CaForPlatformTeam) }).strict(), 'The registry'), ...errorResponses },
  }),
  setCa: createRoute({
    method: 'put',
    path: '/registry/cas',
    tags: ['CA registry'],
    summary: 'Add a CA, or give an awaiting entry its certificate (platform team; EV confirmed)',
    request: jsonBody(z.object({ name: plainText('name', 200), certificate: z.string().min(1).max(60_000), ev: z.boolean() }).strict()),
    responses: { 200: jsonResponse(z.object({ id: z.string() }), 'Saved'), 422: Rejected, ...errorResponses },
  }),
};

const UPLOADS_PER_HOUR = 30;
const limiters = new WeakMap<Database, MiddlewareHandler>();

/**
 * Uploads cost a parse and a chain check each: at most UPLOADS_PER_HOUR per account (keyed on
 * the user, so a shared office address does not share the allowance). Anonymous requests pass
 * through to the route's 401.
 */
const uploadsPerUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== 'POST' || !c.get('auth')) return next();
  const db = c.get('services').db;
  let limiter = limiters.get(db);
  if (!limiter) {
    limiter = rateLimit({
      db,
      name: 'certificate-upload',
      limit: UPLOADS_PER_HOUR,
      windowMs: 3_600_000,
      key: (context) => (context as typeof c).get('auth')?.user.id ?? 'anonymous',
    });
    limiters.set(db, limiter);
  }
  return limiter(c, next);
};

export function certificateRoutes(options: Pick<RouteOptions, 'validationHook'>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });

  app.use('/certificates', uploadsPerUser);
  app.openapi(routes.upload, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_apps' });
    const result = await uploadClientCertificate(c.get('services'), auth.user, c.req.valid('json'));
    throwIfFailed(result);
    if (result.certificate.status === 'awaiting_ca') {
      return c.json(
        {
          id: result.certificate.id,
          status: result.certificate.status,
          checks: result.checks.map(checkForUploader),
          message:
            'Your certificate fits every rule, but its certification authority is not accepted yet. The API owners can ask the platform team to add it; your certificate is checked again when they do.',
        },
        202,
      );
    }
    return c.json(
      {
        id: result.certificate.id,
        status: result.certificate.status,
        checks: result.checks.map(checkForUploader),
        ...(result.noticeWorkingDays === undefined ? {} : { noticeWorkingDays: result.noticeWorkingDays }),
        ...(result.warning === undefined ? {} : { warning: result.warning }),
      },
      201,
    );
  });

  app.openapi(routes.mine, async (c) => {
    const { user } = requireAuth(c);
    return c.json({ certificates: (await listMyCertificates(c.get('services'), user.id)).map(certificateForItsHolder) }, 200);
  });

  app.openapi(routes.one, async (c) => {
    const result = await certificateForHolder(c.get('services'), requireAuth(c).user.id, c.req.valid('param').id);
    throwIfFailed(result);
    return c.json({ certificate: certificateForItsHolder(result.certificate), possession: possessionForItsHolder(result.possession) }, 200);
  });

  app.openapi(routes.possession, async (c) => {
    const result = await provePossessionBySignature(c.get('services'), requireAuth(c).user.id, c.req.valid('param').id, c.req.valid('json').signature);
    throwIfFailed(result);
    return c.json({ possession: possessionForItsHolder(result.possession) }, 200);
  });

  app.openapi(routes.ownerList, async (c) => {
    const { actor } = await requireCan(c, { kind: 'use_owner_console' }, 'You own no API on this portal.');
    const rows = await listCertificatesFor(c.get('services'), actor, c.req.valid('query').status);
    const identities = await identityFacts(c.get('services'), rows);
    return c.json({ certificates: rows.map((row, index) => certificateForOwners(row, identities[index] as (typeof identities)[number], actor)) }, 200);
  });

  app.openapi(routes.approve, async (c) => decideCertificate(c, c.req.valid('param').id, 'approve'));
  app.openapi(routes.refuse, async (c) => decideCertificate(c, c.req.valid('param').id, 'refuse', c.req.valid('json').reason));

  app.openapi(routes.reportRevoked, async (c) => {
    const { user } = requireAuth(c);
    const result = await reportRevokedCertificate(c.get('services'), user, c.req.valid('param').id);
    throwIfFailed(result);
    return c.json({ dueBy: result.dueBy, suspended: result.suspended }, 200);
  });

  app.openapi(routes.caRequest, async (c) => {
    const { auth } = await requireCan(c, { kind: 'ask_for_ca' }, 'Only API owners ask the platform team to add a CA.');
    const result = await requestCa(c.get('services'), auth.user, c.req.valid('json'));
    throwIfFailed(result);
    return c.json({ id: result.request.id }, 201);
  });

  app.openapi(routes.caRequests, async (c) => {
    await requireCan(c, { kind: 'manage_ca_registry' });
    return c.json({ requests: (await listCaRequests(c.get('services'))).map(caRequestForPlatformTeam) }, 200);
  });

  app.openapi(routes.caDecide, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_ca_registry' });
    const result = await decideCaRequest(c.get('services'), auth.user.id, c.req.valid('param').id, c.req.valid('json'));
    throwIfFailed(result);
    return c.json({ rechecked: result.rechecked }, 200);
  });

  app.openapi(routes.cases, async (c) => {
    const { actor } = await requireCan(c, { kind: 'use_owner_console' }, 'You own no API on this portal.');
    const slugs = decidableApis(
      actor,
      c.get('services').manifest.apis.map((api) => api.slug),
    );
    return c.json({ cases: await listRevocationCases(c.get('services'), slugs) }, 200);
  });

  app.openapi(routes.closeCase, async (c) => {
    const id = c.req.valid('param').id;
    const certificate = await findClientCertificate(c.get('services'), id);
    if (!certificate) throw new ApiError('not_found', 'There is no such case.');
    const { auth } = await requireCan(c, { kind: 'decide_for_api', api: certificate.apiSlug });
    throwIfFailed(await closeRevocationCase(c.get('services'), auth.user.id, id));
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(routes.registry, async (c) => {
    await requireCan(c, { kind: 'manage_ca_registry' });
    return c.json({ cas: (await listRegistry(c.get('services'))).map(caForPlatformTeam) }, 200);
  });

  app.openapi(routes.setCa, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_ca_registry' });
    const body = c.req.valid('json');
    const result = await setCaCertificate(c.get('services'), auth.user.id, { name: body.name, pem: body.certificate, ev: body.ev });
    throwIfFailed(result);
    await recheckAwaitingCertificates(c.get('services'));
    return c.json({ id: result.ca.id }, 200);
  });

  return app;
}

/** The owners' decision on a certificate submitted for an API they own (admins: any). */
async function decideCertificate(c: Context<AppEnv>, id: string, action: 'approve' | 'refuse', reason?: string) {
  const certificate = await findClientCertificate(c.get('services'), id);
  if (!certificate) throw new ApiError('not_found', 'There is no such certificate.');
  const { auth } = await requireCan(c, { kind: 'decide_for_api', api: certificate.apiSlug, requesterId: certificate.userId });
  throwIfFailed(await decideClientCertificate(c.get('services'), auth.user.id, id, action, reason));
  return c.json({ ok: true as const }, 200);
}
