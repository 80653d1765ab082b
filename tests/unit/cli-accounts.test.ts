import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/password.ts';
import { openDatabase } from '../../server/db/client.ts';
import { users } from '../../server/db/schema.ts';
import { projectRoot } from '../support/fixture-paths.ts';

let dir: string;
let databaseUrl: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-cli-db-'));
  databaseUrl = `file:${path.join(dir, 'portal.db')}`;
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function portico(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'portico.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: databaseUrl, ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('portico migrate and portico user create', () => {
  it('migrates, twice without harm', () => {
    expect(portico(['migrate'])).toMatchObject({ code: 0 });
    const again = portico(['migrate']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('is up to date');
  });

  it('creates the first admin, verified, with an argon2 hash', async () => {
    const created = portico(['user', 'create', '--email', 'Root@Insurer.example', '--password', 'a long admin passphrase', '--role', 'admin']);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created admin root@insurer.example');
    const handle = await openDatabase(databaseUrl);
    const [user] = await handle.db.select().from(users);
    handle.close();
    expect(user).toMatchObject({ email: 'root@insurer.example', role: 'admin' });
    expect(user?.emailVerifiedAt).not.toBeNull();
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user?.passwordHash ?? '', 'a long admin passphrase')).toBe(true);
  });

  it('refuses bad input with a clear message', () => {
    expect(portico(['user', 'create', '--email', 'root@insurer.example', '--password', 'a long admin passphrase']).stderr).toContain('already exists');
    expect(portico(['user', 'create', '--email', 'x@insurer.example', '--password', 'short']).stderr).toContain('the password must be 12 to 256 characters');
    const role = portico(['user', 'create', '--email', 'x@insurer.example', '--password', 'a long admin passphrase', '--role', 'god']);
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('--role must be one of consumer, platform, admin');
  });

  it('a bad configuration value stops with the setting named', async () => {
    const bad = portico(['migrate'], { DATABASE_URL: 'postgres://nope' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('DATABASE_URL: must be file:<path> or a libsql://');
    const file = path.join(dir, 'config.json');
    await writeFile(file, JSON.stringify({ SESSION_TTL_DAYS: 500 }));
    const fromFile = portico(['migrate'], { PORTICO_CONFIG: file });
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain('SESSION_TTL_DAYS');
  });
});
