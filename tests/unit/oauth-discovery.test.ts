import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../plugins/portico/spec/load-specs.ts';
import { DEMO_PASSWORD } from '../../server/services/bootstrap.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { signChallenge } from '../support/prove-possession.ts';
import { TEST_APIS } from '../support/test-portal.ts';
import type { ParsedJson } from '../support/parsed-json.ts';

/**
 * Issue 18 item 7: a real `portico serve` (development, PORT=0 and MTLS_PORT=0, no site URL)
 * publishes RFC 8414 metadata whose issuer is the origin it listens on and whose RFC 8705
 * `mtls_endpoint_aliases` name the mTLS listener. openid-client 6 — nobody here wrote it —
 * discovers it and gets tokens with a client secret and with tls_client_auth.
 */
let dir: string;
let child: ChildProcess;
let origin: string;
let mtlsOrigin: string;
let leaf: Credential;
let clientId: string;
let clientSecret: string;
const QUOTE = '/sandbox/quotes/quotes/QTE-2027-000123';

/** A signed-in browser: cookie jar, and the portal's Origin on unsafe requests. */
function session() {
  let cookie = '';
  return async (method: string, pathname: string, json?: unknown): Promise<{ status: number; body: ParsedJson }> => {
    const headers: Record<string, string> = {
      Origin: origin,
      ...(cookie ? { Cookie: cookie } : {}),
      ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
    };
    const response = await fetch(new URL(pathname, origin), { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
    const set = response.headers.getSetCookie().find((line) => line.startsWith('portico_session='));
    if (set) cookie = set.split(';')[0] ?? '';
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  };
}

async function signedIn(email: string) {
  const call = session();
  expect((await call('POST', '/api/auth/sign-in', { identifier: email, password: DEMO_PASSWORD })).status).toBe(200);
  return call;
}

/**
 * What a partner's HTTP stack does with a client certificate (Node's https with cert and key);
 * plain http goes to the global fetch. The development server certificate is self-signed.
 */
async function mtlsFetch(url: string | URL, init: { method?: string; headers?: HeadersInit; body?: unknown } = {}): Promise<Response> {
  const target = new URL(url.toString());
  if (target.protocol !== 'https:') return fetch(target, init as RequestInit);
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  return new Promise<Response>((resolve, reject) => {
    const outgoing = httpsRequest(
      target,
      { method: init.method ?? 'GET', headers, cert: readFileSync(leaf.certFile), key: readFileSync(leaf.keyFile), rejectUnauthorized: false },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode, headers: incoming.headers as Record<string, string> })),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(init.body === undefined || init.body === null ? undefined : String(init.body));
  });
}

async function writeBuild(buildDir: string): Promise<void> {
  await mkdir(path.join(buildDir, 'public'), { recursive: true });
  await mkdir(path.join(buildDir, 'specs'), { recursive: true });
  await writeFile(path.join(buildDir, 'public', 'index.html'), '<h1>Catalog</h1>');
  for (const api of TEST_APIS.filter((candidate) => candidate.visibility === 'private')) {
    await mkdir(path.join(buildDir, api.buildDir), { recursive: true });
    await writeFile(path.join(buildDir, api.buildDir, 'index.html'), `<h1>${api.title} docs</h1>`);
  }
  const quotes = await loadSpec(path.join(projectRoot, 'openapi', 'quotes.yaml'));
  await writeFile(path.join(buildDir, 'specs', 'quotes.json'), JSON.stringify(quotes.api!.document));
  await writeFile(path.join(buildDir, 'manifest.json'), JSON.stringify({ formatVersion: 1, builtAt: '', publicDir: 'public', apis: TEST_APIS }));
}

/** `portico serve` until both listeners have said where they are. */
async function serve(): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: `file:${path.join(dir, 'data', 'portal.db')}`,
    PORTICO_BUILD_DIR: path.join(dir, 'build'),
    PORT: '0',
    MTLS_PORT: '0',
    HOST: '127.0.0.1',
  };
  for (const key of ['PORTICO_DEMO', 'PORTICO_CONFIG', 'PORTICO_SITE_URL', 'RESEND_API_KEY', 'RESEND_BASE_URL', 'EMAIL_TRANSPORT', 'PORTICO_DEBUG'])
    delete env[key];
  child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'portico.mjs'), 'serve'], { env, cwd: dir });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /serving .* at http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
      const mtls = /mTLS sandbox and token endpoint at https:\/\/localhost:(\d+)/.exec(output)?.[1];
      if (port && mtls) {
        clearTimeout(timer);
        origin = `http://localhost:${port}`;
        mtlsOrigin = `https://localhost:${mtls}`;
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`serve exited:\n${output}`)));
  });
}

