import { constants } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import {
  formatSize,
  formatTables,
  hasSqliteHeader,
  inspectDatabase,
  judgeLineage,
  knownMigrations,
  migrateFile,
  openPlain,
  syncToDisk,
} from '../db/database-file.ts';
import { CommandRefusal, embeddedDatabaseFile, exists, reportRefusals, singleFileArgument } from './backup-command.ts';

/**
 * portico restore FILE: replaces the embedded database with a backup. The backup is checked
 * (SQLite, intact, a Portico migration history this code knows) and migrated up to date on a
 * copy beside the database; the current database is set aside as `<db>.before-restore-<time>`
 * under an exclusive lock (refused while a server has it open); then the copy is renamed into
 * place. Any refusal leaves the current database exactly as it was.
 */
export function runRestoreCommand(_values: Record<string, unknown>, positionals: string[], config: Config): Promise<number> {
  const source = singleFileArgument(positionals, 'portico restore FILE');
  return reportRefusals(async () => {
    const { file, url } = embeddedDatabaseFile('restore', config);
    await checkInputFile(source, file);
    await mkdir(path.dirname(file), { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const staged = `${file}.restore-${stamp}.tmp`;
    try {
      await copyFile(source, staged, constants.COPYFILE_EXCL);
      const from = await verifyRestorable(staged, source);
      await migrateFile(staged);
      await syncToDisk(staged);
      const safety = await swapUnderLock(file, staged, `${file}.before-restore-${stamp}`);
      const restored = await inspectDatabase(file);
      const lineage = judgeLineage(restored.migrations, await knownMigrations());
      const schema = lineage.ok ? lineage.latest?.tag : '?';
      process.stdout.write(
        `Restored ${source} into ${url}: ${formatSize(restored.sizeBytes)}, ${restored.tables.length} tables, schema ${schema}${from !== schema ? ` (migrated from ${from})` : ''}, integrity ${restored.integrity}.\n` +
          `${formatTables(restored.tables)}\n` +
          (safety ? `The database as it was before is kept in ${safety}.\n` : 'There was no database before.\n'),
      );
      return 0;
    } finally {
      await Promise.all([staged, `${staged}-wal`, `${staged}-shm`, `${staged}-journal`].map((leftover) => rm(leftover, { force: true })));
    }
  });
}

async function checkInputFile(source: string, databaseFile: string): Promise<void> {
  const info = await stat(source).catch(() => null);
  if (!info?.isFile()) throw new CommandRefusal(`${source} is not a file. Nothing was changed.`);
  if ([databaseFile, `${databaseFile}-wal`, `${databaseFile}-shm`].includes(source))
    throw new CommandRefusal('that is the current database itself. Nothing was changed.');
  if ((await stat(`${source}-wal`).catch(() => null))?.size) {
    throw new CommandRefusal(
      `${source} has a write-ahead log beside it (${source}-wal): it is a live database, not a backup. Make one with \`portico backup\`. Nothing was changed.`,
    );
  }
  if (!(await hasSqliteHeader(source))) throw new CommandRefusal(`${source} is not a SQLite database (no SQLite header). Nothing was changed.`);
}

/** The schema tag the backup is at; refuses a damaged, foreign or newer database. */
async function verifyRestorable(staged: string, source: string): Promise<string> {
  const report = await inspectDatabase(staged).catch((error: Error) => {
    throw new CommandRefusal(`${source} cannot be read as a database (${error.message}): it is damaged or truncated. Nothing was changed.`);
  });
  if (report.integrity !== 'ok')
    throw new CommandRefusal(`${source} is damaged: integrity check says "${report.integrity.slice(0, 300)}". Nothing was changed.`);
  const lineage = judgeLineage(report.migrations, await knownMigrations());
  if (!lineage.ok) throw new CommandRefusal(`${source} cannot be restored: ${lineage.reason}. Nothing was changed.`);
  if (report.foreignKeyProblems > 0)
    process.stderr.write(`portico: warning: ${source} has ${report.foreignKeyProblems} row(s) whose references are missing (PRAGMA foreign_key_check).\n`);
  return lineage.latest?.tag ?? '?';
}

/**
 * Takes the database's lock for good (locking_mode EXCLUSIVE): it fails while any other
 * process — a running server — has the file open, which is exactly when a restore is unsafe,
 * and once held no process can open the database until this one exits. Under the lock: a
 * consistent safety copy, the WAL folded in and removed (SQLite would otherwise replay its
 * frames onto the restored file), then the rename. libSQL closes lazily, so the lock is held
 * through the swap rather than released and hoped for.
 */
async function swapUnderLock(file: string, staged: string, safety: string): Promise<string | null> {
  if (!(await exists(file))) {
    if ((await stat(`${file}-wal`).catch(() => null))?.size)
      throw new CommandRefusal(`${file}-wal exists without its database: move it away first. Nothing was changed.`);
    await replaceWith(staged, file);
    return null;
  }
  const guard = openPlain(file, 1000);
  try {
    await guard.execute('PRAGMA locking_mode = EXCLUSIVE');
    await guard.executeMultiple('BEGIN EXCLUSIVE; SELECT count(*) FROM sqlite_master; COMMIT;');
  } catch (error) {
    guard.close();
    if (/SQLITE_BUSY|database is locked/i.test(String((error as Error).message))) {
      throw new CommandRefusal(
        `the database ${file} is in use: stop the Portico server (and any other portico command using it), then restore. Nothing was changed.`,
      );
    }
    throw error;
  }
  try {
    await guard.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    await guard.execute({ sql: 'VACUUM INTO ?', args: [safety] });
    await syncToDisk(safety);
    const copy = await inspectDatabase(safety);
    if (copy.integrity !== 'ok')
      throw new CommandRefusal(`the safety copy of the current database failed its integrity check (${copy.integrity}). Nothing was changed.`);
    const mode = String((await guard.execute('PRAGMA journal_mode = DELETE')).rows[0]?.[0] ?? '');
    if (mode !== 'delete' || (await exists(`${file}-wal`))) throw new Error(`could not end the write-ahead log of ${file} (journal mode ${mode})`);
    await replaceWith(staged, file);
    return safety;
  } catch (error) {
    if (!(await exists(staged))) throw error;
    await rm(safety, { force: true });
    throw error;
  } finally {
    guard.close();
  }
}

async function replaceWith(staged: string, file: string): Promise<void> {
  await Promise.all([`${file}-wal`, `${file}-shm`, `${file}-journal`].map((leftover) => rm(leftover, { force: true })));
  await rename(staged, file);
  await syncToDisk(path.dirname(file));
}
