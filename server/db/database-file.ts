import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';

/**
 * Reading an embedded database file as a whole: is it SQLite, is it intact, is it a Portico
 * database and at which migration. Used by `portico backup` and `portico restore`.
 */

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const MIGRATIONS_TABLE = '__drizzle_migrations';

interface KnownMigration {
  tag: string;
  hash: string;
  createdAt: number;
}

interface DatabaseReport {
  sizeBytes: number;
  integrity: string;
  tables: Array<{ name: string; rows: number }>;
  /** The rows of the migrations table, oldest first; null when there is no such table. */
  migrations: Array<{ hash: string; createdAt: number }> | null;
  foreignKeyProblems: number;
}

type Lineage = { ok: true; applied: number; latest: KnownMigration | undefined; behind: number } | { ok: false; reason: string };

/** The file path of an embedded `file:` URL; null for a libSQL server or Turso URL. */
export function embeddedPath(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  const file = url.slice('file:'.length).replace(/\?.*$/, '');
  return file === ':memory:' || file === '' ? null : path.resolve(file);
}

export async function hasSqliteHeader(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(SQLITE_HEADER);
  } finally {
    await handle.close();
  }
}

/**
 * A plain connection (no WAL switch, no write queue): inspection must not change the file's mode.
 * Note: libSQL's close() lets go of the file only when its statements are garbage-collected,
 * so a "closed" connection may keep its locks until the process ends (measured).
 */
export function openPlain(file: string, timeoutMs = 5000): Client {
  return createClient({ url: `file:${file}`, timeout: timeoutMs, intMode: 'number', concurrency: 1 });
}

/** Integrity, tables with row counts and the migration history; throws if SQLite cannot read it. */
export async function inspectDatabase(file: string): Promise<DatabaseReport> {
  const client = openPlain(file);
  try {
    const integrityRows = (await client.execute('PRAGMA integrity_check')).rows.map((row) => String(row[0]));
    const integrity = integrityRows.join('; ');
    const names = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).rows.map((row) =>
      String(row.name),
    );
    const tables: DatabaseReport['tables'] = [];
    for (const name of names) {
      const count = await client.execute(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`);
      tables.push({ name, rows: Number(count.rows[0]?.n ?? 0) });
    }
    const migrations = names.includes(MIGRATIONS_TABLE)
      ? (await client.execute(`SELECT hash, created_at FROM "${MIGRATIONS_TABLE}" ORDER BY created_at`)).rows.map((row) => ({
          hash: String(row.hash),
          createdAt: Number(row.created_at),
        }))
      : null;
    const foreignKeyProblems = (await client.execute('PRAGMA foreign_key_check')).rows.length;
    return { sizeBytes: (await stat(file)).size, integrity, tables, migrations, foreignKeyProblems };
  } finally {
    client.close();
  }
}

/** This code's migrations, with the hash drizzle records for each (sha256 of the file). */
export async function knownMigrations(): Promise<KnownMigration[]> {
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string; when: number }> };
  return Promise.all(
    journal.entries.map(async (entry) => ({
      tag: entry.tag,
      createdAt: entry.when,
      hash: createHash('sha256')
        .update(await readFile(path.join(MIGRATIONS_DIR, `${entry.tag}.sql`), 'utf8'))
        .digest('hex'),
    })),
  );
}

/**
 * Is this migration history one this code can run: the same migrations, in order, possibly
 * fewer (an older release; `migrate` brings it up to date), never one we do not know.
 */
export function judgeLineage(applied: DatabaseReport['migrations'], known: KnownMigration[]): Lineage {
  if (applied === null) return { ok: false, reason: `it has no ${MIGRATIONS_TABLE} table: it is not a Portico database` };
  if (applied.length === 0) return { ok: false, reason: 'no migration was ever applied to it: it holds no Portico data' };
  for (const [index, row] of applied.entries()) {
    const expected = known[index];
    if (!expected)
      return {
        ok: false,
        reason: `it was migrated by a newer Portico (${applied.length} migrations; this version knows ${known.length}): upgrade Portico first`,
      };
    if (row.createdAt !== expected.createdAt || row.hash !== expected.hash) {
      const newer = row.createdAt > (known.at(-1)?.createdAt ?? 0);
      return {
        ok: false,
        reason: newer
          ? 'it was migrated by a newer Portico: upgrade Portico first'
          : `its migration history differs from this Portico's at migration ${index + 1} (${expected.tag}): it is not a database of this application`,
      };
    }
  }
  return { ok: true, applied: applied.length, latest: known[applied.length - 1], behind: known.length - applied.length };
}

/**
 * Applies this code's migrations to a file nobody else has open, leaving it in rollback-journal
 * mode: no -wal file to travel with it (the server switches it to WAL when it opens it).
 */
export async function migrateFile(file: string): Promise<void> {
  const client = openPlain(file);
  try {
    await client.execute('PRAGMA journal_mode = DELETE');
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    client.close();
  }
}

/** Flushes a file (or a folder's entries) to disk so a rename that follows survives a crash. */
export async function syncToDisk(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some platforms cannot fsync a folder; the file itself was synced before.
    if (!['EISDIR', 'EINVAL', 'EPERM', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatTables(tables: DatabaseReport['tables']): string {
  const width = Math.max(...tables.map((table) => table.name.length), 5);
  return tables.map((table) => `  ${table.name.padEnd(width)}  ${String(table.rows).padStart(8)}`).join('\n');
}
