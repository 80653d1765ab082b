import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../plugins/portico/contract.ts';
import { loadSpec } from '../../plugins/portico/spec/load-specs.ts';
import { DEMO_PASSWORD } from '../../server/services/bootstrap.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { casesOf, type SandboxCase } from '../support/sandbox-cases.ts';
import { listening, servePortico, stopChild, writeSpecBuild } from '../support/serve-portico.ts';
import { follow, pointerOf, SpecConformance } from '../support/spec-conformance.ts';
import { manifestApi } from '../support/synthetic-site.ts';

/**
 * Issue 18 item 3: every operation of every sample spec (and of a hostile fixture) is called
 * through Prism in proxy mode (Stoplight's validating proxy, nobody here wrote it) in front of
 * a real `portico serve` sandbox: one valid request per declared media type, one invalid
 * request per constraint kind the operation has. Every answer is checked twice: by an Ajv
 * harness of the test's own (status documented, media type documented, body fits its schema)
 * and by Prism's response violations. 415 is the one status the sample specs do not document:
 * it is HTTP's answer to a media type the operation does not declare (RFC 9110 §15.5.16), so it
 * counts when it comes as RFC 9457 problem details, and is listed apart; so does an invalid
 * request to an operation that documents no client error at all (issue 18: RFC 9457 then).
 */
const SPECS: Array<[string, string]> = [
  ...['claims', 'payments', 'policies', 'products', 'quotes'].map((slug): [string, string] => [slug, path.join(projectRoot, 'openapi', `${slug}.yaml`)]),
  ['hostile', path.join(projectRoot, 'tests', 'fixtures', 'sandbox', 'hostile.yaml')],
];
const OWNER = 'quotes-owner@insurer.example';

let dir: string;
let server: Awaited<ReturnType<typeof servePortico>>;
const prisms = new Map<string, { child: ChildProcess; origin: string }>();
const documents = new Map<string, JsonObject>();
let token: string;

