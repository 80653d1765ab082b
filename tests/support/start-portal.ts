import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createApp, type Runtime } from '../../server/app.ts';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '../../server/db/client.ts';
import { startEmailWorker } from '../../server/email/worker.ts';
import { createResendTransport } from '../../server/email/transports.ts';
import { loadSite } from '../../server/site/load-site.ts';

export interface RunningPortal {
  origin: string;
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * The whole portal as `portico serve` runs it — real HTTP, a real SQLite file, the email
 * worker sending through the real Resend SDK to `resendUrl` — on an ephemeral port.
 */
export async function startPortal(
  buildDir: string,
  options: {
    resendUrl: string;
    /**
     * The OpenID Providers (PORTICO_OIDC_PROVIDERS, discovered): made once the portal's origin
     * is known, since each provider registers the callback URL under it.
     */
    identity?: (origin: string) => Promise<Runtime['identity']>;
  },
): Promise<RunningPortal> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portico-portal-'));
  const handle = await openDatabase(`file:${path.join(dir, 'portal.db')}`);
  await migrateDatabase(handle);
  const site = await loadSite(buildDir);
  let app: ReturnType<typeof createApp> | undefined;
  const server = serve({
    fetch: (request, env) => (app ? app.fetch(request, env) : new Response('starting', { status: 503 })),
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const identity = options.identity ? await options.identity(origin) : undefined;
  app = createApp({
    site,
    runtime: { db: handle.db, siteUrl: origin, sessionPolicy: { ttlMs: 86_400_000 }, secureCookies: false, devMailbox: false, identity },
  });
  const worker = startEmailWorker(handle.db, createResendTransport('re_test_key', options.resendUrl), 'Portico <portal@insurer.example>', 200);
  return {
    origin,
    handle,
    async close() {
      await worker.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      handle.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
