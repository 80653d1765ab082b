import { createLocalJWKSet, jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, or } from 'drizzle-orm';
import { apiAccess, apps } from '../db/schema.ts';
import type { ServiceContext } from '../services/context.ts';
import { isSecretLive } from '../services/apps.ts';
import { findClientCertificate } from '../services/client-certificates.ts';
import { ALGORITHM, loadSigningKey } from './signing-key.ts';

export const TOKEN_TTL_SECONDS = 600;

/** A scope names an API and an environment: `quotes:sandbox`. */
export function scopeOf(apiSlug: string, environment: string): string {
  return `${apiSlug}:${environment}`;
}

export function audienceOf(siteUrl: string): string {
  return new URL('/sandbox', siteUrl).toString();
}

export interface TokenClaims {
  clientId: string;
  secretId?: string;
  scopes: string[];
  expiresAt: number;
  issuedAt: number;
  /** SHA-256 thumbprint of the client certificate the token is bound to (RFC 8705). */
  certificateThumbprint?: string;
}

/**
 * `secretId` ties the token to the secret that obtained it; `certificate` binds it to a client
 * certificate (RFC 8705 `cnf.x5t#S256`), which must then be presented with it.
 */
export async function issueAccessToken(context: ServiceContext, claims: { clientId: string; secretId?: string; scopes: string[]; certificate?: { id: string; thumbprint: string } }): Promise<{ token: string; expiresIn: number }> {
  const key = await loadSigningKey(context.db);
  const now = Math.floor(context.now() / 1000);
  const binding = claims.certificate ? { cnf: { 'x5t#S256': claims.certificate.thumbprint }, cid: claims.certificate.id } : {};
  const token = await new SignJWT({ scope: claims.scopes.join(' '), client_id: claims.clientId, ...(claims.secretId ? { sid: claims.secretId } : {}), ...binding })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(context.config.PORTICO_SITE_URL)
    .setAudience(audienceOf(context.config.PORTICO_SITE_URL))
    .setSubject(claims.clientId)
    .setIssuedAt(now)
    .setExpirationTime(now + TOKEN_TTL_SECONDS)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(key.privateKey);
  return { token, expiresIn: TOKEN_TTL_SECONDS };
}

export type TokenCheck = { active: true; claims: TokenClaims } | { active: false; reason: string };

/**
 * Signature, issuer, audience and expiry — then the live state: the app exists, the secret
 * that obtained the token is live, and each scope's access is still approved. Revoking any
 * of them ends the token at once, without waiting for its expiry.
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
  const certificateId = typeof payload.cid === 'string' ? payload.cid : undefined;
  const [app] = await context.db.select().from(apps).where(eq(apps.id, clientId)).limit(1);
  if (!app || app.deletedAt !== null) return { active: false, reason: 'the application no longer exists' };
  if (secretId && !(await isSecretLive(context, secretId))) return { active: false, reason: 'the client secret that obtained this token was revoked or expired' };
  if (certificateId) {
    const certificate = await findClientCertificate(context, certificateId);
    if (!certificate || certificate.status !== 'approved' || certificate.notAfter < context.now()) return { active: false, reason: 'the client certificate of this token is no longer approved' };
  }
  if (!secretId && !certificateId) return { active: false, reason: 'the access token is not valid' };
  const requested = String(payload.scope ?? '').split(' ').filter(Boolean);
  const live = await liveScopes(context, clientId, requested, certificateId);
  if (live.length === 0) return { active: false, reason: 'the API access of this token was revoked' };
  const cnf = payload.cnf as { 'x5t#S256'?: string } | undefined;
  return { active: true, claims: { clientId, secretId, scopes: live, expiresAt: Number(payload.exp) * 1000, issuedAt: Number(payload.iat) * 1000, certificateThumbprint: cnf?.['x5t#S256'] } };
}

/** Scopes whose access is still approved — for a certificate-bound token, its mTLS access with that certificate. */
async function liveScopes(context: ServiceContext, appId: string, scopes: string[], certificateId?: string): Promise<string[]> {
  const slugs = [...new Set(scopes.map((scope) => scope.split(':')[0] ?? ''))];
  if (slugs.length === 0) return [];
  const method = certificateId ? and(eq(apiAccess.authMethod, 'mtls'), or(eq(apiAccess.certificateId, certificateId), eq(apiAccess.nextCertificateId, certificateId))) : eq(apiAccess.authMethod, 'client_secret');
  const approved = await context.db.select().from(apiAccess).where(and(eq(apiAccess.appId, appId), eq(apiAccess.status, 'approved'), inArray(apiAccess.apiSlug, slugs), method));
  const allowed = new Set(approved.map((row) => scopeOf(row.apiSlug, row.environment)));
  return scopes.filter((scope) => allowed.has(scope));
}
