import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestRuns, outbox, rateLimits } from '../../server/db/schema.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { registerVerified } from '../support/make-admin.ts';
import { setUpMtlsConsumer } from '../support/mtls-consumer.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki } from '../support/openssl-pki.ts';
import { BOB, JANE } from '../support/people.ts';
import { ORIGIN, TEST_APIS, createTestPortal, tokenFromEmail, type TestPortal } from '../support/test-portal.ts';

/**
 * Two `portico serve` processes on one embedded database (WAL), as behind a load balancer:
 * a session made on one works on the other and ends on both; both run the digest scheduler
 * every second and each owner still gets one digest, each certificate reminder goes once;
 * an OAuth token minted by one is accepted by the other; the sign-in limit counts attempts
 * made on either.
 */

const DAY = 86_400_000;
const SIGN_IN_LIMIT = 10; // server/api.ts: 10 sign-ins per address per 15 minutes
const SIGN_IN_WINDOW = 15 * 60_000;

interface Instance {
  origin: string;
  child: ChildProcessWithoutNullStreams;
  output: () => string;
}

let dir: string;
let portal: TestPortal;
let fake: FakeResend;
let a: Instance;
let b: Instance;
let sandboxApp: { clientId: string; clientSecret: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const openssl = (at: number) => `${new Date(at).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

async function writeBuild(buildDir: string): Promise<void> {
  await mkdir(path.join(buildDir, 'public'), { recursive: true });
  await writeFile(path.join(buildDir, 'public', 'index.html'), '<h1>Catalog</h1>');
  for (const api of TEST_APIS.filter((candidate) => candidate.visibility === 'private')) {
    await mkdir(path.join(buildDir, api.buildDir), { recursive: true });
    await writeFile(path.join(buildDir, api.buildDir, 'index.html'), `<h1>${api.title} docs</h1>`);
  }
  await writeFile(path.join(buildDir, 'manifest.json'), JSON.stringify({ formatVersion: 1, builtAt: '', publicDir: 'public', apis: TEST_APIS }));
}

/** `portico serve` on an ephemeral port, exactly as an operator starts it. */
function startInstance(name: string, env: NodeJS.ProcessEnv): Promise<Instance> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'portico.mjs'), 'serve', '--port', '0', '--host', '127.0.0.1'], { env });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /serving .* at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ origin: `http://127.0.0.1:${port}`, child, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${output}`)));
  });
}

function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    instance.child.once('exit', () => resolve());
    instance.child.kill('SIGTERM');
  });
}

