import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { auditEvents, ccadbImports } from '../../server/db/schema.ts';
import { projectRoot } from '../support/fixture-paths.ts';

/**
 * portico registry import-ccadb FILE [--by EMAIL] (issue 17 item 4): the report from a file, as
 * the page's upload, spawned as the real command. A refused file or person imports nothing.
 */

const FIXTURE = path.join(projectRoot, 'tests/fixtures/ccadb/IncludedCACertificateReport.csv');
let dir: string;
let databaseUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-cli-ccadb-'));
  databaseUrl = `file:${path.join(dir, 'portal.db')}`;
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function portico(args: string[]) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'portico.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: databaseUrl },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function rows() {
  const handle = await openDatabase(databaseUrl);
  try {
    const imports = await handle.db.select().from(ccadbImports);
    const audited = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'ca_registry.ccadb_imported'));
    return { imports, audited };
  } finally {
    handle.close();
  }
}

describe('portico registry import-ccadb', () => {
  it('refuses a file that is not the report, a missing file and an unknown --by, importing nothing', async () => {
    const other = path.join(dir, 'contacts.csv');
    await writeFile(other, 'name,email\r\nJane,jane@example.com\r\n');
    const foreign = portico(['registry', 'import-ccadb', other]);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain('This is not the CCADB Included CA Certificate Report: it has no column "SHA-256 Fingerprint"');
    expect(foreign.stderr).toContain('Nothing was imported.');
    expect(portico(['registry', 'import-ccadb', path.join(dir, 'absent.csv')])).toMatchObject({ code: 1, stderr: expect.stringContaining('no such file') });
    expect(portico(['registry', 'import-ccadb', FIXTURE, '--by', 'nobody@insurer.example'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('there is no account with this address'),
    });
    expect(portico(['registry', 'import-ccadb'])).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: portico registry import-ccadb FILE') });
    expect(await rows()).toEqual({ imports: [], audited: [] });
  }, 180_000);

  it('refuses --by a person outside the platform team', async () => {
    expect(portico(['user', 'create', '--email', 'jane@broker-partner.example', '--password', 'a long consumer passphrase']).code).toBe(0);
    const refused = portico(['registry', 'import-ccadb', FIXTURE, '--by', 'jane@broker-partner.example']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not in the platform team');
    expect((await rows()).imports).toEqual([]);
  }, 120_000);

  it('imports the report, prints the warnings of the seeded registry, and records who and when', async () => {
    expect(portico(['user', 'create', '--email', 'platform@insurer.example', '--password', 'a long platform passphrase', '--role', 'platform']).code).toBe(0);
    const before = Date.now();
    const imported = portico(['registry', 'import-ccadb', FIXTURE, '--by', 'platform@insurer.example']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported 8 certificate(s) from IncludedCACertificateReport.csv. 3 registry CA(s) are in the report');
    expect(imported.stdout).toContain(
      'Entrust Root Certification Authority has lost TLS trust: Mozilla distrusts TLS certificates it issued after 2024-11-30.',
    );
    const { imports, audited } = await rows();
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({
      via: 'command',
      fileName: 'IncludedCACertificateReport.csv',
      entryCount: 8,
      importedBy: expect.stringMatching(/^usr_/),
    });
    expect(imports[0]!.importedAt).toBeGreaterThanOrEqual(before);
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actorId: imports[0]!.importedBy, targetId: imports[0]!.id });
  }, 120_000);
});
