import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { inspectDatabase, knownMigrations } from '../../server/db/database-file.ts';
import { appendAudit } from '../../server/services/audit.ts';
import { dumpTables, queryFile, startHelper, type RunningChild } from '../support/child-processes.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { migrateUpTo } from '../support/migrate-up-to.ts';

let dir: string;
let database: string;
/** This code's newest migration, and how many there are: what a restored database must reach. */
let latest: string;
let migrationCount: number;
let backup: string;
const running: RunningChild[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-backup-'));
  database = path.join(dir, 'data', 'portal.db');
  backup = path.join(dir, 'backup.db');
  const known = await knownMigrations();
  latest = known.at(-1)?.tag ?? '';
  migrationCount = known.length;
});
afterAll(async () => {
  await Promise.all(running.map((helper) => helper.stop()));
  await rm(dir, { recursive: true, force: true });
});

function portico(args: string[], databaseUrl = `file:${database}`) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'portico.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: databaseUrl },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function startWriter(): Promise<RunningChild> {
  const writer = await startHelper('live-writer.ts', [database], 'ready');
  running.push(writer);
  return writer;
}

async function auditCount(file: string): Promise<number> {
  return Number((await queryFile(file, 'SELECT count(*) AS n FROM audit_events'))[0]?.n);
}

/** What one transaction wrote together must be in the copy together. */
async function expectConsistent(file: string): Promise<void> {
  const rows = await queryFile(
    file,
    `SELECT
       (SELECT count(*) FROM doc_access) AS requests,
       (SELECT count(*) FROM audit_events WHERE action = 'doc_access.requested') AS requestedEvents,
       (SELECT count(*) FROM outbox WHERE template = 'doc-access-requested') AS ownerEmails,
       (SELECT count(*) FROM (SELECT DISTINCT user_id, api_slug, created_at / 86400000 FROM doc_access)) AS requestDays,
       (SELECT count(*) FROM doc_access WHERE status = 'withdrawn') AS withdrawn,
       (SELECT count(*) FROM audit_events WHERE action = 'doc_access.withdrawn') AS withdrawnEvents,
       (SELECT count(*) FROM audit_events e LEFT JOIN doc_access a ON a.id = e.target_id WHERE a.id IS NULL) AS orphanEvents,
       (SELECT count(*) FROM doc_access a WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.target_id = a.id AND e.action = 'doc_access.requested')) AS unauditedRequests,
       (SELECT count(*) FROM doc_access WHERE status = 'pending') AS pending`,
  );
  const counts = rows[0] as Record<string, number>;
  expect(counts.requests).toBeGreaterThan(0);
  expect(counts.requestedEvents).toBe(counts.requests);
  // The owners are emailed with the first request of a user for an API each (UTC) day.
  expect(counts.ownerEmails).toBe(counts.requestDays);
  expect(counts.withdrawnEvents).toBe(counts.withdrawn);
  expect(counts.orphanEvents).toBe(0);
  expect(counts.unauditedRequests).toBe(0);
  expect(counts.pending).toBeLessThanOrEqual(1);
}

async function listing(): Promise<string[]> {
  return (await readdir(path.dirname(database))).filter((name) => !/-(wal|shm)$/.test(name)).sort();
}

// Every step spawns real processes (the CLI, the writer, readers): allow for a busy machine.
const SLOW = 120_000;

