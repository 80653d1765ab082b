import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../plugins/portico/contract.ts';
import { openDatabase } from '../../server/db/client.ts';
import { settings } from '../../server/db/schema.ts';
import { fixtureBuildDir, projectRoot } from '../support/fixture-paths.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki } from '../support/openssl-pki.ts';

/**
 * A whole journey through `portico serve` run as its own process, its stdout and stderr
 * captured, then every secret that went through it looked for in those logs: passwords,
 * session cookies, email-link tokens, client secrets, access tokens and private keys.
 */

const PORTICO = path.join(projectRoot, 'bin', 'portico.mjs');
let dir: string;
let databaseFile: string;
let server: ChildProcess;
let origin = '';
const logs: string[] = [];
/** Every secret value the journey handled, by what it is. */
const secrets = new Map<string, string>();

function remember(label: string, value: string | undefined): string {
  if (!value) throw new Error(`the journey produced no ${label}`);
  secrets.set(label, value);
  return value;
}

function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: `file:${databaseFile}`,
    PORTICO_DEMO: 'false',
    PORTICO_BUILD_DIR: fixtureBuildDir,
    HOST: '127.0.0.1',
    PORT: '0',
    MTLS_PORT: '0',
  };
  for (const name of ['RESEND_API_KEY', 'RESEND_BASE_URL', 'PORTICO_CONFIG', 'PORTICO_SITE_URL']) delete env[name];
  return env;
}

function capture(child: ChildProcess, source: string): void {
  child.stdout?.on('data', (chunk: Buffer) => logs.push(`${source}/stdout ${chunk.toString('utf8')}`));
  child.stderr?.on('data', (chunk: Buffer) => logs.push(`${source}/stderr ${chunk.toString('utf8')}`));
}

async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, [PORTICO, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  capture(child, args[0] ?? 'cli');
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
}

