import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createApp, type Runtime } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { migrateDatabase, openDatabase, type Database } from '../db/client.ts';
import { chooseTransport, startEmailWorker } from '../email/worker.ts';
import { holdKeepAliveConnections } from '../http/keep-alive.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../services/bootstrap.ts';
import { seedAcceptedCas } from '../services/ca-registry.ts';
import { startDigestScheduler } from '../services/digest.ts';
import { SiteNotBuiltError, loadSite, type LoadedSite } from '../site/load-site.ts';
import { loadOrCreateDevCertificate } from '../tls/dev-certificate.ts';
import { startMtlsListener } from '../tls/mtls-listener.ts';
import { UsageError } from './usage-error.ts';

export async function runServeCommand(values: Record<string, string | boolean | undefined>): Promise<number> {
  const overrides: Record<string, string | undefined> = { ...process.env };
  if (typeof values.port === 'string') overrides.PORT = values.port;
  if (typeof values.host === 'string') overrides.HOST = values.host;
  if (typeof values.build === 'string') overrides.PORTICO_BUILD_DIR = values.build;
  const config = loadConfig(overrides);
  if (typeof values.port === 'string' && !/^\d+$/.test(values.port)) throw new UsageError(`--port must be a port number (got "${values.port}")`);
  let site: LoadedSite;
  try {
    site = await loadSite(config.PORTICO_BUILD_DIR);
  } catch (error) {
    if (error instanceof SiteNotBuiltError) {
      process.stderr.write(`portico: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const handle = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  // Embedded database: this process is the only migrator. A shared server is migrated by `portico migrate`.
  if (config.DATABASE_URL.startsWith('file:')) await migrateDatabase(handle);
  if (config.PORTICO_DEMO && config.DATABASE_URL.startsWith('file:')) await announceDemo(await seedDemoAccounts(handle.db, site.manifest));
  await seedAcceptedCas({ db: handle.db, config, manifest: site.manifest, now: Date.now });
  const transport = chooseTransport(config);
  const worker = startEmailWorker(handle.db, transport, config.EMAIL_FROM);
  const runtime = runtimeOf(config, handle.db, transport.name === 'dev');
  const app = createApp({ site, production: config.production, runtime });
  const digests = startDigestScheduler({ db: handle.db, config, manifest: site.manifest, now: Date.now }, { hour: config.DIGEST_HOUR, timeZone: config.DIGEST_TIME_ZONE, intervalMs: config.DIGEST_CHECK_SECONDS * 1000 });
  const mtls = await startMtls(config, app.fetch);
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    process.stdout.write(`Portico is serving ${site.manifest.apis.length} APIs at http://${shown}:${info.port} (email: ${transport.name})\n`);
  });
  holdKeepAliveConnections(server);
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await mtls?.close();
  digests.stop();
  await worker.stop();
  handle.close();
  return 0;
}

function runtimeOf(config: Config, db: Database, devMailbox: boolean): Runtime {
  return {
    db,
    siteUrl: config.PORTICO_SITE_URL,
    sessionPolicy: { ttlMs: config.SESSION_TTL_DAYS * 86_400_000 },
    secureCookies: config.secureCookies,
    devMailbox: devMailbox && !config.production,
    trustedProxyHops: config.TRUSTED_PROXY_HOPS,
  };
}

/** The HTTPS listener that asks for client certificates; a development certificate is made on first start. */
async function startMtls(config: Config, fetch: ReturnType<typeof createApp>['fetch']) {
  if (config.MTLS_PORT === 'off') return undefined;
  const tls =
    config.MTLS_CERT_FILE && config.MTLS_KEY_FILE
      ? { cert: await readFile(config.MTLS_CERT_FILE, 'utf8'), key: await readFile(config.MTLS_KEY_FILE, 'utf8'), created: false }
      : await loadOrCreateDevCertificate(path.join(databaseFolder(config.DATABASE_URL), 'tls'));
  const listener = await startMtlsListener({ fetch, port: config.MTLS_PORT, hostname: config.HOST, cert: tls.cert, key: tls.key });
  process.stdout.write(`mTLS sandbox and token endpoint at https://localhost:${listener.port}${tls.created ? ' (development server certificate created)' : ''}\n`);
  return listener;
}

function databaseFolder(url: string): string {
  return url.startsWith('file:') ? path.dirname(path.resolve(url.slice('file:'.length))) : path.resolve('data');
}

async function announceDemo(created: Array<{ email: string; role: string }>): Promise<void> {
  if (created.length === 0) return;
  process.stdout.write('\nDemo accounts (embedded database, development only) — password for all: ' + DEMO_PASSWORD + '\n');
  for (const account of created) process.stdout.write(`  ${account.role.padEnd(22)} ${account.email}\n`);
  process.stdout.write('Emails are not sent in development: read them at /dev/mailbox.\n\n');
}
