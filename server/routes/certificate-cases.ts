import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { CERTIFICATE_STATUSES } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, throwIfFailed } from '../http/errors.ts';
import { requireCan } from '../http/guards.ts';
import { idSchema } from '../ids.ts';
import { CASE_KINDS } from '../rules/certificate-cases.ts';
import { QUEUE_STATES } from '../rules/owner-queues.ts';
import { certificateCases } from '../services/certificate-cases.ts';
import { closeRevocationCase } from '../services/certificate-lifecycle.ts';
import { findClientCertificate } from '../services/client-certificates.ts';
import { OkResponse, errorResponses, jsonResponse } from './schemas.ts';

const tags = ['Owner console'];

/** One case as owners read it: the certificate's holder by name and company only, no PEM, no account id. */
const CertificateCase = z
  .object({
    id: z.string().openapi({ description: 'The certificate (crt_…): the reported one, the announced replacement, or the one that ends' }),
    kind: z.enum(CASE_KINDS).openapi({
      description:
        'revocation: reported revoked; change: a renewal or CA change announced for a date; expiring: ends within 30 days or flagged by the daily re-check',
    }),
    apiSlug: z.string(),
    subject: z.string(),
    status: z.enum(CERTIFICATE_STATUSES),
    holder: z.object({ fullName: z.string(), company: z.string() }).strict(),
    detail: z.string().openapi({ description: 'What the case is about, in words' }),
    openedAt: z.number(),
    dueAt: z.number().openapi({ description: 'revocation: 5 working days after the report; change: the change date; expiring: 5 working days before it ends' }),
    handledAt: z.number().nullable(),
    open: z.boolean(),
    overdue: z.boolean().openapi({ description: 'Still open after its due date' }),
    ageDays: z.number().int().min(0),
  })
  .strict()
  .openapi('CertificateCase');

const CertificateCases = z.object({ cases: z.array(CertificateCase) }).strict();
/** What the owner console reads (src/features/owner-console/types.ts): a change of the answer fails its type check. */
export type CertificateCasesAnswer = z.infer<typeof CertificateCases>;
type CaseRow = Awaited<ReturnType<typeof certificateCases>>[number];

/** The explicit projection: what the service gathered beyond these fields (the case's raw facts) stays on the server. */
function caseForOwners(row: CaseRow): z.infer<typeof CertificateCase> {
  const { id, kind, apiSlug, subject, status, holder, detail, openedAt, dueAt, handledAt, open, overdue, ageDays } = row;
  return { id, kind, apiSlug, subject, status, holder, detail, openedAt, dueAt, handledAt, open, overdue, ageDays };
}

const routes = {
  cases: createRoute({
    method: 'get',
    path: '/owner/certificate-cases',
    tags,
    summary:
      'Certificate cases on your APIs: reported revocations, announced changes and expiring certificates, earliest due first, with due date and overdue flag',
    request: {
      query: z.object({
        api: z.string().max(64).optional(),
        state: z.enum(QUEUE_STATES).default('waiting').openapi({ description: 'waiting (default): still open; decided: handled; all' }),
      }),
    },
    responses: { 200: jsonResponse(CertificateCases, 'Cases'), ...errorResponses },
  }),
  closeCase: createRoute({
    method: 'post',
    path: '/owner/certificate-cases/{id}/handled',
    tags,
    summary: 'Close a reported-revocation case',
    request: { params: z.object({ id: idSchema('crt') }) },
    responses: { 200: jsonResponse(OkResponse, 'Closed'), ...errorResponses },
  }),
};

/** The owner console's certificate cases, on the certificates' router. */
export function mountCertificateCases(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.cases, async (c) => {
    const { actor } = await requireCan(c, { kind: 'use_owner_console' }, 'You own no API on this portal.');
    const { api, state } = c.req.valid('query');
    const cases = await certificateCases(c.get('services'), actor, { state, ...(api ? { apiSlug: api } : {}) });
    return c.json({ cases: cases.map(caseForOwners) }, 200);
  });

  app.openapi(routes.closeCase, async (c) => {
    const id = c.req.valid('param').id;
    const certificate = await findClientCertificate(c.get('services'), id);
    if (!certificate) throw new ApiError('not_found', 'There is no such case.');
    const { auth } = await requireCan(c, { kind: 'decide_for_api', api: certificate.apiSlug });
    throwIfFailed(await closeRevocationCase(c.get('services'), auth.user.id, id));
    return c.json({ ok: true as const }, 200);
  });
}
