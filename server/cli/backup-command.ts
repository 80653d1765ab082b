import { link, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { embeddedPath, formatSize, formatTables, inspectDatabase, judgeLineage, knownMigrations, syncToDisk } from '../db/database-file.ts';
import { redact } from './migrate-command.ts';
import { UsageError } from './usage-error.ts';

type Values = Record<string, string | boolean | undefined>;

/** Exit codes: 0 done, 1 refused or failed (nothing changed), 2 unusable command or database URL. */
export class CommandRefusal extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CommandRefusal';
  }
}

/** The embedded database file of the configuration, or a refusal for a remote database. */
export function embeddedDatabaseFile(command: 'backup' | 'restore', config: Pick<Config, 'DATABASE_URL'>): { file: string; url: string } {
  const file = embeddedPath(config.DATABASE_URL);
  if (!file) {
    throw new CommandRefusal(
      `${command} works on the embedded database file (DATABASE_URL=file:…); ${redact(config.DATABASE_URL)} is a libSQL server or Turso database, which has its own backups and point-in-time restore (e.g. \`turso db create --from-db … --timestamp …\`).`,
      2,
    );
  }
  return { file, url: config.DATABASE_URL };
}

export function singleFileArgument(positionals: string[], usage: string): string {
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError(`give exactly one FILE (${usage})`);
  return path.resolve(positionals[0]);
}

export async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Runs a command body, turning a refusal into its message and exit code. */
export async function reportRefusals(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof CommandRefusal)) throw error;
    process.stderr.write(`portico: ${error.message}\n`);
    return error.exitCode;
  }
}

/**
 * portico backup FILE [--force]: a consistent snapshot of the database, safe while the server
 * runs and writes (VACUUM INTO reads one WAL snapshot), written under a temporary name,
 * verified, then put in place — never over an existing file without --force.
 */
export function runBackupCommand(values: Values, positionals: string[], config: Config): Promise<number> {
  const target = singleFileArgument(positionals, 'portico backup FILE [--force]');
  return reportRefusals(async () => {
    const { file, url } = embeddedDatabaseFile('backup', config);
    if (!(await exists(file))) throw new CommandRefusal(`there is no database at ${file} (DATABASE_URL=${url}): nothing to back up.`);
    if ([file, `${file}-wal`, `${file}-shm`, `${file}-journal`].includes(target))
      throw new CommandRefusal('the backup must be a file other than the database itself.');
    if (!values.force && (await exists(target)))
      throw new CommandRefusal(`${target} already exists; choose another name or add --force to replace it. Nothing was written.`);
    if (!(await exists(path.dirname(target)))) throw new CommandRefusal(`the folder ${path.dirname(target)} does not exist.`);

    const partial = `${target}.partial-${process.pid}-${Date.now()}`;
    try {
      await snapshotInto(url, partial);
      const report = await verifyBackup(partial);
      await publish(partial, target, values.force === true);
      await syncToDisk(path.dirname(target));
      process.stdout.write(
        `Backed up ${url} to ${target}: ${formatSize(report.sizeBytes)}, ${report.tables.length} tables, ${report.summary}, integrity ok.\n${formatTables(report.tables)}\n`,
      );
      return 0;
    } finally {
      await rm(partial, { force: true });
    }
  });
}

async function snapshotInto(url: string, partial: string): Promise<void> {
  const handle = await openDatabase(url);
  try {
    await handle.client.execute({ sql: 'VACUUM INTO ?', args: [partial] });
  } finally {
    handle.close();
  }
  await syncToDisk(partial);
}

async function verifyBackup(file: string) {
  const report = await inspectDatabase(file);
  if (report.integrity !== 'ok') throw new CommandRefusal(`the copy failed its integrity check (${report.integrity}); nothing was written.`);
  if (!report.migrations?.length) throw new CommandRefusal('the database was never migrated (run portico migrate): there is nothing of Portico to back up.');
  const lineage = judgeLineage(report.migrations, await knownMigrations());
  // A copy is harmless even when this version cannot run it: say so rather than refuse.
  if (!lineage.ok) return { ...report, summary: `${report.migrations.length} migrations, but ${lineage.reason}` };
  return { ...report, summary: `schema ${lineage.latest?.tag ?? '?'}${lineage.behind ? ` (${lineage.behind} migration(s) behind this Portico)` : ''}` };
}

/** Without --force, link() fails if the name was taken meanwhile: no race can overwrite a file. */
async function publish(partial: string, target: string, force: boolean): Promise<void> {
  if (force) return rename(partial, target);
  try {
    await link(partial, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CommandRefusal(`${target} already exists; add --force to replace it. Nothing was written.`);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
    if (await exists(target)) throw new CommandRefusal(`${target} already exists; add --force to replace it. Nothing was written.`);
    await rename(partial, target);
  }
}
