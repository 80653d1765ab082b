import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { migrateDatabase, openDatabase } from '../db/client.ts';
import { users } from '../db/schema.ts';
import { can } from '../rules/permissions.ts';
import { loadActor } from '../services/actors.ts';
import { seedAcceptedCas } from '../services/ca-registry.ts';
import { CCADB_MAX_BYTES, ccadbStanding, importCcadbReport } from '../services/ccadb-import.ts';
import { createServiceContext, type ServiceContext } from '../services/context.ts';
import { UsageError } from './usage-error.ts';

const USAGE = 'usage: portico registry import-ccadb FILE [--by EMAIL]';

/**
 * portico registry import-ccadb FILE [--by EMAIL]: the CCADB Included CA Certificate Report from
 * a file (no network call), as the registry page's upload does; --by names the platform member
 * it is recorded for (who ran it is otherwise "the command line"). Exit 0 imported, 1 refused.
 */
export async function runRegistryCommand(values: Record<string, string | boolean | undefined>, positionals: string[], config: Config): Promise<number> {
  const [subcommand, file, ...extra] = positionals;
  if (subcommand !== 'import-ccadb' || !file || extra.length > 0) throw new UsageError(USAGE);
  const size = (await stat(file).catch(() => undefined))?.size;
  if (size === undefined) return refuse(`cannot read ${file}: no such file.`);
  if (size > CCADB_MAX_BYTES)
    return refuse(`${file} is larger than ${CCADB_MAX_BYTES / 1024 / 1024} MB: it is not the Included CA Certificate Report. Nothing was imported.`);
  const text = await readFile(file, 'utf8');
  const handle = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  try {
    if (config.DATABASE_URL.startsWith('file:')) await migrateDatabase(handle);
    // The report's comparison needs no site: only the registry, seeded as serve seeds it.
    const context = createServiceContext({ db: handle.db, siteUrl: config.PORTICO_SITE_URL, manifest: NO_SITE });
    await seedAcceptedCas(context);
    const actor = typeof values.by === 'string' ? await platformMember(context, values.by) : null;
    if (typeof actor === 'string') return refuse(actor);
    const result = await importCcadbReport(context, { text, actorId: actor?.id ?? null, via: 'command', fileName: path.basename(file) });
    if (!result.ok) return refuse(result.message);
    const standing = await ccadbStanding(context);
    const found = standing?.cas.filter((ca) => ca.inReport).length ?? 0;
    const warnings = standing?.warnings ?? [];
    process.stdout.write(
      `Imported ${result.imported.entryCount} certificate(s) from ${path.basename(file)}. ${found} registry CA(s) are in the report; ${warnings.length} warning(s)${warnings.length ? ':' : '.'}\n`,
    );
    for (const warning of warnings) process.stdout.write(`  - ${warning.words}\n`);
    return 0;
  } finally {
    handle.close();
  }
}

const NO_SITE = { formatVersion: 1 as const, builtAt: '', publicDir: '', apis: [] };

/** The account --by names, if it may keep the registry; otherwise why not, in words. */
async function platformMember(context: ServiceContext, email: string): Promise<{ id: string } | string> {
  const [user] = await context.db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  if (!user) return `--by ${email}: there is no account with this address. Nothing was imported.`;
  if (!can(await loadActor(context, user), { kind: 'manage_ca_registry' }).allowed)
    return `--by ${email}: this account is not in the platform team, which keeps the CA registry. Nothing was imported.`;
  return { id: user.id };
}

function refuse(message: string): number {
  process.stderr.write(`portico: ${message}\n`);
  return 1;
}
