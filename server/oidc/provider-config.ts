import { z } from 'zod';

/**
 * The OpenID Providers people may sign in with (issue 21, decision 026), as configured in
 * PORTICO_OIDC_PROVIDERS: a JSON list in the environment, or a list in the PORTICO_CONFIG file.
 * A `staff` provider is the insurer's own (its groups give the platform team, admin and owner
 * roles); a `partners` provider is a partner company's (its people sign in as consumers).
 */

const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/;

const groupList = z.array(z.string().min(1)).default([]);

export const providerSchema = z
  .object({
    /** In the portal's URLs: /api/auth/oidc/<id>/start. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'must be lower-case letters, digits and dashes (it is part of the callback URL)' }),
    /** The button's words: "Sign in with <name>". */
    name: z.string().min(1).max(60),
    issuer: z
      .url({ error: 'must be the issuer URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0' })
      .refine((url) => url.startsWith('https://') || LOOPBACK_HTTP.test(url), { error: 'must be https:// (http:// only on this machine, for tests)' }),
    clientId: z.string().min(1, { error: 'is required (the application registered at the provider)' }),
    clientSecret: z.string().min(1, { error: 'is required (the client secret the provider issued)' }),
    scopes: z.string().default('openid email profile'),
    audience: z.enum(['staff', 'partners'], { error: 'must be staff or partners' }).default('staff'),
    /** The ID-token claim that lists the person's groups (Entra ID: groups or roles; Okta: groups; Keycloak: groups). */
    groupsClaim: z.string().min(1).default('groups'),
    adminGroups: groupList,
    platformGroups: groupList,
  })
  .strict()
  .refine((provider) => provider.scopes.split(/\s+/).includes('openid'), { error: 'scopes must include openid', path: ['scopes'] });

export type ProviderConfig = z.output<typeof providerSchema>;

/** The setting: a JSON text (environment) or a list (config file); ids must differ. */
export const providersSetting = z
  .union([z.string(), z.array(z.unknown())])
  .transform((value, ctx) => {
    if (Array.isArray(value)) return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON list of providers ([{"id": …, "issuer": …}])' });
      return z.NEVER;
    }
  })
  .pipe(z.array(providerSchema, { error: 'must be a list of providers' }))
  .refine((providers) => new Set(providers.map((provider) => provider.id)).size === providers.length, { error: 'two providers have the same id' });