async function startServe(): Promise<void> {
  server = spawn(process.execPath, [PORTICO, 'serve'], { cwd: dir, env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  capture(server, 'serve');
  for (let waited = 0; waited < 60_000 && !origin; waited += 100) {
    origin = /Portico is serving .* at (http:\/\/[^\s]+)/.exec(logs.join(''))?.[1] ?? '';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!origin) throw new Error(`portico serve did not start:\n${logs.join('')}`);
}

/** A browser-like client: its own cookie jar, the portal's Origin on unsafe requests. */
function client(name: string) {
  let cookie = '';
  return {
    async call(
      pathname: string,
      init: { method?: string; json?: unknown; headers?: Record<string, string>; body?: string } = {},
    ): Promise<{ status: number; body: Record<string, unknown> }> {
      const method = init.method ?? (init.json !== undefined || init.body !== undefined ? 'POST' : 'GET');
      const headers: Record<string, string> = { ...(method === 'GET' ? {} : { Origin: origin }), ...(cookie ? { Cookie: cookie } : {}), ...init.headers };
      if (init.json !== undefined) headers['Content-Type'] = 'application/json';
      const response = await fetch(`${origin}${pathname}`, { method, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
      for (const header of response.headers.getSetCookie()) {
        const value = /^portico_session=([^;]*)/.exec(header)?.[1];
        if (value === undefined) continue;
        cookie = value ? `portico_session=${value}` : '';
        if (value) remember(`session cookie of ${name} (${secrets.size})`, value);
      }
      const text = await response.text();
      return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text } };
    },
  };
}

async function mailboxToken(to: string, purpose: 'verify' | 'reset-password'): Promise<string> {
  const { body } = await client('mailbox').call(`/api/dev/mailbox?to=${encodeURIComponent(to)}`);
  const messages = body.messages as Array<{ text: string }>;
  const link = messages.map((message) => new RegExp(`/${purpose}\\?token=([^\\s&"]+)`).exec(message.text)?.[1]).find(Boolean);
  return remember(`${purpose} token for ${to}`, link ? decodeURIComponent(link) : undefined);
}

async function registerVerified(email: string, username: string, password: string) {
  const person = client(email);
  remember(`password of ${email}`, password);
  const registered = await person.call('/api/auth/register', {
    json: { username, fullName: `Person ${username}`, company: 'Broker Partner SA', email, password, acceptGuidelines: true },
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  // The link completes with the account's password, which signs in.
  expect((await person.call('/api/auth/verify-email', { json: { token: await mailboxToken(email, 'verify'), password } })).status).toBe(200);
  return person;
}

/** An owner address gives rights once an admin confirms the account (issue 13). */
async function confirmOwners(...emails: string[]) {
  const admin = client('admin');
  expect((await admin.call('/api/auth/sign-in', { json: { identifier: 'admin@insurer.example', password: ADMIN_PASSWORD } })).status).toBe(200);
  const { body } = await admin.call('/api/admin/owner-accounts');
  for (const account of body.accounts as Array<{ user: { id: string; email: string } }>) {
    if (emails.includes(account.user.email))
      expect((await admin.call(`/api/admin/users/${account.user.id}/owner-confirmation`, { method: 'POST' })).status).toBe(200);
  }
}

const ADMIN_PASSWORD = 'admin of the log scan 5c1d';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-log-scan-'));
  databaseFile = path.join(dir, 'portal.db');
  const platformPassword = remember('password of the platform team (CLI)', 'platform team passphrase 7f3a');
  expect(
    await runCli(['user', 'create', '--email', 'platform@insurer.example', '--role', 'platform'], { ...baseEnv(), PORTICO_PASSWORD: platformPassword }),
  ).toBe(0);
  remember('password of the admin (CLI)', ADMIN_PASSWORD);
  expect(await runCli(['user', 'create', '--email', 'admin@insurer.example', '--role', 'admin'], { ...baseEnv(), PORTICO_PASSWORD: ADMIN_PASSWORD })).toBe(0);
  await startServe();
}, 90_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('no secret ever reaches the logs', () => {
  it('runs a full journey through `portico serve`, then finds none of its secrets in stdout or stderr', async () => {
    const manifest = await readManifest(path.join(fixtureBuildDir, 'manifest.json'));
    const ownerOf = (slug: string) => manifest.apis.find((api) => api.slug === slug)?.owners[0] ?? '';

    // Accounts, and documentation access to a private API.
    const jane = await registerVerified('jane@broker-partner.example', 'jane.doe', 'correct horse battery staple');
    const claimsOwner = await registerVerified(ownerOf('claims'), 'claims.owner', 'claims owner passphrase 91');
    const quotesOwner = await registerVerified(ownerOf('quotes'), 'quotes.owner', 'quotes owner passphrase 42');
    await confirmOwners(ownerOf('claims'), ownerOf('quotes'));
    expect((await jane.call('/api/auth/sign-in', { json: { identifier: 'jane.doe', password: 'a wrong guess of a password' } })).status).toBe(401);
    remember('a wrong password tried', 'a wrong guess of a password');
    const asked = await jane.call('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'A claims app for our brokers.' } });
    expect(asked.status).toBe(201);
    expect((await claimsOwner.call(`/api/owner/requests/${String(asked.body.id)}/approve`, { method: 'POST' })).status).toBe(200);

    // An app, its secret (shown once, then rotated), sandbox access, tokens, sandbox calls.
    const created = await jane.call('/api/apps', {
      json: { name: 'Broker quoting app', businessContact: 'Jane Doe', technicalContact: 'dev@broker-partner.example' },
    });
    expect(created.status).toBe(201);
    const clientId = String(created.body.clientId);
    const clientSecret = remember('client secret', created.body.clientSecret as string);
    const access = await jane.call(`/api/apps/${clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } });
    expect((await quotesOwner.call(`/api/owner/api-access/${String(access.body.id)}/approve`, { method: 'POST' })).status).toBe(200);
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const basic = await client('app').call('/oauth/token', {
      headers: { ...form, Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    const accessToken = remember('access token (client_secret_basic)', basic.body.access_token as string);
    const post = await client('app').call('/oauth/token', {
      headers: form,
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
    });
    remember('access token (client_secret_post)', post.body.access_token as string);
    expect(
      (
        await client('app').call('/oauth/token', {
          headers: form,
          body: `grant_type=client_credentials&client_id=${clientId}&client_secret=portico_sk_wrong${'x'.repeat(32)}`,
        })
      ).status,
    ).toBe(401);
    const oneClick = await jane.call(`/api/apps/${clientId}/sandbox-token`, { json: { apiSlug: 'quotes' } });
    remember('one-click sandbox token', oneClick.body.access_token as string);
    expect((await client('app').call('/sandbox/quotes/quotes', { headers: { Authorization: `Bearer ${accessToken}` } })).status).toBe(200);
    expect((await client('app').call('/sandbox/quotes/quotes', { headers: { Authorization: `Bearer ${accessToken.slice(0, -4)}AAAA` } })).status).toBe(401);
    const rotated = await jane.call(`/api/apps/${clientId}/secrets`, { json: { overlapHours: 1 } });
    remember('rotated client secret', rotated.body.clientSecret as string);

    // A client certificate made with a private key; the key itself pasted by mistake.
    const pki = new OpensslPki(path.join(dir, 'pki'));
    const root = pki.selfSigned('Partner EV Root', { extensions: CA_EXTENSIONS });
    const leaf = pki.issue('client.broker-partner.example', root, { extensions: LEAF_EXTENSIONS });
    const platform = client('platform@insurer.example');
    expect(
      (
        await platform.call('/api/auth/sign-in', {
          json: { identifier: 'platform@insurer.example', password: secrets.get('password of the platform team (CLI)') },
        })
      ).status,
    ).toBe(200);
    expect((await platform.call('/api/registry/cas', { method: 'PUT', json: { name: 'Partner EV Root', certificate: root.pem, ev: true } })).status).toBe(200);
    expect((await jane.call('/api/certificates', { json: { certificate: leaf.pem, apiSlug: 'claims' } })).status).toBe(201);
    const leafKey = readFileSync(leaf.keyFile, 'utf8');
    expect((await jane.call('/api/certificates', { json: { certificate: leafKey, apiSlug: 'claims' } })).status).toBe(422);
    expect((await jane.call('/api/certificates', { json: { certificate: `${leaf.pem}\n${leafKey}`, apiSlug: 'claims' } })).status).toBeGreaterThanOrEqual(400);
    rememberPrivateKey('client certificate key', leafKey);
    rememberPrivateKey('CA key', readFileSync(root.keyFile, 'utf8'));

    // Passwords: changed, then forgotten and reset by email.
    remember('changed password', 'a brand new passphrase here');
    expect(
      (await jane.call('/api/account/password', { json: { currentPassword: 'correct horse battery staple', newPassword: 'a brand new passphrase here' } }))
        .status,
    ).toBe(200);
    expect((await client('anonymous').call('/api/auth/password-reset/request', { json: { email: 'jane@broker-partner.example' } })).status).toBe(200);
    const resetToken = await mailboxToken('jane@broker-partner.example', 'reset-password');
    remember('reset password', 'reset passphrase after forgetting');
    expect(
      (await client('anonymous').call('/api/auth/password-reset/confirm', { json: { token: resetToken, password: 'reset passphrase after forgetting' } }))
        .status,
    ).toBe(200);
    expect(
      (await client('jane again').call('/api/auth/sign-in', { json: { identifier: 'jane.doe', password: 'reset passphrase after forgetting' } })).status,
    ).toBe(200);

    // Let the email worker send (and log) what was queued, then stop the server: its last words count too.
    await expect.poll(() => (logs.join('').match(/\[email\] to /g) ?? []).length, { timeout: 20_000, interval: 250 }).toBeGreaterThanOrEqual(10);
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));

    // Secrets the server made itself: its TLS key and its token-signing key.
    const tlsDir = path.join(dir, 'tls');
    for (const name of readdirSync(tlsDir).filter((file) => /key/.test(file)))
      rememberPrivateKey(`server TLS key ${name}`, readFileSync(path.join(tlsDir, name), 'utf8'));
    const handle = await openDatabase(`file:${databaseFile}`);
    const stored = await handle.db.select().from(settings);
    handle.close();
    for (const row of stored) {
      const jwk = /^\{/.test(row.value) ? (JSON.parse(row.value) as { d?: string }) : {};
      if (jwk.d) remember(`token-signing key ${row.key}`, jwk.d);
    }
    expect([...secrets.keys()].some((label) => label.startsWith('token-signing key'))).toBe(true);

    const text = logs.join('');
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThanOrEqual(12);
    // The scan can fail: what the logs legitimately hold is found by the same search.
    expect(findLeaks(text, new Map([['an address that is logged', 'jane@broker-partner.example']]))).toEqual(['an address that is logged']);
    expect(findLeaks(text, secrets)).toEqual([]);
    expect(secrets.size).toBeGreaterThanOrEqual(30);
    process.stdout.write(`log scan: ${secrets.size} secrets looked for in ${lines.length} log lines (${text.length} characters)\n`);
    if (process.env.PORTICO_SHOW_LOGS) process.stdout.write(`${text}\n`);
  });
});

/** A PEM key, its base64 body and each of its lines: a key logged in any of those shapes is a leak. */
function rememberPrivateKey(label: string, pem: string): void {
  expect(pem).toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  remember(`${label} (PEM)`, pem.trim());
  const lines = pem.split('\n').filter((line) => line && !line.startsWith('-----'));
  remember(`${label} (base64 body)`, lines.join(''));
  lines
    .filter((line) => line.length >= 32)
    .forEach((line, index) => {
      remember(`${label} (line ${index + 1})`, line);
    });
}

/** Labels of the secrets found in the text: whole, URL-encoded, or their secret half. */
function findLeaks(text: string, values: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [label, value] of values) {
    const forms = new Set([value, encodeURIComponent(value)]);
    const secretHalf = /^[a-z]{3}_[A-Za-z0-9_-]{20}\.([A-Za-z0-9_-]{43})$/.exec(value)?.[1];
    if (secretHalf) forms.add(secretHalf);
    const signature = /^ey[\w-]+\.ey[\w-]+\.([\w-]+)$/.exec(value)?.[1];
    if (signature) forms.add(signature);
    if ([...forms].some((form) => text.includes(form))) found.push(label);
  }
  return found;
}
