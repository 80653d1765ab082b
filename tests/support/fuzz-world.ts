import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client, InValue } from '@libsql/client';
import { registerAdmin, registerVerified } from './make-admin.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki } from './openssl-pki.ts';
import { BOB, JANE } from './people.ts';
import { provePossession } from './prove-possession.ts';
import { createTestPortal, type TestClient, type TestPortal } from './test-portal.ts';

/**
 * One portal with something of everything — users of every kind, an app with a secret, pending
 * and approved requests, certificates, a CA request, admin rules — built through the API, and
 * the database snapshots a fuzz test compares and restores.
 */
export type ActorName = 'admin' | 'owner' | 'consumer' | 'other';
type Rows = Array<Record<string, unknown>>;
export type Snapshot = Record<string, Rows>;

/** Change on any request by design: counters (rate limits, failed sign-ins per account), and the sliding expiry of the caller's session. */
const IGNORED_TABLES = new Set(['rate_limits', 'sign_in_failures']);
const IGNORED_COLUMNS: Record<string, string[]> = { sessions: ['expires_at'] };
/** Append-only by design (the audit log refuses deletes): compared, never restored. */
const APPEND_ONLY = new Set(['audit_events', 'outbox']);

export interface FuzzWorld {
  portal: TestPortal;
  actors: Record<ActorName, TestClient>;
  /** Strings a path parameter or a field may really hold: every id in the database, slugs, emails, certificates. */
  realValues(): Promise<string[]>;
  /** `fresh` is a good certificate not uploaded yet; `leaf` is the pending one. */
  pems: { leaf: string; fresh: string; root: string; privateKey: string };
  snapshot(): Promise<Snapshot>;
  /** Gives every actor its own session cookie back (a sign-out clears it in the client). */
  resetCookies(): void;
  /** Puts every restorable table and every actor's cookie back as they were when the world was built. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

async function call(client: TestClient, pathname: string, init: { method?: string; json?: unknown }, expected: number): Promise<Record<string, unknown>> {
  const response = await client.request(pathname, init);
  if (response.status !== expected) throw new Error(`fuzz world: ${init.method ?? 'POST'} ${pathname} → ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

export async function buildFuzzWorld(): Promise<FuzzWorld> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portico-fuzz-world-'));
  const pki = new OpensslPki(dir);
  const root = pki.selfSigned('Fuzz EV Root', { extensions: CA_EXTENSIONS });
  const otherCa = pki.selfSigned('Other Partner CA', { extensions: CA_EXTENSIONS });
  const [pendingLeaf, approvedLeaf, freshLeaf] = ['pending.broker-partner.example', 'approved.broker-partner.example', 'fresh.broker-partner.example'].map(
    (name) => pki.issue(name, root, { extensions: LEAF_EXTENSIONS }),
  );
  const portal = await createTestPortal();
  const admin = await registerAdmin(portal);
  const consumer = await registerVerified(portal, JANE);
  const owner = await registerVerified(portal, { ...BOB, username: 'claims.owner', fullName: 'Claire Owner', email: 'claims-owner@insurer.example' });
  const other = await registerVerified(portal, BOB);

  await call(admin.client, '/api/registry/cas', { method: 'PUT', json: { name: 'Fuzz EV Root', certificate: root.pem, ev: true } }, 200);
  await call(consumer.client, '/api/certificates', { json: { certificate: pendingLeaf?.pem, apiSlug: 'claims' } }, 201);
  const approved = await call(consumer.client, '/api/certificates', { json: { certificate: approvedLeaf?.pem, apiSlug: 'claims' } }, 201);
  await provePossession(consumer.client, String(approved.id), approvedLeaf?.keyFile ?? '');
  await call(owner.client, `/api/owner/certificates/${approved.id}/approve`, { method: 'POST' }, 200);
  const docs = await call(
    consumer.client,
    '/api/doc-access/requests',
    { json: { apiSlug: 'claims', justification: 'A broker quoting tool for our partners.' } },
    201,
  );
  await call(owner.client, `/api/owner/requests/${docs.id}/approve`, { method: 'POST' }, 200);
  await call(other.client, '/api/doc-access/requests', { json: { apiSlug: 'claims', justification: 'Claims intake for Other Partner Ltd.' } }, 201);
  const app = await call(
    consumer.client,
    '/api/apps',
    { json: { name: 'Broker tool', businessContact: 'Jane Doe', technicalContact: 'jane.doe@broker-partner.example' } },
    201,
  );
  await call(consumer.client, `/api/apps/${app.clientId}/api-access`, { json: { apiSlug: 'claims', environment: 'sandbox', justification: 'testing' } }, 201);
  await call(
    consumer.client,
    `/api/apps/${app.clientId}/api-access`,
    { json: { apiSlug: 'claims', environment: 'production', authMethod: 'mtls', certificateId: approved.id } },
    201,
  );
  await call(
    owner.client,
    '/api/registry/requests',
    { json: { name: 'Other Partner CA', certificate: otherCa.pem, reason: 'Our partner Other Partner Ltd uses it.' } },
    201,
  );
  await call(admin.client, '/api/admin/doc-access', { json: { userId: other.id, apiSlug: 'payments' } }, 201);
  await call(admin.client, '/api/admin/email-domains/partner.example', { method: 'PUT', json: { mode: 'allow' } }, 200);
  await call(admin.client, '/api/admin/apis/quotes/owners', { json: { email: 'claims-owner@insurer.example' } }, 200);

  const client = portal.handle.client;
  const tables = (
    await client.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name")
  ).rows.map((row) => String(row.name));
  const actors: Record<ActorName, TestClient> = { admin: admin.client, owner: owner.client, consumer: consumer.client, other: other.client };
  const cookies = Object.fromEntries(Object.entries(actors).map(([name, actor]) => [name, actor.cookie]));
  const snapshot = () => takeSnapshot(client, tables, true);
  const world = await takeSnapshot(client, tables, false);
  const privateKey = readFileSync(pendingLeaf?.keyFile ?? '', 'utf8');
  return {
    portal,
    actors,
    pems: { leaf: pendingLeaf?.pem ?? '', fresh: freshLeaf?.pem ?? '', root: root.pem, privateKey },
    snapshot,
    async realValues() {
      const rows = Object.values(await snapshot()).flat();
      const ids = rows.map((row) => row.id).filter((id): id is string => typeof id === 'string');
      const emails = rows.map((row) => row.email).filter((email): email is string => typeof email === 'string');
      return [...new Set([...ids, ...emails, 'claims', 'payments', 'quotes', 'partner.example', 'insurer.example'])];
    },
    resetCookies() {
      for (const [name, actor] of Object.entries(actors)) actor.cookie = cookies[name];
    },
    async restore() {
      for (const [name, actor] of Object.entries(actors)) actor.cookie = cookies[name];
      await restoreTables(client, world, await takeSnapshot(client, tables, false));
    },
    async close() {
      await portal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `forComparison` leaves out what changes on any request; a snapshot to restore keeps every column. */
async function takeSnapshot(client: Client, tables: string[], forComparison: boolean): Promise<Snapshot> {
  const snapshot: Snapshot = {};
  for (const table of tables) {
    if (IGNORED_TABLES.has(table)) continue;
    const ignored = forComparison ? (IGNORED_COLUMNS[table] ?? []) : [];
    const { rows, columns } = await client.execute(`select * from "${table}" order by rowid`);
    snapshot[table] = rows.map((row) => Object.fromEntries(columns.filter((column) => !ignored.includes(column)).map((column) => [column, row[column]])));
  }
  return snapshot;
}

/** Tables whose rows differ between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys({ ...before, ...after }).filter((table) => JSON.stringify(before[table]) !== JSON.stringify(after[table]));
}

async function restoreTables(client: Client, world: Snapshot, now: Snapshot): Promise<void> {
  const tables = changedTables(world, now).filter((table) => !APPEND_ONLY.has(table));
  if (tables.length === 0) return;
  await client.execute('PRAGMA foreign_keys = OFF');
  try {
    const statements = tables.flatMap((table) => [
      { sql: `delete from "${table}"`, args: [] as InValue[] },
      ...(world[table] ?? []).map((row) => ({
        sql: `insert into "${table}" (${Object.keys(row)
          .map((column) => `"${column}"`)
          .join(', ')}) values (${Object.keys(row)
          .map(() => '?')
          .join(', ')})`,
        args: Object.values(row) as InValue[],
      })),
    ]);
    await client.batch(statements, 'write');
  } finally {
    await client.execute('PRAGMA foreign_keys = ON');
  }
}
