import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { apiAccess, docAccess, outbox } from '../../server/db/schema.ts';
import { localDayAndHour, runDigest } from '../../server/services/digest.ts';
import { createServiceContext, type ServiceContext } from '../../server/services/context.ts';
import { registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { ORIGIN, TEST_APIS, createTestPortal, type TestPortal } from '../support/test-portal.ts';

let portal: TestPortal;
let context: ServiceContext;
const WHY = 'An app for our brokers, please.';

beforeEach(async () => {
  portal = await createTestPortal();
  context = createServiceContext({
    db: portal.handle.db,
    siteUrl: ORIGIN,
    manifest: { formatVersion: 1, builtAt: '', publicDir: 'public', apis: TEST_APIS },
    now: Date.now,
  });
});
afterEach(async () => portal.close());

async function seedPendingRequests() {
  const jane = await registerVerified(portal, JANE);
  const bob = await registerVerified(portal, BOB);
  for (const [client, api] of [
    [jane.client, 'claims'],
    [bob.client, 'claims'],
    [jane.client, 'payments'],
  ] as const) {
    expect((await client.request('/api/doc-access/requests', { json: { apiSlug: api, justification: WHY } })).status).toBe(201);
  }
}

const digests = async (to?: string) => (await portal.emails(to)).filter((mail) => mail.template === 'owner-digest');

describe('the daily digest', () => {
  it('gives each owner exactly one email naming only their requests, and a second run sends nothing', async () => {
    await seedPendingRequests();
    const first = await runDigest(context, '2026-11-23');
    expect(first.sent.sort()).toEqual(['claims-owner@insurer.example', 'payments-owner@insurer.example']);
    const [claims] = await digests('claims-owner@insurer.example');
    expect(claims?.subject).toBe('2 requests waiting for your decision (2026-11-23)');
    expect(claims?.text).toContain('Jane Doe (Broker Partner SA)');
    expect(claims?.text).toContain('Bob Martin (Other Partner Ltd)');
    expect(claims?.text).not.toContain('Payments API');
    // Each line links to its queue with the request open (issue 17 item 6).
    const pending = await portal.handle.db.select().from(docAccess);
    for (const access of pending.filter((row) => row.apiSlug === 'claims'))
      expect(claims?.text).toContain(`http://portal.test/owner?queue=documentation&api=claims&review=${access.id}`);
    expect(pending.filter((row) => row.apiSlug === 'claims')).toHaveLength(2);
    const [payments] = await digests('payments-owner@insurer.example');
    expect(payments?.subject).toBe('1 request waiting for your decision (2026-11-23)');
    expect(payments?.text).not.toContain('Claims API');

    expect(await runDigest(context, '2026-11-23')).toEqual({ sent: [], skipped: expect.arrayContaining(['claims-owner@insurer.example']) });
    expect(await digests()).toHaveLength(2);
    // The next day, still pending: a new digest.
    expect((await runDigest(context, '2026-11-24')).sent).toHaveLength(2);
  });

  it('sends nothing when nothing is pending', async () => {
    expect(await runDigest(context, '2026-11-23')).toEqual({ sent: [], skipped: [] });
    expect(await digests()).toEqual([]);
  });

  it('two runs at once in one instance (the scheduler and the command): still exactly one each', async () => {
    await seedPendingRequests();
    const results = await Promise.all([runDigest(context, '2026-11-23'), runDigest(context, '2026-11-23')]);
    expect(results.flatMap((result) => result.sent).sort()).toEqual(['claims-owner@insurer.example', 'payments-owner@insurer.example']);
    expect(await digests()).toHaveLength(2);
  });

  it('knows the local day and hour of a time zone', () => {
    const instant = Date.parse('2026-11-23T23:30:00Z');
    expect(localDayAndHour(instant, 'Europe/Paris')).toEqual({ day: '2026-11-24', hour: 0 });
    expect(localDayAndHour(instant, 'America/New_York')).toEqual({ day: '2026-11-23', hour: 18 });
  });
});

describe('portico digest run, from two processes at once', () => {
  it('queues one digest per owner, however many processes run it', async () => {
    await seedPendingRequests();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'portico-digest-'));
    try {
      const buildDir = path.join(dir, 'build');
      await mkdir(path.join(buildDir, 'public'), { recursive: true });
      await writeFile(path.join(buildDir, 'public', 'index.html'), '<h1>Catalog</h1>');
      for (const api of TEST_APIS.filter((candidate) => candidate.visibility === 'private')) {
        await mkdir(path.join(buildDir, api.buildDir), { recursive: true });
        await writeFile(path.join(buildDir, api.buildDir, 'index.html'), 'docs');
      }
      await writeFile(path.join(buildDir, 'manifest.json'), JSON.stringify({ formatVersion: 1, builtAt: '', publicDir: 'public', apis: TEST_APIS }));
      const env = { ...process.env, DATABASE_URL: `file:${portal.databaseFile}`, PORTICO_BUILD_DIR: buildDir, PORTICO_SITE_URL: ORIGIN };
      const run = () =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'portico.mjs'), 'digest', 'run', '--date', '2026-11-23'], { env });
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
          child.on('exit', (code) => resolve({ code, out }));
        });
      const [a, b] = await Promise.all([run(), run()]);
      expect([a.code, b.code], `${a.out}\n${b.out}`).toEqual([0, 0]);
      const handle = await openDatabase(`file:${portal.databaseFile}`);
      const rows = (await handle.db.select().from(outbox)).filter((row) => row.template === 'owner-digest');
      handle.close();
      expect(rows.map((row) => row.recipient).sort()).toEqual(['claims-owner@insurer.example', 'payments-owner@insurer.example']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the digest includes API access requests', () => {
  it('lists a pending sandbox request to the API owner', async () => {
    const jane = await registerVerified(portal, JANE);
    await registerVerified(portal, { ...BOB, username: 'quotes.owner', email: 'quotes-owner@insurer.example' });
    const { clientId } = await (
      await jane.client.request('/api/apps', { json: { name: 'Broker app', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })
    ).json();
    expect((await jane.client.request(`/api/apps/${clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } })).status).toBe(201);
    const { sent } = await runDigest(context, '2026-11-23');
    expect(sent).toEqual(['quotes-owner@insurer.example']);
    const [digest] = await digests('quotes-owner@insurer.example');
    expect(digest?.text).toContain('API access (sandbox, client id/secret) — Quotes API — Broker app — Jane Doe (Broker Partner SA)');
    const [access] = await portal.handle.db.select().from(apiAccess);
    expect(digest?.text).toContain(`http://portal.test/owner?queue=app_access&api=quotes&review=${access?.id}`);
  });
});