/** Through the portal's own pages' API: the consumer's app, sandbox access with its secret and with its certificate. */
async function approvedAccesses(): Promise<void> {
  const consumer = await signedIn('consumer@broker-partner.example');
  const owner = await signedIn('quotes-owner@insurer.example');
  const platform = await signedIn('platform@insurer.example');
  ({ clientId, clientSecret } = (
    await consumer('POST', '/api/apps', { name: 'Discovery app', businessContact: 'Casey', technicalContact: 'dev@broker-partner.example' })
  ).body);
  const secretAccess = (await consumer('POST', `/api/apps/${clientId}/api-access`, { apiSlug: 'quotes', environment: 'sandbox' })).body;
  expect((await owner('POST', `/api/owner/api-access/${secretAccess.id}/approve`)).status).toBe(200);
  const pki = new OpensslPki(path.join(dir, 'pki'));
  const root = pki.selfSigned('Discovery Root', { extensions: CA_EXTENSIONS });
  leaf = pki.issue('client.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
  expect((await platform('PUT', '/api/registry/cas', { name: root.name, certificate: root.pem, ev: true })).status).toBeLessThan(300);
  const certificateId = (await consumer('POST', '/api/certificates', { certificate: leaf.pem, apiSlug: 'quotes' })).body.id;
  const { challenge } = (await consumer('GET', `/api/certificates/${certificateId}`)).body.possession;
  expect((await consumer('POST', `/api/certificates/${certificateId}/possession`, { signature: signChallenge(leaf.keyFile, challenge) })).status).toBe(200);
  expect((await owner('POST', `/api/owner/certificates/${certificateId}/approve`)).status).toBe(200);
  const mtlsAccess = (
    await consumer('POST', `/api/apps/${clientId}/api-access`, { apiSlug: 'quotes', environment: 'sandbox', authMethod: 'mtls', certificateId })
  ).body;
  expect((await owner('PUT', `/api/owner/api-access/${mtlsAccess.id}/review`, { identity: { confirmed: true } })).status).toBe(200);
  expect((await owner('POST', `/api/owner/api-access/${mtlsAccess.id}/approve`)).status).toBe(200);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-discovery-'));
  await writeBuild(path.join(dir, 'build'));
  await serve();
  await approvedAccesses();
}, 120_000);
afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
});

const discoveryOptions = { algorithm: 'oauth2' as const, execute: [client.allowInsecureRequests] };

describe('RFC 8414 metadata of a development server on a port chosen at start', () => {
  it('names the listening origin as issuer and the mTLS listener in mtls_endpoint_aliases', async () => {
    const metadata = await (await fetch(`${origin}/.well-known/oauth-authorization-server`)).json();
    expect(metadata.issuer).toBe(origin);
    expect(metadata.token_endpoint).toBe(`${origin}/oauth/token`);
    expect(metadata.mtls_endpoint_aliases).toEqual({ token_endpoint: `${mtlsOrigin}/oauth/token`, introspection_endpoint: `${mtlsOrigin}/oauth/introspect` });
    expect(metadata.token_endpoint_auth_methods_supported).toContain('tls_client_auth');
    // The mTLS listener serves the same metadata, so a client may discover from either.
    expect(await (await mtlsFetch(`${mtlsOrigin}/.well-known/oauth-authorization-server`)).json()).toEqual(metadata);
  });
});

describe('openid-client 6 against `portico serve`', () => {
  it('client secret: discovery, client-credentials grant, introspection, sandbox call', async () => {
    const config = await client.discovery(new URL(origin), clientId, undefined, client.ClientSecretBasic(clientSecret), discoveryOptions);
    expect(config.serverMetadata().issuer).toBe(origin);
    const tokens = await client.clientCredentialsGrant(config, { scope: 'quotes:sandbox' });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.scope).toBe('quotes:sandbox');
    const introspection = await client.tokenIntrospection(config, tokens.access_token);
    expect(introspection).toMatchObject({ active: true, client_id: clientId, scope: 'quotes:sandbox' });
    const call = await fetch(`${origin}${QUOTE}`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    expect(call.status).toBe(200);
  });

  it('mTLS (tls_client_auth): the client follows mtls_endpoint_aliases and gets a certificate-bound token the sandbox honours', async () => {
    const config = await client.discovery(new URL(origin), clientId, { use_mtls_endpoint_aliases: true }, client.TlsClientAuth(), {
      ...discoveryOptions,
      [client.customFetch]: mtlsFetch as client.CustomFetch,
    });
    const tokens = await client.clientCredentialsGrant(config, { scope: 'quotes:sandbox' });
    const payload = JSON.parse(Buffer.from(tokens.access_token.split('.')[1] ?? '', 'base64url').toString());
    expect(payload.cnf['x5t#S256']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(payload.iss).toBe(origin);
    const call = await mtlsFetch(`${mtlsOrigin}${QUOTE}`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    expect(call.status).toBe(200);
    // Without the certificate the bound token opens nothing.
    expect((await fetch(`${origin}${QUOTE}`, { headers: { Authorization: `Bearer ${tokens.access_token}` } })).status).toBe(401);
  });
});
