import type { Config } from '../config.ts';
import { migrateDatabase, openDatabase } from '../db/client.ts';
import { recheckApprovedCertificates } from '../services/certificate-recheck.ts';
import { createServiceContext } from '../services/context.ts';
import { loadSite } from '../site/load-site.ts';
import { UsageError } from './usage-error.ts';

/**
 * portico cert recheck [--at ISO-DATE]: the daily re-check of every approved certificate
 * (decision 031) now, by hand; --at sets the services' clock (what "today" is). Safe to repeat:
 * each finding is told once.
 */
export async function runRecheckCommand(values: Record<string, string | boolean | undefined>, positionals: string[], config: Config): Promise<number> {
  if (positionals[0] !== 'recheck' || positionals.length > 1) throw new UsageError('usage: portico cert recheck [--at ISO-DATE]');
  const at = typeof values.at === 'string' ? Date.parse(values.at) : Date.now();
  if (Number.isNaN(at)) throw new UsageError(`--at must be a date such as 2027-01-01T00:00:00Z (got "${String(values.at)}")`);
  const site = await loadSite(config.PORTICO_BUILD_DIR);
  const handle = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  try {
    if (config.DATABASE_URL.startsWith('file:')) await migrateDatabase(handle);
    const context = createServiceContext({
      db: handle.db,
      siteUrl: config.PORTICO_SITE_URL,
      manifest: site.manifest,
      mtlsPort: config.MTLS_PORT,
      now: () => at,
    });
    const { checked, flagged, stopped, notified } = await recheckApprovedCertificates(context);
    process.stdout.write(
      `Re-checked ${checked} approved certificate(s) on ${new Date(at).toISOString().slice(0, 10)}: ${stopped} stopped (CA expired or retired, access suspended), ${flagged} flagged, ${notified} newly told.\n`,
    );
    return 0;
  } finally {
    handle.close();
  }
}
