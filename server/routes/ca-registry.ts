import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.ts';
import { throwIfFailed } from '../http/errors.ts';
import { requireCan } from '../http/guards.ts';
import { idSchema } from '../ids.ts';
import { listRegistry, retireCa, setCaCertificate } from '../services/ca-registry.ts';
import { decideCaRequest, listCaRequests, requestCa } from '../services/ca-requests.ts';
import { recheckAwaitingCertificates } from '../services/client-certificates.ts';
import { knownEvPolicyOids } from '../services/ccadb-import.ts';
import { mountCcadb } from './ccadb.ts';
import { CaForPlatformTeam, CaRequestForPlatformTeam, Rejected, caForPlatformTeam, caRequestForPlatformTeam } from './certificate-projections.ts';
import { ErrorResponse, errorResponses, jsonBody, jsonResponse, plainText } from './schemas.ts';

/**
 * The accepted-CA registry and the requests to add a CA (owners ask, the platform team decides),
 * mounted by certificateRoutes. A holder's own request for their certificate's CA is a
 * certificate route (POST /certificates/{id}/ca-request).
 */
const routes = {
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
  registry: createRoute({
    method: 'get',
    path: '/registry/cas',
    tags: ['CA registry'],
    summary: 'Accepted certification authorities, expiry warnings and dependent certificates',
    responses: { 200: jsonResponse(z.object({ cas: z.array(CaForPlatformTeam) }).strict(), 'The registry'), ...errorResponses },
  }),
  retireCa: createRoute({
    method: 'post',
    path: '/registry/cas/retire',
    tags: ['CA registry'],
    summary: 'Retire a CA (platform team, with a reason; audited): no new certificate is accepted under it, and the daily re-check stops the approved ones',
    request: jsonBody(z.object({ name: plainText('name', 200), reason: plainText('reason', 1000) }).strict()),
    responses: {
      200: jsonResponse(z.object({ id: z.string() }).strict(), 'Retired'),
      404: jsonResponse(ErrorResponse, 'No CA of that name'),
      409: jsonResponse(ErrorResponse, 'Already retired'),
      ...errorResponses,
    },
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

export function mountCaRegistry(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.caRequest, async (c) => {
    const { auth } = await requireCan(c, { kind: 'ask_for_ca' }, 'Only API owners ask the platform team to add a CA.');
    const result = await requestCa(c.get('services'), auth.user, c.req.valid('json'));
    throwIfFailed(result);
    return c.json({ id: result.request.id }, 201);
  });
  app.openapi(routes.caRequests, async (c) => {
    await requireCan(c, { kind: 'manage_ca_registry' });
    const [rows, knownEvOids] = await Promise.all([listCaRequests(c.get('services')), knownEvPolicyOids(c.get('services'))]);
    return c.json({ requests: rows.map((row) => caRequestForPlatformTeam(row, knownEvOids)) }, 200);
  });
  app.openapi(routes.caDecide, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_ca_registry' });
    const result = await decideCaRequest(c.get('services'), auth.user.id, c.req.valid('param').id, c.req.valid('json'));
    throwIfFailed(result);
    return c.json({ rechecked: result.rechecked }, 200);
  });
  app.openapi(routes.registry, async (c) => {
    await requireCan(c, { kind: 'manage_ca_registry' });
    return c.json({ cas: (await listRegistry(c.get('services'))).map(caForPlatformTeam) }, 200);
  });
  app.openapi(routes.retireCa, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_ca_registry' });
    const result = await retireCa(c.get('services'), auth.user.id, c.req.valid('json'));
    throwIfFailed(result);
    return c.json({ id: result.ca.id }, 200);
  });
  app.openapi(routes.setCa, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_ca_registry' });
    const body = c.req.valid('json');
    const result = await setCaCertificate(c.get('services'), auth.user.id, { name: body.name, pem: body.certificate, ev: body.ev });
    throwIfFailed(result);
    await recheckAwaitingCertificates(c.get('services'));
    return c.json({ id: result.ca.id }, 200);
  });
  mountCcadb(app);
}