async function call(instance: Instance, pathname: string, init: { method?: string; json?: unknown; cookie?: string } = {}) {
  const method = init.method ?? (init.json === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = method === 'GET' ? {} : { Origin: ORIGIN };
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  if (init.cookie) headers.Cookie = init.cookie;
  const response = await fetch(`${instance.origin}${pathname}`, {
    method,
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    redirect: 'manual',
  });
  const cookie = response.headers
    .getSetCookie()
    .find((line) => line.startsWith('portico_session='))
    ?.split(';')[0];
  return { status: response.status, cookie, body: (await response.json().catch(() => null)) as Record<string, unknown> | null };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- A ---\n${a?.output()}\n--- B ---\n${b?.output()}`);
    await sleep(200);
  }
}

beforeAll(async () => {
  // The digest day is UTC here: a run across midnight would rightly send the next day's digest.
  const untilMidnight = DAY - (Date.now() % DAY);
  if (untilMidnight < 60_000) await sleep(untilMidnight + 1000);
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-two-instances-'));
  fake = await startFakeResend();
  portal = await createTestPortal();
  // Waiting at once: a certificate that expires in 20 days (its 30-day reminder is due), and a
  // documentation request for each private API.
  const pki = new OpensslPki(dir);
  const root = pki.selfSigned('Two Instances Root', { extensions: CA_EXTENSIONS });
  const leaf = pki.issue('soon.broker-partner.example', root, {
    extensions: LEAF_EXTENSIONS,
    startDate: openssl(Date.now() - DAY),
    endDate: openssl(Date.now() + 20 * DAY),
  });
  const { jane, owner } = await setUpMtlsConsumer(portal, root, leaf);
  sandboxApp = await (
    await jane.client.request('/api/apps', { json: { name: 'Two instances app', businessContact: 'Jane', technicalContact: 'dev@broker-partner.example' } })
  ).json();
  const access = await (
    await jane.client.request(`/api/apps/${sandboxApp.clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } })
  ).json();
  expect((await owner.client.request(`/api/owner/api-access/${access.id}/approve`, { method: 'POST' })).status).toBe(200);
  const bob = await registerVerified(portal, BOB);
  await registerVerified(portal, { ...BOB, username: 'claims.owner', email: 'claims-owner@insurer.example' });
  expect(
    (await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'Claims for our brokers, please.' } })).status,
  ).toBe(201);
  expect(
    (await bob.client.request('/api/doc-access/requests', { json: { apiSlug: 'payments', justification: 'Payments for our partners, please.' } })).status,
  ).toBe(201);

  const buildDir = path.join(dir, 'build');
  await writeBuild(buildDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: `file:${portal.databaseFile}`,
    PORTICO_BUILD_DIR: buildDir,
    PORTICO_SITE_URL: ORIGIN,
    PORTICO_DEMO: 'false',
    MTLS_PORT: 'off',
    RESEND_API_KEY: 're_two_instances',
    RESEND_BASE_URL: fake.url,
    DIGEST_HOUR: '0',
    DIGEST_TIME_ZONE: 'UTC',
    DIGEST_CHECK_SECONDS: '1',
  };
  [a, b] = await Promise.all([startInstance('A', env), startInstance('B', env)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([stopInstance(a), stopInstance(b)]);
  await fake?.close();
  await portal?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('two instances on one database', () => {
  it('each owner gets one digest and each certificate reminder goes once, though both instances run the scheduler', async () => {
    const owners = ['claims-owner@insurer.example', 'payments-owner@insurer.example'];
    const digestsTo = (to: string) => fake.inbox(to).filter((mail) => mail.subject.includes('waiting for your decision'));
    const remindersTo = (to: string) => fake.inbox(to).filter((mail) => mail.subject.includes('expires in'));
    await waitFor('both digests and the reminder to be delivered', () =>
      owners.every((owner) => digestsTo(owner).length > 0) && remindersTo('jane.doe@broker-partner.example').length > 0 ? true : undefined,
    );
    // Several more scheduler rounds on each instance, and another delivery round.
    await sleep(4000);
    for (const owner of owners) expect(digestsTo(owner), owner).toHaveLength(1);
    expect(remindersTo('jane.doe@broker-partner.example').map((mail) => mail.subject)).toEqual(['A client certificate for Quotes API expires in 20 days']);

    const rows = await portal.handle.db.select().from(outbox);
    expect(
      rows
        .filter((row) => row.template === 'owner-digest')
        .map((row) => row.recipient)
        .sort(),
    ).toEqual(owners);
    expect(rows.filter((row) => row.template === 'certificate-lifecycle')).toHaveLength(1);
    // Every queued email was sent once: one delivery per outbox row, whichever worker claimed it.
    const sent = rows.filter((row) => row.status === 'sent');
    expect(fake.received).toHaveLength(sent.length);
    expect(new Set(fake.received.map((mail) => mail.idempotencyKey)).size).toBe(fake.received.length);
    const runs = await portal.handle.db.select().from(digestRuns);
    expect(runs.filter((run) => run.recipient.startsWith('certificate-reminder:'))).toHaveLength(1);
    for (const instance of [a, b]) expect(instance.output()).not.toMatch(/round failed|SQLITE_BUSY/);
  });

  it('a session made on A works on B, and signing out on B ends it on A', async () => {
    const registered = await call(a, '/api/auth/register', {
      json: {
        username: 'carol',
        fullName: 'Carol Smith',
        company: 'Third Partner',
        email: 'carol@third-partner.example',
        password: 'a third correct horse battery',
        acceptGuidelines: true,
      },
    });
    expect(registered.status).toBe(201);
    // The verification email is sent by whichever instance's worker claims it, once.
    await waitFor('the verification email', () => (fake.inbox('carol@third-partner.example').length > 0 ? true : undefined));
    // Following the link on B with the password signs in there; the session then works on A too.
    const verified = await call(b, '/api/auth/verify-email', {
      json: { token: await tokenFromEmail(portal, 'carol@third-partner.example', 'verify-email'), password: 'a third correct horse battery' },
    });
    expect(verified.status).toBe(200);
    const cookie = verified.cookie ?? '';
    expect(cookie).toMatch(/^portico_session=ses_/);
    expect((await call(b, '/api/me', { cookie })).body).toMatchObject({ user: { email: 'carol@third-partner.example', emailVerified: true } });
    expect((await call(a, '/api/me', { cookie })).body).toMatchObject({ user: { email: 'carol@third-partner.example' } });

    const signedIn = await call(b, '/api/auth/sign-in', { json: { identifier: 'jane.doe@broker-partner.example', password: JANE.password } });
    expect(signedIn.status).toBe(200);
    expect((await call(a, '/api/me', { cookie: signedIn.cookie })).body).toMatchObject({ user: { email: 'jane.doe@broker-partner.example' } });
    expect((await call(a, '/private/claims/', { cookie: signedIn.cookie })).status).toBe(403);
    expect((await call(b, '/api/auth/sign-out', { method: 'POST', cookie: signedIn.cookie })).status).toBe(200);
    expect((await call(a, '/api/me', { cookie: signedIn.cookie })).body).toEqual({ user: null });
    expect((await call(b, '/api/me', { cookie: signedIn.cookie })).body).toEqual({ user: null });
    expect((await call(a, '/private/claims/', { cookie: signedIn.cookie })).status).toBe(302);
    expect(fake.inbox('carol@third-partner.example')).toHaveLength(1);
  });

  it('an owner reading private docs on A is shown the door within a second of signing out on B', async () => {
    const owner = await call(b, '/api/auth/sign-in', { json: { identifier: 'claims-owner@insurer.example', password: BOB.password } });
    expect((await call(a, '/private/claims/', { cookie: owner.cookie })).status).toBe(200);
    expect((await call(b, '/api/auth/sign-out', { method: 'POST', cookie: owner.cookie })).status).toBe(200);
    // A remembers an admission for a second at most (decision 017); then it asks the database again.
    await sleep(1100);
    expect((await call(a, '/private/claims/', { cookie: owner.cookie })).status).toBe(302);
  });

  it('a token from one instance is valid on the other: one signing key, kept in the database', async () => {
    const basic = `Basic ${Buffer.from(`${sandboxApp.clientId}:${sandboxApp.clientSecret}`).toString('base64')}`;
    const form = (instance: Instance, pathname: string, body: string) =>
      fetch(`${instance.origin}${pathname}`, { method: 'POST', headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' }, body });
    // Both mint at once: the first start of two instances races to make the key.
    const [fromA, fromB] = await Promise.all([
      form(a, '/oauth/token', 'grant_type=client_credentials'),
      form(b, '/oauth/token', 'grant_type=client_credentials'),
    ]);
    const tokens = [(await fromA.json()).access_token as string, (await fromB.json()).access_token as string];
    const onB = await (await form(b, '/oauth/introspect', `token=${tokens[0]}`)).json();
    const onA = await (await form(a, '/oauth/introspect', `token=${tokens[1]}`)).json();
    expect([onB, onA]).toMatchObject([
      { active: true, client_id: sandboxApp.clientId, scope: 'quotes:sandbox' },
      { active: true, client_id: sandboxApp.clientId, scope: 'quotes:sandbox' },
    ]);
  });

  it('counts failed sign-ins on both instances against one limit', async () => {
    // A fixed window: start the count well inside one.
    const left = SIGN_IN_WINDOW - (Date.now() % SIGN_IN_WINDOW);
    if (left < 5000) await sleep(left + 200);
    const windowStart = Date.now() - (Date.now() % SIGN_IN_WINDOW);
    // The counter of the real connections (the in-process set-up counts as "local": verifying a link counts too).
    const [counter] = (await portal.handle.db.select().from(rateLimits).where(like(rateLimits.key, 'sign-in:%'))).filter((row) => row.key !== 'sign-in:local');
    const used = counter && counter.windowStart === windowStart ? counter.count : 0;
    const statuses: number[] = [];
    for (let attempt = used + 1; attempt <= SIGN_IN_LIMIT + 2; attempt++) {
      const instance = attempt % 2 === 0 ? a : b;
      // A different account each time: the per-account backoff (its own tests) stays out of this count.
      statuses.push(
        (await call(instance, '/api/auth/sign-in', { json: { identifier: `guess-${attempt}@other-partner.example`, password: 'not the password at all' } }))
          .status,
      );
    }
    expect(statuses).toEqual([...Array(SIGN_IN_LIMIT - used).fill(401), 429, 429]);
    const [after] = await portal.handle.db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, counter?.key ?? 'sign-in:127.0.0.1'));
    expect(after?.count).toBe(SIGN_IN_LIMIT + 2);
  });
});
