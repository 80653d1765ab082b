import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../server/db/client.ts';
import { auditEvents } from '../../server/db/schema.ts';
import { appendAudit } from '../../server/services/audit.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { registerVerified } from '../support/make-admin.ts';
import { migrateUpTo } from '../support/migrate-up-to.ts';
import { BOB, JANE } from '../support/people.ts';
import { createTestPortal, type TestPortal } from '../support/test-portal.ts';

type Row = Record<string, unknown>;

let portal: TestPortal;
beforeEach(async () => {
  portal = await createTestPortal();
});
afterEach(async () => portal.close());

/** Every event in insertion (rowid) order, every column. */
async function allEvents(target: TestPortal = portal): Promise<Row[]> {
  return (await target.handle.client.execute('SELECT rowid AS seq, * FROM audit_events ORDER BY rowid')).rows.map((row) => ({ ...row }));
}

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return `${(error as Error).message} ${String((error as { cause?: Error }).cause?.message ?? '')}`;
  }
  return 'accepted';
}

async function seedEvent(target: TestPortal = portal): Promise<Row> {
  await appendAudit(target.handle.db, { actorId: null, action: 'test.seeded', targetType: 'test', targetId: 't1', reason: 'original' }, Date.now());
  const [row] = await allEvents(target);
  return row as Row;
}

