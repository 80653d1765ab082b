import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema.ts';
import { serializeWrites } from './serialize-writes.ts';

export type Database = LibSQLDatabase<typeof schema>;

export interface DatabaseHandle {
  db: Database;
  client: Client;
  close(): void;
}

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** How long a writer waits for the lock held by another writer (another instance, a backup). */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the database: an embedded file (WAL, foreign keys on) or a remote libSQL server /
 * Turso by URL — the same code either way.
 */
export async function openDatabase(url: string, authToken?: string): Promise<DatabaseHandle> {
  if (url.startsWith('file:')) {
    const file = url.slice('file:'.length);
    if (file !== ':memory:') await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  }
  const client = serializeWrites(createClient({ url, authToken, timeout: BUSY_TIMEOUT_MS, intMode: 'number' }));
  if (url.startsWith('file:')) {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = NORMAL');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  const db = drizzle(client, { schema });
  return { db, client, close: () => client.close() };
}

/** Applies the committed drizzle-kit migrations; run once before any instance starts. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  await migrate(handle.db, { migrationsFolder: MIGRATIONS_DIR });
}

/**
 * Every write transaction starts IMMEDIATE: it takes the write lock at BEGIN, where the busy
 * timeout applies. A DEFERRED one that reads first and writes later can fail at once with
 * SQLITE_BUSY when another writer got in between (measured: two owners deciding at once).
 */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export function writeTransaction<T>(db: Database, run: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(run, { behavior: 'immediate' });
}

/** A UNIQUE constraint refused the write (libSQL wraps the SQLite error in `cause`). */
export function isUniqueViolation(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ''} ${String((error as { cause?: Error })?.cause?.message ?? '')}`;
  return /UNIQUE constraint failed/i.test(text);
}
