import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../plugins/portico/contract.ts';
import { loadSpec } from '../../plugins/portico/spec/load-specs.ts';
import { sampleCallPath } from '../../src/features/try/sample-call.ts';
import { curlSample, nodeSample, pythonSample, type SampleInput } from '../../src/features/try/samples.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue 18 item 4: /try's samples run as copied. The text is what the page renders (the same
 * functions), run by the real curl (with jq), node and python3 against the portal on a real port;
 * the reader fills in only their client secret (CLIENT_SECRET). Each must reach the sandbox with 2xx.
 */
const run = promisify(execFile);

let portal: TestPortal;
let server: ServerType;
let work: string;
let input: SampleInput;
let clientSecret: string;

beforeAll(async () => {
  const quotes: JsonObject = (await loadSpec(path.join(projectRoot, 'openapi', 'quotes.yaml'))).api!.document;
  portal = await createTestPortal({}, { quotes });
  const jane = await registerVerified(portal, JANE);
  const owner = await registerVerified(portal, { ...BOB, username: 'quotes.owner', email: 'quotes-owner@insurer.example' });
  const app = await (await jane.client.request('/api/apps', { json: { name: 'App', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })).json();
  const access = await (await jane.client.request(`/api/apps/${app.clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } })).json();
  expect((await owner.client.request(`/api/owner/api-access/${access.id}/approve`, { method: 'POST' })).status).toBe(200);
  clientSecret = app.clientSecret;
  server = await new Promise<ServerType>((resolve) => {
    const started: ServerType = serve({ fetch: portal.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // As the page does: the call is read from the API's download.
  const spec = await (await jane.client.request('/downloads/quotes/openapi.json')).json();
  input = { origin, clientId: app.clientId, slug: 'quotes', call: sampleCallPath(spec) ?? '/' };
  work = await mkdtemp(path.join(os.tmpdir(), 'portico-try-'));
}, 60_000);
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await portal?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const env = () => ({ PATH: process.env.PATH ?? '', CLIENT_SECRET: clientSecret });

describe('happy: each /try sample, as copied, gets a token and a 2xx from the sandbox', () => {
  it('curl (bash, with jq): exits 0 with the sandbox answer', async () => {
    const text = curlSample(input);
    expect(text).toContain(`-u "${input.clientId}:$CLIENT_SECRET"`);
    expect(text).not.toContain(clientSecret);
    const { stdout } = await run('bash', ['-e', '-o', 'pipefail', '-c', text], { env: env(), timeout: 30_000 });
    expect(JSON.parse(stdout)).toBeTypeOf('object');
  });

  it('Node: prints a 2xx status and the answer', async () => {
    const file = path.join(work, 'try.mjs');
    await writeFile(file, nodeSample(input));
    const { stdout } = await run(process.execPath, [file], { env: env(), timeout: 30_000 });
    expect(Number(stdout.split(' ')[0])).toBeGreaterThanOrEqual(200);
    expect(Number(stdout.split(' ')[0])).toBeLessThan(300);
  });

  it('Python: prints a 2xx status and the answer', async () => {
    const file = path.join(work, 'try.py');
    await writeFile(file, pythonSample(input));
    const { stdout } = await run('python3', [file], { env: env(), timeout: 30_000 });
    expect(Number(stdout.split(' ')[0])).toBeGreaterThanOrEqual(200);
    expect(Number(stdout.split(' ')[0])).toBeLessThan(300);
  });
});

describe('error: a wrong secret fails each sample loudly, never as a silent success', () => {
  const wrong = () => ({ PATH: process.env.PATH ?? '', CLIENT_SECRET: 'not-the-secret' });

  it('curl exits non-zero', async () => {
    await expect(run('bash', ['-e', '-o', 'pipefail', '-c', curlSample(input)], { env: wrong(), timeout: 30_000 })).rejects.toMatchObject({
      code: expect.any(Number),
    });
  });

  it('Node and Python exit non-zero', async () => {
    const nodeFile = path.join(work, 'wrong.mjs');
    await writeFile(nodeFile, nodeSample(input));
    await expect(run(process.execPath, [nodeFile], { env: wrong(), timeout: 30_000 })).rejects.toMatchObject({ code: 1 });
    const pythonFile = path.join(work, 'wrong.py');
    await writeFile(pythonFile, pythonSample(input));
    await expect(run('python3', [pythonFile], { env: wrong(), timeout: 30_000 })).rejects.toMatchObject({ code: 1 });
  });
});
