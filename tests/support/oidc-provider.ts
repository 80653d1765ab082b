import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID Provider (oidc-provider, a certified implementation) on loopback, for the staff
 * sign-in tests (issue 21). Its people and their claims are `people`, changed by the test between
 * sign-ins. `tamper` makes its token endpoint answer a doctored ID token, re-signed with its own
 * key (so only the claim is wrong), or with a broken signature.
 */

interface Person {
  email: string;
  email_verified: boolean;
  name: string;
  groups?: string[];
}

type Tamper = 'none' | 'aud' | 'iss' | 'nonce' | 'expired' | 'signature';

export interface TestProvider {
  issuer: string;
  people: Map<string, Person>;
  tamper: Tamper;
  close(): Promise<void>;
}

export async function startProvider(options: {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutUris: string[];
}): Promise<TestProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const people = new Map<string, Person>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    findAccount: (_ctx: unknown, sub: string) => {
      const person = people.get(sub);
      if (!person) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...person }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    // The scope-based claims in the ID token itself, as Entra ID, Okta and Keycloak put them.
    conformIdTokenClaims: false,
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
  });
  const state: TestProvider = {
    issuer,
    people,
    tamper: 'none',
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const key = await importJWK(jwk, 'RS256');
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== '/token' || ctx.method !== 'POST' || state.tamper === 'none') return;
    const body = ctx.body as { id_token?: string };
    if (body?.id_token) body.id_token = await doctor(body.id_token, state.tamper, key);
  });
  server.on('request', provider.callback());
  return state;
}

async function doctor(idToken: string, tamper: Tamper, key: Awaited<ReturnType<typeof importJWK>>): Promise<string> {
  if (tamper === 'signature') {
    const [header, payload, signature = ''] = idToken.split('.');
    const flipped = (signature.startsWith('A') ? 'B' : 'A') + signature.slice(1);
    return `${header}.${payload}.${flipped}`;
  }
  const claims = decodeJwt(idToken);
  const header = decodeProtectedHeader(idToken);
  const now = Math.floor(Date.now() / 1000);
  if (tamper === 'aud') claims.aud = 'some-other-client';
  if (tamper === 'iss') claims.iss = 'https://impostor.example';
  if (tamper === 'nonce') claims.nonce = 'not-the-nonce-sent';
  if (tamper === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: header.kid }).sign(key);
}
