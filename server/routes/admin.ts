import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { DOC_ACCESS_STATUSES, ROLES } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { throwIfFailed } from '../http/errors.ts';
import { requireCan } from '../http/guards.ts';
import { idSchema } from '../ids.ts';
import { can } from '../rules/permissions.ts';
import { grantDocAccess, listDocAccess, revokeDocAccess } from '../services/doc-access.ts';
import { confirmOwner, listOwnerAccounts, withdrawOwnerConfirmation } from '../services/owner-confirmation.ts';
import { assignOwner, changeRole, listApiOwners, listDomainRules, listUsers, removeDomainRule, setDomainRule, unassignOwner } from '../services/users.ts';
import { EmailInput, ErrorResponse, OkResponse, errorResponses, jsonBody, jsonResponse, plainText } from './schemas.ts';
import type { RouteOptions } from './route-options.ts';

const tags = ['Administration'];
const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/, { error: 'not a domain name' });

const UserRow = z.object({
  id: z.string(),
  email: z.string(),
  username: z.string(),
  fullName: z.string(),
  company: z.string(),
  role: z.enum(ROLES),
  emailVerifiedAt: z.number().nullable(),
  ownerConfirmedAt: z.number().nullable(),
  createdAt: z.number(),
});
/** The admins' documentation access list: what the admin page shows and revokes by (who decided is in the audit log). */
const AccessRow = z
  .object({
    access: z
      .object({
        id: z.string(),
        apiSlug: z.string(),
        status: z.enum(DOC_ACCESS_STATUSES),
        decisionReason: z.string().nullable(),
        createdAt: z.number(),
        decidedAt: z.number().nullable(),
      })
      .strict(),
    user: z.object({ id: z.string(), email: z.string(), fullName: z.string(), company: z.string() }).strict(),
  })
  .strict()
  .openapi('DocAccessForAdmins');

function docAccessForAdmins(row: Awaited<ReturnType<typeof listDocAccess>>[number]): z.infer<typeof AccessRow> {
  const { id, apiSlug, status, decisionReason, createdAt, decidedAt } = row.access;
  return {
    access: { id, apiSlug, status, decisionReason, createdAt, decidedAt },
    user: { id: row.user.id, email: row.user.email, fullName: row.user.fullName, company: row.user.company },
  };
}

const OwnerAccountRow = z
  .object({
    user: z
      .object({
        id: z.string(),
        email: z.string(),
        username: z.string(),
        fullName: z.string(),
        company: z.string(),
        createdAt: z.number(),
        emailVerifiedAt: z.number().nullable(),
      })
      .strict(),
    apis: z.array(z.object({ slug: z.string(), title: z.string() }).strict()),
    confirmedAt: z.number().nullable(),
    confirmedByEmail: z.string().nullable(),
    confirmable: z.boolean().openapi({ description: 'Listed, verified and not confirmed yet (rules/ownership.ts)' }),
    mayDecide: z.boolean().openapi({ description: 'Whether this admin may confirm or withdraw it (nobody decides their own account)' }),
  })
  .strict()
  .openapi('OwnerAccount');

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'not an API slug' });
const ApiOwnersRow = z.object({
  slug: z.string(),
  title: z.string(),
  visibility: z.string(),
  specOwners: z.array(z.string()),
  assignedOwners: z.array(z.string()),
});

const DomainRule = z.object({ domain: z.string(), mode: z.enum(['allow', 'deny']), createdBy: z.string(), createdAt: z.number() });

/** The admin page's types are these answers' (src/features/admin/types.ts), never a hand-written copy. */
export type AdminUser = z.infer<typeof UserRow>;
export type AdminDocAccess = z.infer<typeof AccessRow>;
export type AdminOwnerAccount = z.infer<typeof OwnerAccountRow>;
export type AdminApiOwners = z.infer<typeof ApiOwnersRow>;
export type AdminDomainRule = z.infer<typeof DomainRule>;

