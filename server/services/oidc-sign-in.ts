import { and, eq, lt } from 'drizzle-orm';
import * as client from 'openid-client';
import { hashSecret } from '../auth/session.ts';
import { writeTransaction } from '../db/client.ts';
import { oidcLogins, users, type User } from '../db/schema.ts';
import { newId, newSecret } from '../ids.ts';
import type { IdentityProvider } from '../oidc/providers.ts';
import { judgeBusinessEmail } from '../rules/business-email.ts';
import { partnerAddressRefusal, readProviderIdentity, type ProviderIdentity } from '../rules/provider-identity.ts';
import { loadDomainOverrides } from './accounts.ts';
import { appendAudit } from './audit.ts';
import type { ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';

/**
 * Sign-in through an OpenID Provider (decision 026): authorization code with PKCE, a nonce and a
 * state. The state, nonce and PKCE verifier stay in `oidc_logins` (the state only hashed), and
 * the browser also holds the state in a short cookie, so a callback URL handed to someone else
 * signs nobody in. The callback deletes the row it uses: a state works once.
 */

const LOGIN_TTL_MS = 10 * 60_000;

interface Started {
  url: string;
  /** Set as the browser's cookie: the callback must come back with it. */
  state: string;
}

export async function beginProviderSignIn(
  context: ServiceContext,
  provider: IdentityProvider,
  input: { next: string; acceptGuidelines: boolean },
): Promise<Result<Started, 'guidelines'>> {
  // Partners accept the security guidelines as they would by registering (issue 21 item 4).
  if (provider.config.audience === 'partners' && !input.acceptGuidelines)
    return failure('guidelines', 'Read and accept the security guidelines to sign in as a partner.');
  const now = context.now();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  await writeTransaction(context.db, async (tx) => {
    await tx.delete(oidcLogins).where(lt(oidcLogins.expiresAt, now));
    await tx
      .insert(oidcLogins)
      .values({ stateHash: hashSecret(state), provider: provider.config.id, nonce, codeVerifier, next: input.next, expiresAt: now + LOGIN_TTL_MS });
  });
  const url = client.buildAuthorizationUrl(provider.client, {
    redirect_uri: provider.redirectUri,
    scope: provider.config.scopes,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { ok: true, url: url.toString(), state };
}

type Finished = { user: User; next: string; staff: boolean };
type FinishFailure = 'sign_in_refused' | 'email_refused' | 'conflict';

/** The provider sent the browser back: check everything, then find, link or create the account. */
export async function finishProviderSignIn(
  context: ServiceContext,
  provider: IdentityProvider,
  callbackUrl: URL,
  browserState: string | undefined,
): Promise<Result<Finished, FinishFailure>> {
  const state = callbackUrl.searchParams.get('state') ?? '';
  const [login] = state
    ? await context.db
        .delete(oidcLogins)
        .where(and(eq(oidcLogins.stateHash, hashSecret(state)), eq(oidcLogins.provider, provider.config.id)))
        .returning()
    : [];
  if (!login || login.expiresAt <= context.now())
    return failure('sign_in_refused', 'This sign-in was already completed or has expired. Start again from the sign-in page.');
  if (browserState !== state) return failure('sign_in_refused', 'This sign-in was started in another browser. Start again from the sign-in page.');
  let claims: Record<string, unknown>;
  try {
    const tokens = await client.authorizationCodeGrant(
      provider.client,
      callbackUrl,
      { pkceCodeVerifier: login.codeVerifier, expectedNonce: login.nonce, expectedState: state, idTokenExpected: true },
      { redirect_uri: provider.redirectUri },
    );
    claims = (tokens.claims() ?? {}) as Record<string, unknown>;
  } catch (error) {
    return failure(
      'sign_in_refused',
      `${provider.config.name} did not sign you in: its answer failed a check (${describe(error)}). Start again from the sign-in page.`,
    );
  }
  const verdict = readProviderIdentity(claims, provider.config);
  if (!verdict.ok) return failure('sign_in_refused', verdict.message);
  if (provider.config.audience === 'partners') {
    const email = judgeBusinessEmail(verdict.identity.email, undefined, await loadDomainOverrides(context));
    if (!email.ok) return failure('email_refused', partnerAddressRefusal(provider.config.name, verdict.identity.email, email.reason));
  }
  const account = await upsertAccount(context, provider, verdict.identity);
  if (!account.ok) return account;
  return { ok: true, user: account.user, next: login.next, staff: provider.config.audience === 'staff' };
}

/** What openid-client says failed (wrong aud, iss, nonce, signature…), or the provider's own error. */
function describe(error: unknown): string {
  if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError)
    return `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
  return error instanceof Error ? error.message : 'unknown error';
}

/**
 * The account this provider's subject is; found by subject, else linked by address (staff: the
 * company's provider vouches for its people's addresses), else created. Its role and staff
 * groups are recomputed here at every sign-in, so a group removed at the provider is gone now.
 */
async function upsertAccount(context: ServiceContext, provider: IdentityProvider, identity: ProviderIdentity): Promise<Result<{ user: User }, 'conflict'>> {
  const now = context.now();
  const id = provider.config.id;
  return writeTransaction(context.db, async (tx) => {
    const [bySubject] = await tx
      .select()
      .from(users)
      .where(and(eq(users.identityProvider, id), eq(users.identitySubject, identity.subject)))
      .limit(1);
    const [byEmail] = bySubject ? [] : await tx.select().from(users).where(eq(users.email, identity.email)).limit(1);
    if (byEmail && (provider.config.audience === 'partners' || byEmail.identityProvider !== null))
      return failure('conflict', `An account already uses ${identity.email}: sign in the way it was made.`);
    const facts = { role: identity.role, staffGroups: identity.staffGroups === null ? null : JSON.stringify(identity.staffGroups), emailVerifiedAt: now };
    const existing = bySubject ?? byEmail;
    if (existing) {
      const [user] = await tx
        .update(users)
        .set({ ...facts, identityProvider: id, identitySubject: identity.subject, emailVerifiedAt: existing.emailVerifiedAt ?? now })
        .where(eq(users.id, existing.id))
        .returning();
      if (!bySubject) await appendAudit(tx, { actorId: existing.id, action: 'user.linked_to_provider', targetType: 'user', targetId: existing.id }, now);
      if (existing.role !== identity.role)
        await appendAudit(tx, { actorId: existing.id, action: `user.role_from_provider_${identity.role}`, targetType: 'user', targetId: existing.id }, now);
      return { ok: true as const, user: user as User };
    }
    const [user] = await tx
      .insert(users)
      .values({
        id: newId('usr'),
        email: identity.email,
        username: `${(identity.email.split('@')[0] ?? '').replace(/[^a-z0-9._-]/g, '').slice(0, 20) || 'user'}-${newSecret().slice(0, 6)}`.toLowerCase(),
        fullName: identity.fullName,
        company: provider.config.name,
        // No password signs in to this account: the hash of a secret nobody holds (decision 026).
        passwordHash: `!provider:${newSecret()}`,
        guidelinesAcceptedAt: provider.config.audience === 'partners' ? now : null,
        identityProvider: id,
        identitySubject: identity.subject,
        createdAt: now,
        ...facts,
      })
      .returning();
    if (!user) throw new Error('the new account was not written');
    await appendAudit(tx, { actorId: user.id, action: `user.created_by_provider_${identity.role}`, targetType: 'user', targetId: user.id }, now);
    return { ok: true as const, user };
  });
}
