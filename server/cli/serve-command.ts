import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { bundledAcceptedAnchors } from '../certificates/accepted-cas.ts';
import { createApp, type Runtime } from '../app.ts';
import { discoverProviders } from '../oidc/providers.ts';
import { devToolsAllowed, siteUrlListeningOn, siteUrlMismatch, type Config } from '../config.ts';
import { migrateDatabase, openDatabase, type Database } from '../db/client.ts';
import { chooseTransport, startEmailWorker } from '../email/worker.ts';
import { errorBody, statusOf } from '../http/errors.ts';
import { holdKeepAliveConnections } from '../http/keep-alive.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../services/bootstrap.ts';
import { seedAcceptedCas } from '../services/ca-registry.ts';
import { createServiceContext } from '../services/context.ts';
import { startDigestScheduler } from '../services/digest.ts';
import { SiteNotBuiltError, loadSite, type LoadedSite } from '../site/load-site.ts';
import { loadOrCreateDevCertificate } from '../tls/dev-certificate.ts';
import { startMtlsListener } from '../tls/mtls-listener.ts';
import { checkPortFree, explainListenError, listenOrExplain } from './listen.ts';
import { UsageError } from './usage-error.ts';

/** `config` already holds --port, --host and --build (server/cli/main.ts applies them over the environment). */
export async function runServeCommand(values: Record<string, string | boolean | undefined>, _positionals: string[], config: Config): Promise<number> {
  if (typeof values.port === 'string' && !/^\d+$/.test(values.port)) throw new UsageError(`--port must be a port number (got "${values.port}")`);
  // Node's roots checked against their pins before anything opens: a mismatch stops the start (PinnedRootError).
  bundledAcceptedAnchors();
  await checkPortFree({ host: config.HOST, port: config.PORT, setting: 'PORT' });
  if (config.MTLS_PORT !== 'off') await checkPortFree({ host: config.HOST, port: config.MTLS_PORT, setting: 'MTLS_PORT' });
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
  const devTools = devToolsAllowed(config);
  if (!config.production && !devTools) process.stdout.write(devToolsOffNotice(config.HOST));
  // Listen first: with PORT=0 (or MTLS_PORT=0) the ports the site URL and the mTLS URL name are known only then.
  const deferred = deferredFetch();
  const listeners = await openListeners(config, deferred.fetch).catch((error: unknown) => {
    handle.close();
    throw error;
  });
  const { server, mtls } = listeners;
  const listening: Config = { ...config, PORTICO_SITE_URL: siteUrlListeningOn(config, listeners.port), MTLS_PORT: mtls?.port ?? 'off' };
  // The background jobs' services; each request's come from createApp, made the same way.
  // The identity providers' redirect URIs name the site URL, known once listening; a provider that fails discovery stops the start.
  const identity = await discoverIdentity(listening).catch(async (error: unknown) => {
    server.close();
    await mtls?.close();
    handle.close();
    throw error;
  });
  const services = createServiceContext({
    db: handle.db,
    siteUrl: listening.PORTICO_SITE_URL,
    manifest: site.manifest,
    mtlsPort: listening.MTLS_PORT,
    identity,
    tokenTtlSeconds: config.SANDBOX_TOKEN_TTL_SECONDS,
  });
  if (devTools && config.PORTICO_DEMO && config.DATABASE_URL.startsWith('file:'))
    await announceDemo(await seedDemoAccounts(handle.db, site.manifest, services.now()));
  await seedAcceptedCas(services);
  const transport = chooseTransport(config);
  const worker = startEmailWorker(handle.db, transport, config.EMAIL_FROM);
  const runtime = { ...runtimeOf(listening, handle.db, devTools && transport.name === 'dev'), identity };
  deferred.serve(createApp({ site, production: config.production, runtime }).fetch);
  const digests = startDigestScheduler(services, {
    hour: config.DIGEST_HOUR,
    timeZone: config.DIGEST_TIME_ZONE,
    intervalMs: config.DIGEST_CHECK_SECONDS * 1000,
  });
  const stopBackground = async () => {
    digests.stop();
    await worker.stop();
    handle.close();
  };
  const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  process.stdout.write(`Portico is serving ${site.manifest.apis.length} APIs at http://${shown}:${listeners.port} (email: ${transport.name})\n`);
  const mismatch = siteUrlMismatch(listening.PORTICO_SITE_URL, listeners.port);
  if (mismatch) process.stderr.write(`${mismatch}\n`);
  holdKeepAliveConnections(server);
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await mtls?.close();
  await stopBackground();
  return 0;
}

