import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, testWorkRoot } from '../support/fixture-paths.ts';
import { registerVerified } from '../support/make-admin.ts';
import { JANE } from '../support/people.ts';
import { createTestPortal, ORIGIN, type TestClient, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue 18 item 6: `/api/openapi.json` drives standard tools. Redocly's recommended rules find no
 * error; every operation has an operationId and says how it authenticates (the session cookie,
 * the Origin of unsafe requests); GET routes answer HEAD; and a client generated from the document
 * by openapi-typescript + openapi-fetch signs in and calls operations with no hand-written types.
 */
const run = promisify(execFile);
type Operation = { operationId?: string; security?: Array<Record<string, string[]>>; parameters?: Array<{ in: string }>; responses: Record<string, unknown> };
let portal: TestPortal;
let jane: { client: TestClient; id: string };
let document: { servers?: Array<{ url: string }>; paths: Record<string, Record<string, Operation>>; components: { securitySchemes?: Record<string, unknown> } };
let server: ServerType;
let base: string;
const work = path.join(testWorkRoot, 'typed-client');

const operations = () =>
  Object.entries(document.paths).flatMap(([pathname, item]) => Object.entries(item).map(([method, operation]) => ({ method, pathname, operation })));

beforeAll(async () => {
  portal = await createTestPortal();
  jane = await registerVerified(portal, JANE);
  document = await (await portal.app.request(`${ORIGIN}/api/openapi.json`)).json();
  server = await new Promise<ServerType>((resolve) => {
    const started: ServerType = serve({ fetch: portal.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await mkdir(work, { recursive: true });
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await portal?.close();
  await rm(work, { recursive: true, force: true });
});

describe('/api/openapi.json', () => {
  it('passes Redocly lint (recommended rules) with 0 errors', async () => {
    const file = path.join(work, 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    const cli = path.join(projectRoot, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
    const { stdout } = await run(process.execPath, [cli, 'lint', file, '--format=json'], { env, cwd: work, maxBuffer: 32 * 1024 * 1024 }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
    const errors = report.problems
      .filter((problem: { severity: string }) => problem.severity === 'error')
      .map((problem: { ruleId: string; message: string }) => `${problem.ruleId}: ${problem.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 60_000);

  it('names its base (/api), its security schemes and a unique operationId for every operation', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/api' })]);
    expect(Object.keys(document.components.securitySchemes ?? {}).sort()).toEqual(['origin', 'session']);
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { method, operation } of operations()) {
      expect(operation.security?.length).toBeGreaterThan(0);
      if (method !== 'get') expect(operation.security!.every((requirement) => 'origin' in requirement)).toBe(true);
    }
  });

  it('the security it declares is the truth: a GET that needs a session answers an anonymous call with its documented 401', async () => {
    const needsSession = operations().filter(
      ({ method, operation }) =>
        method === 'get' &&
        !(operation.parameters ?? []).some((parameter) => parameter.in === 'path') &&
        operation.security!.every((requirement) => 'session' in requirement),
    );
    expect(needsSession.length).toBeGreaterThan(10);
    for (const { pathname, operation } of needsSession) {
      const response = await fetch(`${base}/api${pathname}`);
      expect(response.status, pathname).toBe(401);
      expect(Object.keys(operation.responses), pathname).toContain('401');
    }
    const anonymousMe = await fetch(`${base}/api/me`);
    expect(anonymousMe.status).toBe(200);
  });

  it('answers HEAD on every GET route as GET does, without a body', async () => {
    const cookie = jane.client.cookie ?? '';
    for (const { pathname } of operations().filter(
      ({ method, operation }) => method === 'get' && !(operation.parameters ?? []).some((parameter) => parameter.in === 'path'),
    )) {
      const get = await fetch(`${base}/api${pathname}`, { headers: { Cookie: cookie } });
      const head = await fetch(`${base}/api${pathname}`, { method: 'HEAD', headers: { Cookie: cookie } });
      expect(head.status, pathname).toBe(get.status);
      expect(head.headers.get('content-type'), pathname).toBe(get.headers.get('content-type'));
      expect(await head.text(), pathname).toBe('');
    }
  });
});

/** The only code written here: three calls, as a partner would write them against the generated types. */
const CALLS = `import createClient from 'openapi-fetch';
import type { paths } from './api.ts';

export async function threeCalls(baseUrl: string, origin: string, identifier: string, password: string) {
  const anonymous = createClient<paths>({ baseUrl, headers: { Origin: origin } });
  const signIn = await anonymous.POST('/auth/sign-in', { body: { identifier, password } });
  if (!signIn.response.ok) throw new Error('sign-in: ' + signIn.response.status);
  const session = signIn.response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
  const client = createClient<paths>({ baseUrl, headers: { Origin: origin, Cookie: session } });
  const created = await client.POST('/apps', { body: { name: 'Typed client app', businessContact: 'Jane', technicalContact: 'dev@broker-partner.example' } });
  const me = await client.GET('/me');
  const apps = await client.GET('/apps');
  return { clientId: created.data?.clientId, createdStatus: created.response.status, email: me.data?.user?.email, appNames: apps.data?.apps.map((app) => app.name) ?? [] };
}
`;

describe('a client generated from the description (openapi-typescript + openapi-fetch)', () => {
  it('type-checks and signs in, creates an app, reads /me and lists the apps', async () => {
    await writeFile(path.join(work, 'api.ts'), astToString(await openapiTS(document as never)));
    await writeFile(path.join(work, 'calls.ts'), CALLS);
    const tsc = path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = [
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--target',
      'es2022',
      '--module',
      'esnext',
      '--moduleResolution',
      'bundler',
      '--allowImportingTsExtensions',
      '--lib',
      'es2023,dom',
      '--types',
      'node',
    ];
    await run(process.execPath, [tsc, ...flags, path.join(work, 'calls.ts')], { cwd: projectRoot }).catch((error: { stdout: string }) =>
      expect.fail(`the generated client does not type-check:\n${error.stdout}`),
    );
    const { threeCalls } = await import(pathToFileURL(path.join(work, 'calls.ts')).href);
    const servers = document.servers ?? [];
    const result = await threeCalls(new URL(servers[0]!.url, base).toString(), ORIGIN, JANE.email, JANE.password);
    expect(result).toMatchObject({ createdStatus: 201, email: JANE.email.toLowerCase(), appNames: ['Typed client app'] });
    expect(result.clientId).toMatch(/^app_/);
  }, 60_000);
});
