import type { App } from '../db/schema.ts';
import { issueAccessToken, scopeOf } from '../oauth/access-tokens.ts';
import { approvedAccessOf } from './api-access.ts';
import { newestLiveSecretId } from './apps.ts';
import type { ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';

/**
 * A sandbox token for the docs' "Try it" panel: what /oauth/token would give the app with its
 * newest live secret, for one API. The app must already be the signed-in consumer's own.
 */
export async function sandboxTokenFor(
  context: ServiceContext,
  app: App,
  apiSlug: string,
): Promise<Result<{ token: string; expiresIn: number; scope: string }, 'no_access' | 'no_secret'>> {
  const scope = scopeOf(apiSlug, 'sandbox');
  const grant = (await approvedAccessOf(context, app.id, 'client_secret')).find((access) => scopeOf(access.apiSlug, access.environment) === scope);
  if (!grant) return failure('no_access', `${app.name} has no approved sandbox access to this API yet.`);
  const secretId = await newestLiveSecretId(context, app.id);
  if (!secretId) return failure('no_secret', `${app.name} has no live client secret: create one first.`);
  const { token, expiresIn } = await issueAccessToken(context, { clientId: app.id, secretId, grants: [grant] });
  return { ok: true, token, expiresIn, scope };
}
