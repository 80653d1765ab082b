import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../plugins/portico/build/progress.ts';
import { withSandboxServer } from '../../plugins/portico/build/target-builds.ts';
import type { JsonObject } from '../../plugins/portico/contract.ts';
import { loadSpec, type LoadedApi } from '../../plugins/portico/spec/load-specs.ts';
import type { AppRow } from '../../src/features/apps/types.ts';
import { READER_ORIGIN_VARIABLE, readerOriginUpdate, sandboxAppOf, sandboxSlugOf, tokenUrlOf } from '../../src/features/try/explorer-token.ts';
import { explorerTokenSnippets } from '../../src/features/try/samples.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, ORIGIN, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue 18 item 4: the explorer's code samples run as copied. The docs' sandbox server is
 * `{origin}/sandbox/<slug>` (the build's site URL until the page sets the reader's origin), and
 * above the samples a "Get a token" snippet — the /try samples' token step — with the server's
 * absolute token URL and the reader's client id, or $CLIENT_ID for anyone else; never a secret.
 * The snippets are run with the real curl (and jq), node and python3 against a portal on a real port.
 */
const run = promisify(execFile);

let quotes: LoadedApi;
let portal: TestPortal;
let server: ServerType;
let origin: string;
let work: string;
let clientId: string;
let clientSecret: string;

