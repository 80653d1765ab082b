import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/password.ts';
import { openDatabase } from '../../server/db/client.ts';
import { users } from '../../server/db/schema.ts';
import { projectRoot } from '../support/fixture-paths.ts';

/**
 * Issue 15: every command reads its configuration through loadConfig, parsed once by the CLI.
 * `portico build` and `portico user create` used to read process.env themselves, so a bad value
 * went unnoticed (build) and a setting had no place in the README's table.
 */

const STACK_LINE = /^\s+at .+\(?.+:\d+:\d+\)?$/m;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-cli-config-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function portico(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'portico.mjs'), ...args], {
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('every command goes through loadConfig', () => {
  it('portico build refuses a bad setting with its name, exit 2, before building anything', () => {
    const run = portico(['build', '--openapi', path.join(dir, 'openapi'), '--out', path.join(dir, 'build')], {
      PORT: 'eighty',
      PORTICO_WORK_DIR: path.join(dir, 'work'),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('PORT: must be a port number');
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stdout + run.stderr).not.toContain('building with Docusaurus');
  });

  it('portico user create takes PORTICO_PASSWORD from the configuration, keeping it off the command line', async () => {
    const databaseUrl = `file:${path.join(dir, 'portal.db')}`;
    const run = portico(['user', 'create', '--email', 'root@insurer.example', '--role', 'admin'], {
      DATABASE_URL: databaseUrl,
      PORTICO_PASSWORD: 'a long admin passphrase',
    });
    expect(run.code).toBe(0);
    const handle = await openDatabase(databaseUrl);
    const [user] = await handle.db.select().from(users);
    handle.close();
    expect(await verifyPassword(user?.passwordHash ?? '', 'a long admin passphrase')).toBe(true);
  });

  it('a flag that sets a setting is checked like the setting', () => {
    const run = portico(['serve', '--port', '70000', '--build', path.join(dir, 'no-build')], { MTLS_PORT: 'off' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/PORT: /);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});
