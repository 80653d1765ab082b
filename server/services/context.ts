import type { Manifest } from '../../plugins/portico/contract.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';

/** What services need: the database, configuration, the built catalog and the clock. */
export interface ServiceContext {
  db: Database;
  config: Pick<Config, 'PORTICO_SITE_URL' | 'SESSION_TTL_DAYS'>;
  manifest: Manifest;
  now: () => number;
  /** The mTLS listener (https://host:port) a holder proves a certificate on; absent or null when off. */
  mtlsUrl?: string | null;
}

export function siteLink(context: ServiceContext, pathAndQuery: string): string {
  return new URL(pathAndQuery, context.config.PORTICO_SITE_URL).toString();
}
