import { z } from '@hono/zod-openapi';
import { DOC_ACCESS_STATUSES } from '../db/schema.ts';
import { ERROR_CODES } from '../http/errors.ts';

/** Control characters and bidirectional overrides: invisible tricks in names. */
const INVISIBLE = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/u;

export const plainText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: `${label} is required` })
    .max(max, { error: `${label} must be at most ${max} characters` })
    .refine((value) => !INVISIBLE.test(value), { error: `${label} contains invisible or control characters` });

export const EmailInput = z
  .string()
  .trim()
  .min(3)
  .max(254, { error: 'email must be at most 254 characters' })
  .openapi({ example: 'jane.doe@broker-partner.example' });
export const PasswordInput = z
  .string()
  .min(12, { error: 'the password must be at least 12 characters' })
  .max(256, { error: 'the password must be at most 256 characters' })
  .openapi({ example: 'correct horse battery staple' });
export const UsernameInput = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/, { error: 'the username is 3 to 32 letters, digits, ".", "_" or "-"' })
  .openapi({ example: 'jane.doe' });
export const TokenInput = z.string().min(10).max(200);

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ description: 'Stable: clients branch on it (its HTTP status never varies)' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export const MeResponse = z
  .object({
    user: z
      .object({
        id: z.string(),
        email: z.string(),
        username: z.string(),
        fullName: z.string(),
        company: z.string(),
        role: z.enum(['consumer', 'platform', 'admin']),
        emailVerified: z.boolean(),
        ownedApis: z.array(z.string()),
        grantedApis: z.array(z.string()),
        /** APIs listing this address as an owner that give no rights yet: an admin confirms the account first. */
        ownerConfirmationPending: z.array(z.string()),
        /** The policy's answers (rules/permissions.ts): pages ask these instead of re-deriving a rule from the role. */
        permissions: z
          .object({
            manageApps: z.boolean(),
            requestDocAccess: z.boolean(),
            useOwnerConsole: z.boolean(),
            askForCa: z.boolean(),
            manageCaRegistry: z.boolean(),
            manageUsers: z.boolean(),
            manageEmailDomains: z.boolean(),
            viewAuditLog: z.boolean(),
          })
          .strict(),
        /** Private APIs whose documentation this user may read. */
        readableApis: z.array(z.string()),
        /** APIs this user decides for (every API for an admin). */
        decidableApis: z.array(z.string()),
      })
      .nullable(),
  })
  .openapi('Me');

export const OkResponse = z.object({ ok: z.literal(true), message: z.string().optional() }).openapi('Ok');

export const errorResponses = {
  400: { content: { 'application/json': { schema: ErrorResponse } }, description: 'Invalid input' },
  401: { content: { 'application/json': { schema: ErrorResponse } }, description: 'Not signed in' },
  403: { content: { 'application/json': { schema: ErrorResponse } }, description: 'Not allowed' },
  429: { content: { 'application/json': { schema: ErrorResponse } }, description: 'Too many attempts' },
} as const;

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } } as const;
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description } as const;
}

/** A documentation-access request as both sides read it (the owner console and the requester): never who decided. */
export const docAccessFields = {
  id: z.string(),
  apiSlug: z.string(),
  status: z.enum(DOC_ACCESS_STATUSES),
  justification: z.string().nullable(),
  decisionReason: z.string().nullable(),
  createdAt: z.number(),
  decidedAt: z.number().nullable(),
};
