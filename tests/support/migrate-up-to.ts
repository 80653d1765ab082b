import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { DatabaseHandle } from '../../server/db/client.ts';
import { projectRoot } from './fixture-paths.ts';

const MIGRATIONS = path.join(projectRoot, 'server', 'db', 'migrations');

/**
 * Brings a database to the schema of an older release: the committed migrations up to and
 * including `lastTag`, exactly as that release's `portico migrate` applied them.
 */
export async function migrateUpTo(handle: DatabaseHandle, lastTag: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portico-old-migrations-'));
  try {
    await cp(MIGRATIONS, dir, { recursive: true });
    const journalFile = path.join(dir, 'meta', '_journal.json');
    const journal = JSON.parse(await readFile(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
    const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
    if (last < 0) throw new Error(`no migration ${lastTag}`);
    journal.entries = journal.entries.slice(0, last + 1);
    await writeFile(journalFile, JSON.stringify(journal));
    await migrate(handle.db, { migrationsFolder: dir });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