async function signedIn(origin: string, email: string) {
  const response = await fetch(`${origin}/api/auth/sign-in`, {
    method: 'POST',
    headers: { Origin: origin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ identifier: email, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const cookie = (response.headers.getSetCookie().find((line) => line.startsWith('portico_session=')) ?? '').split(';')[0] ?? '';
  return async (method: string, pathname: string, json?: unknown) => {
    const answer = await fetch(`${origin}${pathname}`, {
      method,
      headers: { Origin: origin, Cookie: cookie, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    return { status: answer.status, body: await answer.json() };
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-conformance-'));
  for (const [slug, file] of SPECS) documents.set(slug, (await loadSpec(file)).api!.document);
  await writeSpecBuild(
    path.join(dir, 'build'),
    SPECS.map(([slug]) => ({ api: manifestApi(slug, 'public', [OWNER], slug), document: documents.get(slug)! })),
  );
  server = await servePortico(dir);
  const consumer = await signedIn(server.origin, 'consumer@broker-partner.example');
  const owner = await signedIn(server.origin, OWNER);
  const app = (await consumer('POST', '/api/apps', { name: 'Conformance app', businessContact: 'Casey', technicalContact: 'dev@broker-partner.example' })).body;
  for (const [slug] of SPECS) {
    const access = (await consumer('POST', `/api/apps/${app.clientId}/api-access`, { apiSlug: slug, environment: 'sandbox' })).body;
    expect((await owner('POST', `/api/owner/api-access/${access.id}/approve`)).status).toBe(200);
  }
  const issued = await fetch(`${server.origin}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret }),
  });
  token = (await issued.json()).access_token;
  for (const [slug, file] of SPECS) {
    const child = spawn(
      path.join(projectRoot, 'node_modules', '.bin', 'prism'),
      ['proxy', file, `${server.origin}/sandbox/${slug}`, '-p', '0', '-h', '127.0.0.1'],
      {
        cwd: dir,
      },
    );
    prisms.set(slug, {
      child,
      origin: await listening(child, /Prism is listening on http:\/\/127\.0\.0\.1:(\d+)/, 'prism', (port) => `http://127.0.0.1:${port}`),
    });
  }
}, 180_000);

afterAll(async () => {
  for (const { child } of prisms.values()) await stopChild(child);
  if (server) await server.stop();
  await rm(dir, { recursive: true, force: true });
});

/** What Prism 5 does not validate in a request: cookie parameters, and a multipart part's media type against its encoding. */
const PRISM_DOES_NOT_CHECK = /^cookie parameter|^multipart part media type/;

interface Verdict {
  sandboxCase: SandboxCase;
  status: number;
  problems: string[];
  /** Outside the documented statuses, as the rules above allow (415, or no client error documented). */
  excused: boolean;
}

/** A client error the operation documents (400, 422, 4XX or default); without one the sandbox falls back to RFC 9457. */
function documentsClientError(document: JsonObject, sandboxCase: SandboxCase): boolean {
  const operation = follow(document, undefined, pointerOf('paths', sandboxCase.template, sandboxCase.method.toLowerCase())).node;
  const responses = (operation.responses ?? {}) as Record<string, unknown>;
  return ['400', '422', '4XX', 'default'].some((key) => responses[key] !== undefined);
}

const isProblem = (status: number, contentType: string | null, text: string): boolean => {
  if (!/^application\/problem\+json/.test(contentType ?? '')) return false;
  const problem = JSON.parse(text);
  return problem.status === status && typeof problem.title === 'string' && typeof problem.type === 'string';
};

async function run(sandboxCase: SandboxCase, harness: SpecConformance): Promise<Verdict> {
  // Prism's proxy parses a JSON body before forwarding and answers a malformed one itself:
  // that one case goes to the sandbox directly.
  const origin = sandboxCase.kind === 'malformed JSON' ? `${server.origin}/sandbox/${sandboxCase.api}` : prisms.get(sandboxCase.api)!.origin;
  const query = sandboxCase.query.toString();
  const headers: Record<string, string> = { ...sandboxCase.headers, Authorization: `Bearer ${token}` };
  const body = sandboxCase.body;
  if (body && typeof body.data === 'string') headers['Content-Type'] = body.contentType;
  const response = await fetch(`${origin}${sandboxCase.path}${query ? `?${query}` : ''}`, { method: sandboxCase.method, headers, body: body?.data });
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  const problems: string[] = [];
  const valid = sandboxCase.kind === 'valid';
  if (valid !== (response.status >= 200 && response.status < 300)) problems.push(`expected ${valid ? 'a 2xx' : 'a refusal'}, got ${response.status}`);
  if (!valid && response.status >= 500) problems.push(`a server error ${response.status}`);
  if (response.headers.get('x-portico-sandbox') !== 'mock') problems.push('the answer did not come from the sandbox');
  const violations = harness.violations(sandboxCase.template, sandboxCase.method.toLowerCase(), { status: response.status, contentType, text });
  const said = JSON.parse(response.headers.get('sl-violations') ?? '[]') as Array<{ location: string[]; severity: string; message: string }>;
  // Prism's own reading of the request: a valid case must break nothing, an invalid one something.
  const requestBroken = said.some((violation) => violation.location[0] === 'request' && violation.severity === 'Error');
  const prismReads = origin !== `${server.origin}/sandbox/${sandboxCase.api}` && !PRISM_DOES_NOT_CHECK.test(sandboxCase.kind);
  if (prismReads && requestBroken === valid) problems.push(`Prism says the request is ${requestBroken ? 'invalid' : 'valid'}`);
  const prismSaid = said
    .filter((violation) => violation.location[0] === 'response' && violation.severity === 'Error')
    .map((violation) => `Prism: ${violation.location.join('.')} ${violation.message}`);
  const mayFallBack = response.status === 415 || (!valid && !documentsClientError(harness.document, sandboxCase));
  const excused = mayFallBack && violations.some((violation) => violation.startsWith('status ')) && isProblem(response.status, contentType, text);
  if (!excused) problems.push(...violations, ...prismSaid);
  return { sandboxCase, status: response.status, problems, excused };
}

describe('sandbox conformance through Prism in proxy mode', () => {
  for (const [slug] of SPECS) {
    it(`${slug}: every valid request answered 2xx and every invalid one refused, each answer as the spec documents it`, async () => {
      const document = documents.get(slug)!;
      const harness = new SpecConformance(document);
      const cases = casesOf(slug, document, harness);
      const verdicts: Verdict[] = [];
      for (const sandboxCase of cases) verdicts.push(await run(sandboxCase, harness));
      const figure = (valid: boolean) => {
        const group = verdicts.filter((verdict) => (verdict.sandboxCase.kind === 'valid') === valid);
        return `${group.filter((verdict) => verdict.problems.length === 0).length}/${group.length}`;
      };
      const excused = verdicts.filter((verdict) => verdict.excused);
      const apart = `${excused.filter((verdict) => verdict.status === 415).length} answered 415, ${excused.filter((verdict) => verdict.status !== 415).length} RFC 9457 where no client error is documented`;
      console.log(`${slug}: valid ${figure(true)}, invalid ${figure(false)} (of which ${apart})`);
      const failures = verdicts
        .filter((verdict) => verdict.problems.length > 0)
        .map(
          (verdict) =>
            `${verdict.sandboxCase.method} ${verdict.sandboxCase.template} [${verdict.sandboxCase.kind}] ${verdict.status}: ${verdict.problems.join('; ')}`,
        );
      expect(failures).toEqual([]);
      expect(verdicts.filter((verdict) => verdict.sandboxCase.kind !== 'valid').length).toBeGreaterThan(cases.filter((c) => c.kind === 'valid').length);
    }, 120_000);
  }
});