describe('portico backup of a live database', () => {
  it(
    'takes a consistent snapshot while another process writes, and refuses a restore while it runs',
    async () => {
      expect(portico(['migrate']).code).toBe(0);
      const writer = await startWriter();
      while ((await auditCount(database)) < 200) await new Promise((resolve) => setTimeout(resolve, 50));

      const before = await auditCount(database);
      const result = portico(['backup', backup]);
      const after = await auditCount(database);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const tables = Object.keys(await dumpTables(database)).filter((name) => name !== '(schema)');
      expect(result.stdout).toContain(`Backed up file:${database} to ${backup}: `);
      expect(result.stdout).toMatch(new RegExp(`: [\\d.]+ (B|KiB|MiB), ${tables.length} tables, schema ${latest}, integrity ok\\.`));
      for (const table of tables) expect(result.stdout).toMatch(new RegExp(`\\n  ${table} +\\d+`));
      expect(result.stdout).toMatch(/audit_events\s+\d+/);

      // While the writer still runs: restoring over it is refused, and nothing is left behind.
      const refused = portico(['restore', backup]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('is in use: stop the Portico server');
      expect(await listing()).toEqual(['portal.db']);

      expect(await writer.stop()).toBe(0);
      expect(writer.output()).toMatch(/stopped after \d+ rounds/);

      const report = await inspectDatabase(backup);
      expect(report.integrity).toBe('ok');
      expect(report.foreignKeyProblems).toBe(0);
      const inBackup = await auditCount(backup);
      // The copy is one moment of a database that kept changing during the command.
      expect(inBackup).toBeGreaterThan(before);
      expect(inBackup).toBeLessThan(after);
      expect(Object.keys(await dumpTables(backup))).toEqual(Object.keys(await dumpTables(database)));
      await expectConsistent(backup);
      await expectConsistent(database);
      // A backup is self-contained: no write-ahead log beside it.
      expect(await stat(`${backup}-wal`).catch(() => null)).toBeNull();
    },
    SLOW,
  );
});

describe('portico restore', () => {
  let safetyCopy = '';
  it(
    'puts back exactly the backup and keeps the database it replaced',
    async () => {
      // More changes after the backup, which the restore must undo.
      const writer = await startWriter();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await writer.stop()).toBe(0);
      const replaced = await dumpTables(database);
      const fromBackup = await dumpTables(backup);
      expect(replaced).not.toEqual(fromBackup);

      const result = portico(['restore', backup]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`schema ${latest}, integrity ok`);
      safetyCopy = /kept in (.+)\.\n/.exec(result.stdout)?.[1] ?? '';
      expect(path.dirname(safetyCopy)).toBe(path.dirname(database));
      expect(path.basename(safetyCopy)).toMatch(/^portal\.db\.before-restore-\d{4}-\d\d-\d\dT[\d-]+Z$/);

      expect(await dumpTables(database)).toEqual(fromBackup);
      expect(await dumpTables(safetyCopy)).toEqual(replaced);
      expect(await listing()).toEqual(['portal.db', path.basename(safetyCopy)].sort());
      await expectConsistent(database);

      // The restored database is a working one: the writer carries on, the log stays append-only.
      const again = await startWriter();
      await again.stop();
      await expect(queryFile(database, 'DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    },
    SLOW,
  );

  it(
    'refuses what is not a good Portico backup with exit 1 and changes nothing',
    async () => {
      const current = await dumpTables(database);
      const files = await listing();
      const backupBytes = await readFile(backup);

      const exists = portico(['backup', backup]);
      expect(exists.code).toBe(1);
      expect(exists.stderr).toContain('already exists; choose another name or add --force');
      expect((await readFile(backup)).equals(backupBytes)).toBe(true);

      const text = path.join(dir, 'notes.txt');
      await writeFile(text, 'these are not the rows you are looking for\n');
      const truncated = path.join(dir, 'truncated.db');
      await writeFile(truncated, backupBytes.subarray(0, Math.floor(backupBytes.length / 2)));
      const foreign = path.join(dir, 'other-app.db');
      const other = createClient({ url: `file:${foreign}` });
      await other.batch(['CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)', "INSERT INTO notes (body) VALUES ('hello')"], 'write');
      other.close();
      const newer = path.join(dir, 'newer.db');
      await copyFile(backup, newer);
      await queryFile(newer, `INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('from-the-future', ${Date.now() + 86_400_000})`);

      const cases: Array<[string, string, RegExp]> = [
        ['a text file', text, /is not a SQLite database/],
        ['a truncated backup', truncated, /is damaged|cannot be read as a database/],
        ["another application's database", foreign, /not a Portico database/],
        ['a database of a newer Portico', newer, /migrated by a newer Portico .*upgrade Portico first/],
      ];
      for (const [label, file, message] of cases) {
        const result = portico(['restore', file]);
        expect(result.code, label).toBe(1);
        expect(result.stderr, label).toMatch(message);
        expect(result.stderr, label).toContain('Nothing was changed.');
      }
      expect(await dumpTables(database)).toEqual(current);
      expect(await listing()).toEqual(files);

      const forced = portico(['backup', backup, '--force']);
      expect(forced.code).toBe(0);
      expect(await dumpTables(backup)).toEqual(current);
    },
    SLOW,
  );

  it(
    'a backup from an older release is migrated up to date on restore',
    async () => {
      const old = path.join(dir, 'old-release.db');
      const handle = await openDatabase(`file:${old}`);
      await migrateUpTo(handle, '0007_revocation_cases');
      await appendAudit(handle.db, { actorId: null, action: 'old.event', targetType: 'test', targetId: 'o' }, 1_700_000_000_000);
      // A self-contained file, as `portico backup` of that release would have written it.
      await handle.client.execute('PRAGMA journal_mode = DELETE');
      handle.close();

      const result = portico(['restore', old]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`schema ${latest} (migrated from 0007_revocation_cases)`);
      expect(await queryFile(database, 'SELECT action, created_at FROM audit_events')).toEqual([{ action: 'old.event', created_at: 1_700_000_000_000 }]);
      expect(await queryFile(database, 'SELECT count(*) AS n FROM __drizzle_migrations')).toEqual([{ n: migrationCount }]);
      await expect(queryFile(database, "UPDATE audit_events SET reason = 'x'")).rejects.toThrow(/append-only/);
      expect((await readdir(path.dirname(database))).filter((name) => name.includes('before-restore'))).toHaveLength(2);
    },
    SLOW,
  );

  it(
    'a libSQL server or Turso URL is not a file: exit 2 with where to look instead',
    () => {
      for (const command of ['backup', 'restore']) {
        const result = portico([command, backup], 'libsql://portal-insurer.turso.io');
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(`${command} works on the embedded database file`);
        expect(result.stderr).toContain('point-in-time restore');
      }
      const usage = portico(['backup']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('usage: portico backup FILE [--force]');
    },
    SLOW,
  );
});
