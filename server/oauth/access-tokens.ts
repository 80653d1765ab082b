import { createLocalJWKSet, jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { apiAccess, apps } from '../db/schema.ts';
import { mtlsAccessesOpenedBy } from '../services/api-access.ts';
import type { ServiceContext } from '../services/context.ts';
import { isSecretLive } from '../services/apps.ts';
import { ALGORITHM, loadSigningKey } from './signing-key.ts';

/** A scope names an API and an environment: `quotes:sandbox`. */
export function scopeOf(apiSlug: string, environment: string): string {
  return `${apiSlug}:${environment}`;
}

export function audienceOf(siteUrl: string): string {
  return new URL('/sandbox', siteUrl).toString();
}

/** RFC 8707: the resource an access opens — the portal's sandbox base URL of the API, else the environment's own URL. */
export function resourceOf(context: Pick<ServiceContext, 'config' | 'manifest'>, apiSlug: string, environment: string): string {
  if (environment === 'sandbox') return new URL(`/sandbox/${apiSlug}`, context.config.PORTICO_SITE_URL).toString();
  const api = context.manifest.apis.find((candidate) => candidate.slug === apiSlug);
  return api?.environments.find((candidate) => candidate.name === environment)?.url ?? `${apiSlug}:${environment}`;
}

interface TokenClaims {
  clientId: string;
  secretId?: string;
  scopes: string[];
  expiresAt: number;
  issuedAt: number;
  /** SHA-256 thumbprint of the client certificate the token is bound to (RFC 8705). */
  certificateThumbprint?: string;
  /** Each live scope with the API and environment of an access it was granted under. */
  grants: Array<{ scope: string; apiSlug: string; environment: string }>;
}

/** The approved access a token is issued under: its row and the moment of that approval. */
export interface Grant {
  id: string;
  apiSlug: string;
  environment: string;
  decidedAt: number | null;
}

/**
 * `secretId` ties the token to the secret that obtained it; `certificate` binds it to a client
 * certificate (RFC 8705 `cnf.x5t#S256`), which must then be presented with it. The binding names
 * the certificate, not one of its records: each scope is checked against its own access's record. `acc` binds each
 * scope to the approval it was granted under (access id → its decidedAt): any later decision on
 * that access — revoked, suspended, a new request approved — leaves the token dead for good.
 */
export async function issueAccessToken(
  context: ServiceContext,
  claims: {
    clientId: string;
    secretId?: string;
    grants: Grant[];
    certificate?: { thumbprint: string };
    /** Each scope asked for and the accesses it is granted under (spec scopes, issue 18 item 1); absent: one access scope per grant. */
    scopes?: Map<string, string[]>;
    /** RFC 8707: the resources (API and environment) the token is meant for, its audience beside the sandbox. */
    resources?: string[];
  },
): Promise<{ token: string; expiresIn: number; scopes: string[] }> {
  const key = await loadSigningKey(context.db);
  const now = Math.floor(context.now() / 1000);
  const scopes = claims.scopes ? [...claims.scopes.keys()] : claims.grants.map((grant) => scopeOf(grant.apiSlug, grant.environment));
  const approvals = Object.fromEntries(claims.grants.map((grant) => [grant.id, grant.decidedAt ?? 0]));
  const binding = claims.certificate ? { cnf: { 'x5t#S256': claims.certificate.thumbprint } } : {};
  const token = await new SignJWT({
    scope: scopes.join(' '),
    client_id: claims.clientId,
    acc: approvals,
    ...(claims.scopes ? { sco: Object.fromEntries(claims.scopes) } : {}),
    ...(claims.secretId ? { sid: claims.secretId } : {}),
    ...binding,
  })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(context.config.PORTICO_SITE_URL)
    .setAudience([audienceOf(context.config.PORTICO_SITE_URL), ...(claims.resources ?? [])])
    .setSubject(claims.clientId)
    .setIssuedAt(now)
    .setExpirationTime(now + context.tokenTtlSeconds)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(key.privateKey);
  return { token, expiresIn: context.tokenTtlSeconds, scopes };
}

type TokenCheck = { active: true; claims: TokenClaims } | { active: false; reason: string };

/**
 * Signature, issuer, audience and expiry — then the live state: the app exists, the secret
 * that obtained the token is live, and each scope's access is still the very approval the token
 * was issued under. Revoking any of them ends the token at once, and for good.
 */
export async function checkAccessToken(context: ServiceContext, token: string): Promise<TokenCheck> {
  const key = await loadSigningKey(context.db);
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet({ keys: [key.publicJwk] }), {
      algorithms: [ALGORITHM],
      issuer: context.config.PORTICO_SITE_URL,
      audience: audienceOf(context.config.PORTICO_SITE_URL),
      typ: 'at+jwt',
      currentDate: new Date(context.now()),
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return { active: false, reason: 'the access token expired' };
    return { active: false, reason: 'the access token is not valid (signature, issuer or audience)' };
  }
  const clientId = String(payload.client_id ?? '');
  const secretId = typeof payload.sid === 'string' ? payload.sid : undefined;
  const cnf = payload.cnf as { 'x5t#S256'?: unknown } | undefined;
  const thumbprint = typeof cnf?.['x5t#S256'] === 'string' ? cnf['x5t#S256'] : undefined;
  const [app] = await context.db.select().from(apps).where(eq(apps.id, clientId)).limit(1);
  if (!app || app.deletedAt !== null) return { active: false, reason: 'the application no longer exists' };
  if (secretId && !(await isSecretLive(context, secretId)))
    return { active: false, reason: 'the client secret that obtained this token was revoked or expired' };
  if (!secretId && !thumbprint) return { active: false, reason: 'the access token is not valid' };
  const requested = String(payload.scope ?? '')
    .split(' ')
    .filter(Boolean);
  const approvals = approvalsOf(payload.acc);
  if (!approvals) return { active: false, reason: 'the access token predates approval binding: request a new one' };
  const live = await liveScopes(context, { appId: clientId, scopes: requested, approvals, thumbprint, sources: sourcesOf(payload.sco) });
  if (live.length === 0)
    return {
      active: false,
      reason: thumbprint ? 'the API access of this token, or its client certificate, is no longer approved' : 'the API access of this token was revoked',
    };
  return {
    active: true,
    claims: {
      clientId,
      secretId,
      scopes: [...new Set(live.map((grant) => grant.scope))],
      grants: live,
      expiresAt: Number(payload.exp) * 1000,
      issuedAt: Number(payload.iat) * 1000,
      certificateThumbprint: thumbprint,
    },
  };
}

/** The `sco` claim, scope → the access ids it was granted under; undefined for tokens of access scopes only. */
function sourcesOf(claim: unknown): Map<string, string[]> | undefined {
  if (!claim || typeof claim !== 'object' || Array.isArray(claim)) return undefined;
  return new Map(Object.entries(claim as Record<string, unknown>).map(([scope, ids]) => [scope, Array.isArray(ids) ? ids.map(String) : []]));
}

/** The `acc` claim, access id → decidedAt; undefined when absent or malformed. */
function approvalsOf(claim: unknown): Map<string, number> | undefined {
  if (!claim || typeof claim !== 'object' || Array.isArray(claim)) return undefined;
  const entries = Object.entries(claim as Record<string, unknown>).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
  return entries.length > 0 ? new Map(entries) : undefined;
}

/**
 * Scopes whose access is still approved by the same decision as at issuance (same row, same
 * decidedAt) — for a certificate-bound token, mTLS accesses that its certificate still opens,
 * each through its own certificate record. Equality, not "decided before the token", so clocks
 * of several instances need not agree.
 */
async function liveScopes(
  context: ServiceContext,
  token: { appId: string; scopes: string[]; approvals: Map<string, number>; thumbprint?: string; sources?: Map<string, string[]> },
): Promise<TokenClaims['grants']> {
  const ids = [...token.approvals.keys()];
  const approved = token.thumbprint
    ? await mtlsAccessesOpenedBy(context, token.appId, Buffer.from(token.thumbprint, 'base64url').toString('hex'), ids)
    : await context.db
        .select()
        .from(apiAccess)
        .where(and(eq(apiAccess.appId, token.appId), eq(apiAccess.status, 'approved'), inArray(apiAccess.id, ids), eq(apiAccess.authMethod, 'client_secret')));
  const unchanged = approved.filter((row) => token.approvals.get(row.id) === (row.decidedAt ?? 0));
  return token.scopes.flatMap((scope) =>
    unchanged
      .filter((row) => (token.sources ? (token.sources.get(scope) ?? []).includes(row.id) : scopeOf(row.apiSlug, row.environment) === scope))
      .map((row) => ({ scope, apiSlug: row.apiSlug, environment: row.environment })),
  );
}
