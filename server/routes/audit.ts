import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.ts';
import { refusal, requireCan } from '../http/guards.ts';
import { apisWhere, can } from '../rules/permissions.ts';
import { listAudit, toCsv } from '../services/audit.ts';
import { errorResponses, jsonResponse } from './schemas.ts';
import type { RouteOptions } from './route-options.ts';

const Event = z
  .object({
    id: z.string(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    apiSlug: z.string().nullable(),
    reason: z.string().nullable(),
    createdAt: z.number(),
    actorId: z.string().nullable(),
    actorEmail: z.string().nullable(),
    actorName: z.string().nullable().openapi({ description: 'Who acted, by name; null for the portal itself' }),
    targetName: z
      .string()
      .nullable()
      .openapi({ description: 'What the event is about, by name: the person (an account, a reader, a holder), the app, the CA, the address or the domain' }),
  })
  .strict();
const Events = z.object({ events: z.array(Event) }).strict();
/** GET /admin/audit's JSON answer: the admin page's types come from it (src/features/admin/types.ts). */
export type AuditAnswer = z.infer<typeof Events>;

function toEvent(event: Awaited<ReturnType<typeof listAudit>>[number]): z.infer<typeof Event> {
  const { id, action, targetType, targetId, apiSlug, reason, createdAt, actorId, actorEmail, actorName, targetName } = event;
  return { id, action, targetType, targetId, apiSlug, reason, createdAt, actorId, actorEmail, actorName, targetName };
}
const Filters = z.object({
  api: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  actor: z.string().max(254).optional().openapi({ description: 'Who acted: an account id or an email address' }),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  format: z.enum(['json', 'csv']).optional(),
});
const COLUMNS = ['createdAt', 'action', 'actorEmail', 'targetType', 'targetId', 'apiSlug', 'reason'];

const routes = {
  owner: createRoute({
    method: 'get',
    path: '/owner/audit',
    tags: ['Owner console'],
    summary: 'History of the APIs you own',
    request: { query: Filters.omit({ actor: true, format: true }) },
    responses: { 200: jsonResponse(Events, 'Events, newest first'), ...errorResponses },
  }),
  admin: createRoute({
    method: 'get',
    path: '/admin/audit',
    tags: ['Administration'],
    summary: 'The whole audit log, filtered; format=csv to export',
    request: { query: Filters },
    responses: {
      200: { content: { 'application/json': { schema: Events }, 'text/csv': { schema: z.string() } }, description: 'Events, newest first' },
      ...errorResponses,
    },
  }),
};

export function auditRoutes(options: Pick<RouteOptions, 'validationHook'>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });

  app.openapi(routes.owner, async (c) => {
    const { actor } = await requireCan(c, { kind: 'use_owner_console' }, 'You own no API on this portal.');
    const query = c.req.valid('query');
    if (query.api) {
      const decision = can(actor, { kind: 'view_audit_log', api: query.api });
      if (!decision.allowed) throw refusal(decision.reason, `You do not own ${query.api}.`);
    }
    // Whoever may read the whole log (admins) reads it here too; owners read their APIs' events.
    const whole = can(actor, { kind: 'view_audit_log' }).allowed;
    const apiSlugs = query.api
      ? [query.api]
      : whole
        ? undefined
        : apisWhere(
            actor,
            c.get('services').manifest.apis.map((api) => api.slug),
            (api) => ({ kind: 'view_audit_log', api }),
          );
    const events = await listAudit(c.get('services').db, { apiSlugs, action: query.action, from: query.from, to: query.to });
    return c.json({ events: events.map(toEvent) }, 200);
  });

  app.openapi(routes.admin, async (c) => {
    await requireCan(c, { kind: 'view_audit_log' });
    const query = c.req.valid('query');
    const events = await listAudit(c.get('services').db, {
      apiSlugs: query.api ? [query.api] : undefined,
      action: query.action,
      actor: query.actor,
      from: query.from,
      to: query.to,
      limit: 10_000,
    });
    if (query.format === 'csv') {
      const rows = events.map((event) => ({ ...event, createdAt: new Date(event.createdAt).toISOString() }));
      return c.body(toCsv(rows, COLUMNS), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="portico-audit.csv"',
      });
    }
    return c.json({ events: events.map(toEvent) }, 200);
  });

  return app;
}