describe('the database refuses to rewrite the audit log', () => {
  it('raw UPDATE, DELETE, INSERT OR REPLACE and upsert through the libSQL connection fail and change nothing', async () => {
    const original = await seedEvent();
    const attempts = [
      "UPDATE audit_events SET reason = 'forged'",
      'DELETE FROM audit_events',
      `DELETE FROM audit_events WHERE id = '${String(original.id)}'`,
      `INSERT OR REPLACE INTO audit_events (id, action, target_type, target_id, created_at) VALUES ('${String(original.id)}', 'forged', 'x', 'y', 1)`,
      `REPLACE INTO audit_events (id, action, target_type, target_id, created_at) VALUES ('${String(original.id)}', 'forged', 'x', 'y', 1)`,
      `INSERT INTO audit_events (id, action, target_type, target_id, created_at) VALUES ('${String(original.id)}', 'forged', 'x', 'y', 1) ON CONFLICT(id) DO UPDATE SET reason = 'forged'`,
    ];
    for (const statement of attempts) {
      expect(await refusal(() => portal.handle.client.execute(statement)), statement).toContain('audit_events is append-only');
    }
    expect(await refusal(() => portal.handle.db.update(auditEvents).set({ reason: 'forged' }))).toContain('audit_events is append-only');
    expect(await refusal(() => portal.handle.db.delete(auditEvents))).toContain('audit_events is append-only');
    expect(
      await refusal(() =>
        portal.handle.client.batch(
          ["INSERT INTO audit_events (id, action, target_type, target_id, created_at) VALUES ('evt_new', 'a', 'b', 'c', 2)", 'DELETE FROM audit_events'],
          'write',
        ),
      ),
    ).toContain('append-only');
    // The failed batch rolled back whole: its insert is gone too.
    expect(await allEvents()).toEqual([original]);
  });

  it('appending still works, and other tables are unaffected', async () => {
    await seedEvent();
    await appendAudit(portal.handle.db, { actorId: null, action: 'test.second', targetType: 'test', targetId: 't2' }, Date.now());
    expect((await allEvents()).map((row) => row.action)).toEqual(['test.seeded', 'test.second']);
    await portal.handle.client.execute("UPDATE settings SET value = value WHERE key = 'none'");
  });

  it('an existing database with events is migrated: rows kept, the triggers added', async () => {
    const handle = await openDatabase(`file:${portal.databaseFile}.old`);
    try {
      await migrateUpTo(handle, '0007_revocation_cases');
      const before = await handle.client.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'");
      expect(before.rows).toEqual([]);
      for (let index = 0; index < 5; index += 1)
        await appendAudit(
          handle.db,
          { actorId: null, action: `old.${index}`, targetType: 'test', targetId: `t${index}`, reason: 'before the upgrade' },
          1_700_000_000_000 + index,
        );
      // The old release could still rewrite history: that is what the migration closes.
      await handle.client.execute("UPDATE audit_events SET reason = 'rewritten before upgrade' WHERE action = 'old.4'");
      const rowsBefore = (await handle.client.execute('SELECT * FROM audit_events ORDER BY rowid')).rows.map((row) => ({ ...row }));

      await migrateDatabase(handle);
      const triggers = (await handle.client.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")).rows.map((row) => row.name);
      expect(triggers).toEqual(['audit_events_no_delete', 'audit_events_no_replace', 'audit_events_no_update']);
      expect((await handle.client.execute('SELECT * FROM audit_events ORDER BY rowid')).rows.map((row) => ({ ...row }))).toEqual(rowsBefore);
      expect(await refusal(() => handle.client.execute("UPDATE audit_events SET reason = 'after'"))).toContain('append-only');
      await appendAudit(handle.db, { actorId: null, action: 'new.0', targetType: 'test', targetId: 'n' }, Date.now());
      expect((await handle.client.execute('SELECT count(*) AS n FROM audit_events')).rows[0]?.n).toBe(6);
      await migrateDatabase(handle); // twice without harm
    } finally {
      handle.close();
    }
  });
});

describe('a journey of audited actions only ever appends', () => {
  it('request → approve → revoke → request → refuse → request → withdraw: every earlier event stays as it was', async () => {
    const jane = await registerVerified(portal, JANE);
    const owner = await registerVerified(portal, { ...BOB, username: 'claims.owner', fullName: 'Claire Owner', email: 'claims-owner@insurer.example' });
    const why = 'A claims declaration app for our 40 brokers.';
    const request = async () =>
      (await (await jane.client.request('/api/doc-access/requests', { json: { apiSlug: 'claims', justification: why } })).json()).id as string;
    const steps: Array<() => Promise<unknown>> = [];
    let id = '';
    steps.push(async () => (id = await request()));
    steps.push(() => owner.client.request(`/api/owner/requests/${id}/approve`, { method: 'POST' }));
    steps.push(() => owner.client.request(`/api/owner/requests/${id}/revoke`, { json: { reason: 'Contract ended' } }));
    steps.push(async () => (id = await request()));
    steps.push(() => owner.client.request(`/api/owner/requests/${id}/refuse`, { json: { reason: 'Not yet' } }));
    steps.push(async () => (id = await request()));
    steps.push(() => jane.client.request(`/api/doc-access/requests/${id}/withdraw`, { method: 'POST' }));

    let previous: Row[] = [];
    for (const step of steps) {
      await step();
      const now = await allEvents();
      expect(now.length, 'each step appends exactly one event').toBe(previous.length + 1);
      expect(now.slice(0, previous.length), 'earlier events are untouched').toEqual(previous);
      previous = now;
    }
    expect(previous.map((row) => row.action)).toEqual([
      'doc_access.requested',
      'doc_access.approved',
      'doc_access.revoked',
      'doc_access.requested',
      'doc_access.refused',
      'doc_access.requested',
      'doc_access.withdrawn',
    ]);
    const times = previous.map((row) => Number(row.created_at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(previous.map((row) => row.id)).size).toBe(previous.length);
  });
});

/** Source text that would update or delete audit events, with where it is. */
function findAuditRewrites(file: string, text: string): string[] {
  const patterns = [
    /\.(update|delete)\(\s*auditEvents\b/g,
    /\bupdate\s+[`"'[]?audit_events\b/gi,
    /\bdelete\s+from\s+[`"'[]?audit_events\b/gi,
    /\b(insert\s+or\s+replace|replace)\s+into\s+[`"'[]?audit_events\b/gi,
    /\bdrop\s+(table|trigger)\s+(if\s+exists\s+)?[`"'[]?audit_events/gi,
    /insert\(\s*auditEvents\s*\)[^;]*?onConflictDoUpdate/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => `${file}:${text.slice(0, match.index).split('\n').length}: ${match[0]}`));
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && /\.(ts|mts|mjs|js|sql)$/.test(entry.name)).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('no code path rewrites the audit log', () => {
  it('the matcher catches every form of rewrite (so the scan below can fail)', () => {
    const forged = [
      'await db.update(auditEvents).set({ reason: "x" })',
      'await tx.delete( auditEvents ).where(eq(auditEvents.id, id))',
      'client.execute("UPDATE audit_events SET reason = 1")',
      'sql`delete from `audit_events` where 1`',
      "db.run(sql.raw('INSERT OR REPLACE INTO audit_events VALUES (1)'))",
      'DROP TABLE IF EXISTS audit_events',
      'tx.insert(auditEvents).values(event).onConflictDoUpdate({ target: auditEvents.id, set: event })',
    ];
    for (const line of forged) expect(findAuditRewrites('forged.ts', line), line).toHaveLength(1);
    expect(
      findAuditRewrites(
        'ok.ts',
        'await writer.insert(auditEvents).values(entry); db.select().from(auditEvents); CREATE TRIGGER x BEFORE UPDATE ON `audit_events`',
      ),
    ).toEqual([]);
  });

  it('server/, bin/ and plugins/ never update, delete or replace audit events (the migrations included)', async () => {
    const roots = ['server', 'bin', 'plugins'].map((dir) => path.join(projectRoot, dir));
    const files = (await Promise.all(roots.map(sourceFiles))).flat();
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain(path.join(projectRoot, 'server', 'services', 'audit.ts'));
    const hits: string[] = [];
    for (const file of files) hits.push(...findAuditRewrites(path.relative(projectRoot, file), await readFile(file, 'utf8')));
    expect(hits).toEqual([]);
  });

  it('the only writer of audit events is appendAudit, which inserts', async () => {
    const files = await sourceFiles(path.join(projectRoot, 'server'));
    const writers: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      if (/\.insert\(\s*auditEvents\b/.test(text) || /insert\s+into\s+[`"']?audit_events/i.test(text)) writers.push(path.relative(projectRoot, file));
    }
    expect(writers).toEqual([path.join('server', 'services', 'audit.ts')]);
  });
});
