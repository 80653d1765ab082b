/**
 * The admin page's types are the server's own (the zod schemas of GET /api/admin/users, /doc-access,
 * /owner-accounts, /apis, /email-domains and /audit), never a hand-written copy: a change of an
 * answer fails the type check here.
 */
import type { AdminApiOwners, AdminDocAccess, AdminDomainRule, AdminOwnerAccount, AdminUser } from '../../../server/routes/admin.ts';
import type { AuditAnswer } from '../../../server/routes/audit.ts';
import type { ApiFailure } from '../../portal/api-client';

export type User = AdminUser;
export type Role = AdminUser['role'];
export type DocAccessRow = AdminDocAccess;
export type OwnerAccount = AdminOwnerAccount;
export type ApiOwnersRow = AdminApiOwners;
export type DomainRule = AdminDomainRule;
export type AuditEvent = AuditAnswer['events'][number];

/** What every section does with an answer to a change: a sentence on success, the server's on failure. */
export type Report = (result: { ok: boolean } | ApiFailure, success: string) => Promise<void>;

/** The catalog's facts a section needs (slug, title, visibility), from the page's plugin data. */
export interface CatalogApi {
  slug: string;
  title: string;
  visibility: 'public' | 'private';
}