const routes = {
  listOwners: createRoute({
    method: 'get',
    path: '/admin/apis',
    tags,
    summary: 'APIs with their owners (x-portal and assigned)',
    responses: { 200: jsonResponse(z.object({ apis: z.array(ApiOwnersRow) }), 'APIs'), ...errorResponses },
  }),
  assignOwner: createRoute({
    method: 'post',
    path: '/admin/apis/{slug}/owners',
    tags,
    summary: 'Make someone an owner of an API',
    request: { params: z.object({ slug: Slug }), ...jsonBody(z.object({ email: EmailInput }).strict()) },
    responses: { 200: jsonResponse(OkResponse, 'Assigned'), ...errorResponses },
  }),
  unassignOwner: createRoute({
    method: 'delete',
    path: '/admin/apis/{slug}/owners/{email}',
    tags,
    summary: 'Remove an assigned owner',
    request: { params: z.object({ slug: Slug, email: EmailInput }) },
    responses: { 200: jsonResponse(OkResponse, 'Removed'), ...errorResponses },
  }),
  listOwnerAccounts: createRoute({
    method: 'get',
    path: '/admin/owner-accounts',
    tags,
    summary: 'Accounts whose address is listed as an API owner, and whether an admin confirmed them',
    responses: { 200: jsonResponse(z.object({ accounts: z.array(OwnerAccountRow) }), 'Owner accounts'), ...errorResponses },
  }),
  confirmOwner: createRoute({
    method: 'post',
    path: '/admin/users/{id}/owner-confirmation',
    tags,
    summary: 'Confirm that an account is the person behind its owner address (gives owner rights)',
    request: { params: z.object({ id: idSchema('usr') }) },
    responses: {
      200: jsonResponse(OkResponse, 'Confirmed'),
      404: jsonResponse(ErrorResponse, 'No such user'),
      409: jsonResponse(ErrorResponse, 'Not listed, not verified or already confirmed'),
      ...errorResponses,
    },
  }),
  withdrawOwner: createRoute({
    method: 'delete',
    path: '/admin/users/{id}/owner-confirmation',
    tags,
    summary: 'Take back an owner confirmation (the account is a consumer again)',
    request: { params: z.object({ id: idSchema('usr') }) },
    responses: { 200: jsonResponse(OkResponse, 'Withdrawn'), 404: jsonResponse(ErrorResponse, 'Not a confirmed owner'), ...errorResponses },
  }),
  listUsers: createRoute({
    method: 'get',
    path: '/admin/users',
    tags,
    summary: 'List users',
    request: { query: z.object({ q: z.string().max(100).optional() }) },
    responses: { 200: jsonResponse(z.object({ users: z.array(UserRow) }), 'Users'), ...errorResponses },
  }),
  changeRole: createRoute({
    method: 'patch',
    path: '/admin/users/{id}',
    tags,
    summary: "Change a user's role",
    request: { params: z.object({ id: idSchema('usr') }), ...jsonBody(z.object({ role: z.enum(ROLES) }).strict()) },
    responses: { 200: jsonResponse(OkResponse, 'Changed'), ...errorResponses },
  }),
  listAccess: createRoute({
    method: 'get',
    path: '/admin/doc-access',
    tags,
    summary: 'List documentation access',
    request: { query: z.object({ userId: idSchema('usr').optional(), apiSlug: z.string().max(64).optional() }) },
    responses: { 200: jsonResponse(z.object({ access: z.array(AccessRow) }).strict(), 'Access records'), ...errorResponses },
  }),
  grant: createRoute({
    method: 'post',
    path: '/admin/doc-access',
    tags,
    summary: "Grant a user access to a private API's documentation",
    request: jsonBody(z.object({ userId: idSchema('usr'), apiSlug: z.string().min(1).max(64) }).strict()),
    responses: { 201: jsonResponse(z.object({ id: z.string() }), 'Granted'), ...errorResponses },
  }),
  revoke: createRoute({
    method: 'post',
    path: '/admin/doc-access/{id}/revoke',
    tags,
    summary: 'Revoke a documentation access',
    request: { params: z.object({ id: idSchema('acc') }), ...jsonBody(z.object({ reason: plainText('reason', 500) }).strict()) },
    responses: { 200: jsonResponse(OkResponse, 'Revoked'), ...errorResponses },
  }),
  listDomains: createRoute({
    method: 'get',
    path: '/admin/email-domains',
    tags,
    summary: 'Email domains allowed or denied by an admin',
    responses: {
      200: jsonResponse(z.object({ rules: z.array(DomainRule) }), 'Rules'),
      ...errorResponses,
    },
  }),
  setDomain: createRoute({
    method: 'put',
    path: '/admin/email-domains/{domain}',
    tags,
    summary: 'Allow or deny an email domain at registration',
    request: { params: z.object({ domain: Domain }), ...jsonBody(z.object({ mode: z.enum(['allow', 'deny']) }).strict()) },
    responses: { 200: jsonResponse(OkResponse, 'Saved'), ...errorResponses },
  }),
  removeDomain: createRoute({
    method: 'delete',
    path: '/admin/email-domains/{domain}',
    tags,
    summary: 'Remove an email-domain rule',
    request: { params: z.object({ domain: Domain }) },
    responses: { 200: jsonResponse(OkResponse, 'Removed'), ...errorResponses },
  }),
};

