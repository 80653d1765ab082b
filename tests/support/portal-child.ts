/**
 * The portal as `portico serve` runs it — real HTTP, the SQLite file, the email worker with
 * the real Resend SDK — in a process of its own, so a test can kill it with SIGKILL. It serves
 * the synthetic catalog of the server tests instead of a Docusaurus build.
 *
 *   node --import tsx tests/support/portal-child.ts
 *   PORTICO_CHILD_DB=<file>   the database (migrated on start, like `portico serve`)
 *   RESEND_BASE_URL=<url>     the fake provider; without it no email worker runs
 *   CLOCK_OFFSET_MS=<ms>      added to the clock: a restart "later" (after the email leases ran out)
 *   EMAIL_INTERVAL_MS=<ms>    the worker's interval (default 50)
 * Prints one JSON line {"origin": …} when it serves.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app.ts';
import { migrateDatabase, openDatabase } from '../../server/db/client.ts';
import { createResendTransport } from '../../server/email/transports.ts';
import { startEmailWorker } from '../../server/email/worker.ts';
import { holdKeepAliveConnections } from '../../server/http/keep-alive.ts';
import { syntheticSite } from './synthetic-site.ts';
import { TEST_APIS } from './test-portal.ts';

const file = process.env.PORTICO_CHILD_DB;
if (!file) throw new Error('PORTICO_CHILD_DB is required');
const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
const now = () => Date.now() + offset;

const handle = await openDatabase(`file:${file}`);
await migrateDatabase(handle);
let app: ReturnType<typeof createApp> | undefined;
const server = serve({ fetch: (request, env) => (app ? app.fetch(request, env) : new Response('starting', { status: 503 })), port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
holdKeepAliveConnections(server);
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
app = createApp({
  site: syntheticSite(TEST_APIS),
  runtime: { db: handle.db, siteUrl: origin, sessionPolicy: { ttlMs: 30 * 86_400_000 }, secureCookies: false, devMailbox: false, now },
});
const worker = process.env.RESEND_BASE_URL
  ? startEmailWorker(
      handle.db,
      createResendTransport('re_test_key', process.env.RESEND_BASE_URL),
      'Portico <portal@insurer.example>',
      Number(process.env.EMAIL_INTERVAL_MS ?? 50),
      now,
    )
  : undefined;
process.stdout.write(`${JSON.stringify({ origin })}\n`);

process.once('SIGTERM', () => {
  server.close(async () => {
    await worker?.stop();
    handle.close();
    process.exit(0);
  });
  (server as unknown as { closeAllConnections(): void }).closeAllConnections();
});
