import { z } from 'zod';
import { AUDIENCES, AUTH_METHODS, ENVIRONMENTS, VISIBILITIES } from '../contract.ts';

/**
 * The `x-portal` block an API team adds to its OpenAPI file. Everything here is
 * *catalog metadata*: for a private API it is the only part of the file (with
 * `info.title` and `info.version`) that anonymous readers may see.
 */

const email = z
  .string({ error: 'must be an email address' })
  .trim()
  .toLowerCase()
  .max(254, { error: 'is longer than 254 characters' })
  .regex(/^[^\s@<>()[\]\\,;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i, {
    error: 'must be an email address like team@example.com',
  });

const httpsUrl = z
  .string({ error: 'must be a URL' })
  .trim()
  .refine((value) => /^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value), {
    error: 'must be an absolute http(s) URL',
  });

const plainText = (max: number) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

/** Error for a mapping: names unknown keys and what is allowed, or says a mapping was expected. */
function mappingError(expected: string, allowed: readonly string[]) {
  return (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys'
      ? `unknown key${(issue.keys?.length ?? 0) > 1 ? 's' : ''} ${(issue.keys ?? []).map((key) => `"${key}"`).join(', ')}: allowed keys are ${allowed.join(', ')}`
      : expected;
}

const environmentSchema = z.strictObject(
  {
    url: httpsUrl,
    auth: z
      .array(z.enum(AUTH_METHODS, { error: `must be one of: ${AUTH_METHODS.join(', ')}` }), {
        error: `must be a list of auth methods (${AUTH_METHODS.join(', ')})`,
      })
      .min(1, { error: 'must list at least one auth method' }),
    description: plainText(500).optional(),
  },
  { error: mappingError('must be a mapping with url and auth', ['url', 'auth', 'description']) },
);

export const xPortalSchema = z
  .strictObject(
    {
      visibility: z.enum(VISIBILITIES, { error: 'must be "public" or "private"' }),
      owners: z.array(email, { error: 'must be a list of email addresses' }).default([]),
      /** A group of the staff identity provider whose members own the API (decision 026). */
      owners_group: plainText(200).optional(),
      audience: z
        .array(z.enum(AUDIENCES, { error: `must be one of: ${AUDIENCES.join(', ')}` }), {
          error: `must be a list (${AUDIENCES.join(', ')})`,
        })
        .min(1, { error: 'must name at least one audience' }),
      summary: plainText(300).optional(),
      tags: z.array(plainText(40), { error: 'must be a list of short labels' }).max(12).default([]),
      environments: z
        .strictObject(
          {
            sandbox: environmentSchema.optional(),
            production: environmentSchema.optional(),
          },
          { error: mappingError(`must be a mapping of environments (${ENVIRONMENTS.join(', ')})`, ENVIRONMENTS) },
        )
        .refine((envs) => envs.sandbox !== undefined || envs.production !== undefined, {
          error: 'must declare at least one environment (sandbox or production)',
        }),
      contacts: z
        .strictObject(
          {
            support: email.optional(),
            team: plainText(120).optional(),
            url: httpsUrl.optional(),
          },
          { error: mappingError('must be a mapping (support, team, url)', ['support', 'team', 'url']) },
        )
        .default({}),
    },
    {
      error: mappingError('must be a mapping (see the x-portal reference in README.md)', [
        'visibility',
        'owners',
        'owners_group',
        'audience',
        'summary',
        'tags',
        'environments',
        'contacts',
      ]),
    },
  )
  .superRefine((portal, ctx) => {
    if (portal.visibility === 'private' && portal.owners.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['owners'],
        message: 'a private API needs at least one owner: owners approve who may read its docs',
      });
    }
    if (portal.visibility === 'private' && portal.summary === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['summary'],
        message: 'a private API needs a summary: it is the only description anonymous readers see (info.description stays private)',
      });
    }
    const production = portal.environments.production;
    if (production?.auth.some((method) => method !== 'mtls')) {
      ctx.addIssue({
        code: 'custom',
        path: ['environments', 'production', 'auth'],
        message: 'production accepts mtls only (client certificates are mandatory in production)',
      });
    }
  });

export type XPortal = z.infer<typeof xPortalSchema>;