export function adminRoutes(options: Pick<RouteOptions, 'validationHook'>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: options.validationHook });

  app.openapi(routes.listUsers, async (c) => {
    await requireCan(c, { kind: 'manage_users' });
    return c.json({ users: await listUsers(c.get('services'), c.req.valid('query').q ?? '') }, 200);
  });

  app.openapi(routes.listOwnerAccounts, async (c) => {
    const { actor } = await requireCan(c, { kind: 'manage_users' });
    const accounts = await listOwnerAccounts(c.get('services'));
    return c.json(
      { accounts: accounts.map((account) => ({ ...account, mayDecide: can(actor, { kind: 'confirm_owner', userId: account.user.id }).allowed })) },
      200,
    );
  });

  app.openapi(routes.confirmOwner, async (c) => {
    const userId = c.req.valid('param').id;
    const { auth } = await requireCan(c, { kind: 'confirm_owner', userId });
    throwIfFailed(await confirmOwner(c.get('services'), auth.user.id, userId));
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(routes.withdrawOwner, async (c) => {
    const userId = c.req.valid('param').id;
    const { auth } = await requireCan(c, { kind: 'confirm_owner', userId });
    throwIfFailed(await withdrawOwnerConfirmation(c.get('services'), auth.user.id, userId));
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(routes.changeRole, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_users' });
    const result = await changeRole(c.get('services'), auth.user.id, c.req.valid('param').id, c.req.valid('json').role);
    throwIfFailed(result);
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(routes.listAccess, async (c) => {
    await requireCan(c, { kind: 'manage_users' });
    return c.json({ access: (await listDocAccess(c.get('services'), c.req.valid('query'))).map(docAccessForAdmins) }, 200);
  });

  app.openapi(routes.grant, async (c) => {
    const { userId, apiSlug } = c.req.valid('json');
    const { auth } = await requireCan(c, { kind: 'manage_users' });
    const result = await grantDocAccess(c.get('services'), auth.user.id, userId, apiSlug);
    throwIfFailed(result);
    return c.json({ id: result.access.id }, 201);
  });

  app.openapi(routes.revoke, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_users' });
    const result = await revokeDocAccess(c.get('services'), auth.user.id, c.req.valid('param').id, c.req.valid('json').reason);
    throwIfFailed(result);
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(routes.listDomains, async (c) => {
    await requireCan(c, { kind: 'manage_email_domains' });
    return c.json({ rules: await listDomainRules(c.get('services')) }, 200);
  });

  app.openapi(routes.setDomain, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_email_domains' });
    await setDomainRule(c.get('services'), auth.user.id, c.req.valid('param').domain, c.req.valid('json').mode);
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(routes.removeDomain, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_email_domains' });
    throwIfFailed(await removeDomainRule(c.get('services'), auth.user.id, c.req.valid('param').domain));
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(routes.listOwners, async (c) => {
    await requireCan(c, { kind: 'manage_users' });
    return c.json({ apis: await listApiOwners(c.get('services')) }, 200);
  });

  app.openapi(routes.assignOwner, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_users' });
    const result = await assignOwner(c.get('services'), auth.user.id, c.req.valid('param').slug, c.req.valid('json').email);
    throwIfFailed(result);
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(routes.unassignOwner, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_users' });
    const { slug, email } = c.req.valid('param');
    throwIfFailed(await unassignOwner(c.get('services'), auth.user.id, slug, email));
    return c.json({ ok: true as const }, 200);
  });

  return app;
}