type Fetch = ReturnType<typeof createApp>['fetch'];

/** The listeners' handler, given once the app exists; until then (a few milliseconds at start) 503 busy. */
function deferredFetch(): { fetch: Fetch; serve(app: Fetch): void } {
  let app: Fetch | undefined;
  const fetch: Fetch = (request, ...rest) =>
    app
      ? app(request, ...rest)
      : Response.json(errorBody('busy', 'The portal is starting. Try again in a moment.'), { status: statusOf('busy'), headers: { 'Retry-After': '1' } });
  return { fetch, serve: (handler) => (app = handler) };
}

/** Both listeners or neither: a port that cannot be taken closes what was opened, and says which. */
async function openListeners(config: Config, fetch: Fetch) {
  const mtls = await startMtls(config, fetch).catch((error: unknown) =>
    Promise.reject(explainListenError(error, { host: config.HOST, port: Number(config.MTLS_PORT), setting: 'MTLS_PORT' })),
  );
  try {
    const { server, info } = await listenOrExplain((onListening) => serve({ fetch, port: config.PORT, hostname: config.HOST }, onListening), {
      host: config.HOST,
      port: config.PORT,
      setting: 'PORT',
    });
    return { server, port: info.port, mtls };
  } catch (error) {
    await mtls?.close();
    throw error;
  }
}

/** Why a development server on a network address has no mailbox or demo accounts, and how to get them. */
function devToolsOffNotice(host: string): string {
  return `portico: the dev mailbox and demo accounts are off: HOST ${host} is reachable from the network (anyone there could read reset links and sign in as the demo admin); leave HOST unset (127.0.0.1) to get them\n`;
}

function runtimeOf(config: Config, db: Database, devMailbox: boolean): Runtime {
  return {
    db,
    siteUrl: config.PORTICO_SITE_URL,
    sessionPolicy: { ttlMs: config.SESSION_TTL_DAYS * 86_400_000 },
    secureCookies: config.secureCookies,
    devMailbox: devMailbox && !config.production,
    trustedProxyHops: config.TRUSTED_PROXY_HOPS,
    // The certificate page shows the possession check's command with this port (or none when off).
    mtlsPort: config.MTLS_PORT,
    tokenTtlSeconds: config.SANDBOX_TOKEN_TTL_SECONDS,
  };
}

/** PORTICO_OIDC_PROVIDERS discovered (decision 026); none configured: passwords only, as before. */
async function discoverIdentity(config: Config): Promise<Runtime['identity']> {
  if (config.PORTICO_OIDC_PROVIDERS.length === 0) return undefined;
  const providers = await discoverProviders(config.PORTICO_OIDC_PROVIDERS, config.PORTICO_SITE_URL);
  return { providers, staffSessionTtlMs: config.STAFF_SESSION_TTL_HOURS * 3_600_000 };
}

/** The HTTPS listener that asks for client certificates; a development certificate is made on first start. */
async function startMtls(config: Config, fetch: Fetch) {
  if (config.MTLS_PORT === 'off') return undefined;
  const tls =
    config.MTLS_CERT_FILE && config.MTLS_KEY_FILE
      ? { cert: await readFile(config.MTLS_CERT_FILE, 'utf8'), key: await readFile(config.MTLS_KEY_FILE, 'utf8'), created: false }
      : await loadOrCreateDevCertificate(path.join(databaseFolder(config.DATABASE_URL), 'tls'));
  const listener = await startMtlsListener({ fetch, port: config.MTLS_PORT, hostname: config.HOST, cert: tls.cert, key: tls.key });
  process.stdout.write(
    `mTLS sandbox and token endpoint at https://localhost:${listener.port}${tls.created ? ' (development server certificate created)' : ''}\n`,
  );
  return listener;
}

function databaseFolder(url: string): string {
  return url.startsWith('file:') ? path.dirname(path.resolve(url.slice('file:'.length))) : path.resolve('data');
}

async function announceDemo(created: Array<{ email: string; role: string }>): Promise<void> {
  if (created.length === 0) return;
  process.stdout.write(`\nDemo accounts (embedded database, development only) — password for all: ${DEMO_PASSWORD}\n`);
  for (const account of created) process.stdout.write(`  ${account.role.padEnd(22)} ${account.email}\n`);
  process.stdout.write('Emails are not sent in development: read them at /dev/mailbox.\n\n');
}