beforeAll(async () => {
  quotes = (await loadSpec(path.join(projectRoot, 'openapi', 'quotes.yaml'))).api!;
  portal = await createTestPortal({}, { quotes: quotes.document as JsonObject });
  const jane = await registerVerified(portal, JANE);
  const owner = await registerVerified(portal, { ...BOB, username: 'quotes.owner', email: 'quotes-owner@insurer.example' });
  const app = await (await jane.client.request('/api/apps', { json: { name: 'App', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })).json();
  const access = await (await jane.client.request(`/api/apps/${app.clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } })).json();
  expect((await owner.client.request(`/api/owner/api-access/${access.id}/approve`, { method: 'POST' })).status).toBe(200);
  clientId = app.clientId;
  clientSecret = app.clientSecret;
  server = await new Promise<ServerType>((resolve) => {
    const started: ServerType = serve({ fetch: portal.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  work = await mkdtemp(path.join(os.tmpdir(), 'portico-explorer-'));
}, 60_000);
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await portal?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs one snippet as a reader would, with only the environment variables it names. */
async function runSnippet(language: string, code: string, env: Record<string, string>): Promise<string> {
  const file = path.join(work, { bash: 'token.sh', js: 'token.mjs', python: 'token.py' }[language] ?? 'token');
  await writeFile(file, code);
  const command = { bash: ['bash', ['-e', '-o', 'pipefail', file]], js: [process.execPath, [file]], python: ['python3', [file]] }[language] as [
    string,
    string[],
  ];
  const { stdout } = await run(command[0], command[1], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 });
  return stdout.trim();
}

describe('the docs sandbox server (happy)', () => {
  it('is {origin}/sandbox/<slug>, the origin variable defaulting to the build site URL', () => {
    const context = { siteDir: projectRoot, workDir: os.tmpdir(), siteUrl: `${ORIGIN}/`, progress: silentProgress };
    const servers = withSandboxServer(context, quotes).servers as Array<{ url: string; variables?: Record<string, { default: string }> }>;
    expect(servers[0]!.url).toBe(`{${READER_ORIGIN_VARIABLE}}/sandbox/quotes`);
    expect(servers[0]!.variables?.[READER_ORIGIN_VARIABLE]?.default).toBe(ORIGIN);
    // The page finds the API from it: the token snippet shows only where the Portico sandbox is.
    expect(sandboxSlugOf(servers)).toBe('quotes');
  });

  it("the page's origin replaces the default once, then nothing changes", () => {
    const server = { url: '{origin}/sandbox/quotes', variables: { origin: { default: 'http://localhost:3000' } } };
    expect(JSON.parse(readerOriginUpdate(server, 'https://developer.example')!)).toEqual({ key: 'origin', value: 'https://developer.example' });
    expect(readerOriginUpdate({ ...server, variables: { origin: { default: 'https://developer.example' } } }, 'https://developer.example')).toBeNull();
  });
});

describe('the docs sandbox server (error)', () => {
  it("leaves a provider's server, or none, alone", () => {
    expect(readerOriginUpdate({ url: 'https://sandbox.insurer.example/v1' }, 'https://developer.example')).toBeNull();
    expect(readerOriginUpdate(undefined, 'https://developer.example')).toBeNull();
    expect(sandboxSlugOf([{ url: 'https://sandbox.insurer.example/v1' }])).toBeNull();
    expect(sandboxSlugOf([])).toBeNull();
  });

  it("falls back to this site's /oauth/token when the metadata names no absolute token URL", () => {
    expect(tokenUrlOf({ token_endpoint: 'https://developer.example/oauth/token' }, 'https://other.example')).toBe('https://developer.example/oauth/token');
    expect(tokenUrlOf({ token_endpoint: '/oauth/token' }, 'https://developer.example')).toBe('https://developer.example/oauth/token');
    expect(tokenUrlOf(null, 'https://developer.example')).toBe('https://developer.example/oauth/token');
  });
});

describe('whose client id the snippet shows', () => {
  const access = (apiSlug: string, sandboxToken: boolean) => ({ apiSlug, sandboxToken }) as AppRow['apiAccess'][number];
  const app = (id: string, accesses: AppRow['apiAccess']) => ({ id, name: id, apiAccess: accesses }) as AppRow;

  it('the first app whose client-secret sandbox access to this API is approved (the server says sandboxToken)', () => {
    const apps = [app('a', [access('claims', true), access('quotes', false)]), app('b', [access('quotes', true)]), app('c', [access('quotes', true)])];
    expect(sandboxAppOf(apps, 'quotes')?.id).toBe('b');
  });

  it('none for an app with access to another API or not approved', () => {
    expect(sandboxAppOf([app('a', [access('claims', true), access('quotes', false)])], 'quotes')).toBeUndefined();
  });
});

describe('happy: each "Get a token" snippet, as copied, gets a sandbox token', () => {
  it('signed in: the client id filled in, the secret from CLIENT_SECRET; curl first, then Node and Python', async () => {
    const tokenUrl = tokenUrlOf(await (await fetch(`${origin}/.well-known/oauth-authorization-server`)).json(), origin);
    expect(tokenUrl).toBe(`${ORIGIN}/oauth/token`); // the server's configured site URL, absolute
    const snippets = explorerTokenSnippets({ tokenUrl: `${origin}/oauth/token`, clientId, slug: 'quotes' });
    expect(snippets.map((snippet) => snippet.label)).toEqual(['curl', 'Node.js', 'Python']);
    expect(snippets[0]!.code).toContain(`-u "${clientId}:$CLIENT_SECRET"`);
    for (const snippet of snippets) {
      expect(snippet.code).toContain(clientId);
      expect(snippet.code).not.toContain(clientSecret);
      expect(await runSnippet(snippet.language, snippet.code, { CLIENT_SECRET: clientSecret }), snippet.label).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    }
  });

  it('anonymous: $CLIENT_ID and $CLIENT_SECRET, both from the environment', async () => {
    const snippets = explorerTokenSnippets({ tokenUrl: `${origin}/oauth/token`, clientId: null, slug: 'quotes' });
    expect(snippets[0]!.code).toContain('-u "$CLIENT_ID:$CLIENT_SECRET"');
    for (const snippet of snippets) {
      expect(await runSnippet(snippet.language, snippet.code, { CLIENT_ID: clientId, CLIENT_SECRET: clientSecret }), snippet.label).toMatch(/^ey/);
    }
  });
});

describe('error: a wrong secret fails loudly', () => {
  it('each snippet exits non-zero on the token endpoint refusal', async () => {
    for (const snippet of explorerTokenSnippets({ tokenUrl: `${origin}/oauth/token`, clientId, slug: 'quotes' })) {
      await expect(runSnippet(snippet.language, snippet.code, { CLIENT_SECRET: 'wrong' }), snippet.label).rejects.toThrow();
    }
  });
});
