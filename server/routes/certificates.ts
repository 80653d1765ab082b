import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { MAX_SIGNATURE_CHARS } from '../certificates/possession.ts';
import type { Database } from '../db/client.ts';
import { CERTIFICATE_STATUSES } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, throwIfFailed } from '../http/errors.ts';
import { requireAuth, requireCan } from '../http/guards.ts';
import { idSchema } from '../ids.ts';
import { reportRevokedCertificate } from '../services/certificate-lifecycle.ts';
import { askForCertificateCa, withCaRequests } from '../services/ca-requests.ts';
import {
  decideClientCertificate,
  findClientCertificate,
  listCertificatesFor,
  listMyCertificates,
  uploadClientCertificate,
} from '../services/client-certificates.ts';
import { certificateForHolder, identityFacts, provePossessionBySignature } from '../services/certificate-possession.ts';
import { rateLimit } from '../middleware/rate-limit/index.ts';
import {
  CaRequestForHolder,
  Rejected,
  CertificateForOwners,
  Check,
  HeldCertificate,
  Possession,
  caRequestForHolder,
  certificateForItsHolder,
  certificateForOwners,
  checkForUploader,
  possessionForItsHolder,
} from './certificate-projections.ts';
import { mountCaRegistry } from './ca-registry.ts';
import { mountCertificateCases } from './certificate-cases.ts';
import { OkResponse, errorResponses, jsonBody, jsonResponse, plainText } from './schemas.ts';
import type { RouteOptions } from './route-options.ts';

const CertificateId = idSchema('crt');

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
        z
          .object({
            id: z.string(),
            status: z.string(),
            checks: z.array(Check),
            message: z.string(),
            noticeWorkingDays: z.number().optional(),
            warning: z.string().optional(),
          })
          .strict(),
        'Fits every rule but its CA is not accepted yet: kept until the platform team adds it (a late change is warned of all the same)',
      ),
      422: Rejected,
      ...errorResponses,
    },
  }),
  askForCa: createRoute({
    method: 'post',
    path: '/certificates/{id}/ca-request',
    tags: ['Certificates'],
    summary: 'Ask the platform team to accept the CA of your certificate that waits for it: attach the CA chain (PEM of the issuing CA and those above it)',
    request: {
      params: z.object({ id: CertificateId }),
      ...jsonBody(z.object({ chain: z.string().min(1).max(60_000), note: plainText('note', 1000).optional() }).strict()),
    },
    responses: {
      201: jsonResponse(
        z
          .object({
            caRequest: CaRequestForHolder,
            joined: z.boolean().openapi({ description: 'Someone had already asked for this CA: joined their request' }),
          })
          .strict(),
        'Asked; the platform team and the API owners are emailed',
      ),
      409: Rejected,
      422: Rejected,
      ...errorResponses,
    },
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
            'Your certificate fits every rule, but its certification authority is not accepted on this portal yet. Attach the certificate of the authority that issued it (below) to ask the platform team to accept it; your certificate is checked again when they do.',
          ...(result.noticeWorkingDays === undefined ? {} : { noticeWorkingDays: result.noticeWorkingDays }),
          ...(result.warning === undefined ? {} : { warning: result.warning }),
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
    const services = c.get('services');
    return c.json({ certificates: (await withCaRequests(services, await listMyCertificates(services, user.id))).map(certificateForItsHolder) }, 200);
  });

  app.openapi(routes.one, async (c) => {
    const result = await certificateForHolder(c.get('services'), requireAuth(c).user.id, c.req.valid('param').id);
    throwIfFailed(result);
    const [held] = await withCaRequests(c.get('services'), [result.certificate]);
    return c.json(
      {
        certificate: certificateForItsHolder(held ?? { certificate: result.certificate, caRequest: undefined }),
        possession: possessionForItsHolder(result.possession),
      },
      200,
    );
  });

  app.openapi(routes.askForCa, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_apps' });
    const result = await askForCertificateCa(c.get('services'), auth.user, c.req.valid('param').id, c.req.valid('json'));
    throwIfFailed(result);
    return c.json({ caRequest: caRequestForHolder(result.request), joined: result.joined }, 201);
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

  mountCertificateCases(app);
  mountCaRegistry(app);
  return app;
}

/** The owners' decision on a certificate submitted for an API they own (admins: any). */
async function decideCertificate(c: Context<AppEnv>, id: string, action: 'approve' | 'refuse', reason?: string) {
  const certificate = await findClientCertificate(c.get('services'), id);
  if (!certificate) throw new ApiError('not_found', 'There is no such certificate.');
  const { actor } = await requireCan(c, { kind: 'decide_for_api', api: certificate.apiSlug, requesterId: certificate.userId });
  throwIfFailed(await decideClientCertificate(c.get('services'), actor, id, action, reason));
  return c.json({ ok: true as const }, 200);
}
