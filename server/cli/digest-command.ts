import type { Config } from '../config.ts';
import { migrateDatabase, openDatabase } from '../db/client.ts';
import { runCertificateLifecycle } from '../services/certificate-lifecycle.ts';
import { createServiceContext } from '../services/context.ts';
import { localDayAndHour, runDigest } from '../services/digest.ts';
import { loadSite } from '../site/load-site.ts';
import { UsageError } from './usage-error.ts';

/** portico digest run [--date YYYY-MM-DD]: today's digest (in DIGEST_TIME_ZONE) by hand; safe to repeat. */
export async function runDigestCommand(values: Record<string, string | boolean | undefined>, positionals: string[], config: Config): Promise<number> {
  if (positionals[0] !== 'run') throw new UsageError('the only digest subcommand is "run"');
  const date = typeof values.date === 'string' ? values.date : localDayAndHour(Date.now(), config.DIGEST_TIME_ZONE).day;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
    throw new UsageError(`--date must be a day like 2026-11-23 (got "${date}")`);
  const site = await loadSite(config.PORTICO_BUILD_DIR);
  const handle = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  try {
    if (config.DATABASE_URL.startsWith('file:')) await migrateDatabase(handle);
    const context = createServiceContext({ db: handle.db, siteUrl: config.PORTICO_SITE_URL, manifest: site.manifest, mtlsPort: config.MTLS_PORT });
    const lifecycle = await runCertificateLifecycle(context, date);
    const { sent, skipped } = await runDigest(context, date);
    process.stdout.write(`Certificates: ${lifecycle.reminded} expiry reminder(s), ${lifecycle.expired} expired and suspended.\n`);
    process.stdout.write(`Digest for ${date}: ${sent.length} queued${sent.length ? ` (${sent.join(', ')})` : ''}; ${skipped.length} already sent today.\n`);
    return 0;
  } finally {
    handle.close();
  }
}
