import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/fixture-paths.ts';
import { LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';

let dir: string;
let pki: OpensslPki;
let root: Credential;
let good: Credential;
let expired: Credential;

function portico(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'portico.mjs'), 'cert', 'check', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-cert-cli-'));
  pki = new OpensslPki(dir);
  root = pki.selfSigned('CLI Root');
  good = pki.issue('cli-good', root, { extensions: LEAF_EXTENSIONS });
  expired = pki.issue('cli-expired', root, { extensions: LEAF_EXTENSIONS, startDate: '20200101000000Z', endDate: '20210101000000Z' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('portico cert check', () => {
  it('exit 0 for an acceptable certificate, with the checks in words', () => {
    const result = portico(good.certFile, '--trust', root.certFile);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ACCEPTABLE: CN=cli-good');
    expect(result.stdout).toContain('The chain ends at an accepted certification authority: CLI Root.');
  });

  it('exit 1 when a rule fails; --json gives the verdict and reasons; --at moves the clock', () => {
    const result = portico(expired.certFile, '--trust', root.certFile, '--json');
    expect(result.code).toBe(1);
    const verdict = JSON.parse(result.stdout);
    expect(verdict.acceptable).toBe(false);
    expect(verdict.checks.find((check: { rule: string }) => check.rule === 'validity')).toMatchObject({
      ok: false,
      message: 'The certificate expired on 2021-01-01.',
    });
    expect(portico(good.certFile, '--trust', root.certFile, '--at', '2099-01-01T00:00:00Z').code).toBe(1);
  });

  it('--json: one entry per rule, by id, with reasons and details in words (no bitmask, no OID, no internal cause)', () => {
    const noSignature = pki.issue('cli-no-digital-signature', root, {
      extensions: ['basicConstraints = CA:FALSE', 'keyUsage = critical, keyEncipherment', 'extendedKeyUsage = clientAuth'],
    });
    const result = portico(noSignature.certFile, '--trust', root.certFile, '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    const rules = report.checks.map((check: { rule: string }) => check.rule);
    expect(new Set(rules).size).toBe(rules.length);
    expect(report.checks.find((check: { rule: string }) => check.rule === 'key_usage')).toMatchObject({
      ok: false,
      message: expect.stringContaining('ask your CA'),
      detail: 'Key Usage: Key Encipherment',
    });
    expect(report.checks.find((check: { rule: string }) => check.rule === 'extended_key_usage')).toMatchObject({
      ok: true,
      detail: 'Extended Key Usage: Client Authentication',
    });
    expect(result.stdout).not.toContain('"cause"');
  }, 90_000);

  it('--issuer-policy issuer_listed refuses a certificate issued through an intermediate; a wrong value is unusable input', () => {
    const intermediate = pki.issue('cli-intermediate', root, { extensions: ['basicConstraints = critical, CA:TRUE', 'keyUsage = critical, keyCertSign'] });
    const leaf = pki.issue('cli-through-intermediate', intermediate, { extensions: LEAF_EXTENSIONS });
    expect(portico(leaf.certFile, '--chain', intermediate.certFile, '--trust', root.certFile).code).toBe(0);
    const strict = portico(leaf.certFile, '--chain', intermediate.certFile, '--trust', root.certFile, '--issuer-policy', 'issuer_listed');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('✗ Issued through 1 intermediate certificate(s) below CLI Root');
    expect(portico(leaf.certFile, '--issuer-policy', 'sometimes').code).toBe(2);
    // Three spawns of the CLI: each starts the whole program, seconds on a loaded machine.
  }, 90_000);

  it('by default trusts the accepted CAs of the registry (a private test root is not one)', () => {
    const result = portico(good.certFile);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('not issued by an accepted certification authority');
  });

  it('exit 2 on unusable input: random bytes, a private key, a missing file, a bad date', () => {
    const junk = path.join(dir, 'junk.bin');
    writeFileSync(junk, Buffer.from(Array.from({ length: 300 }, (_, index) => (index * 91) % 256)));
    expect(portico(junk).code).toBe(2);
    const key = portico(good.keyFile);
    expect(key.code).toBe(2);
    expect(key.stderr).toContain('This is a private key');
    expect(key.stderr).not.toContain(readFileSync(good.keyFile, 'utf8').split('\n')[1]);
    expect(portico(path.join(dir, 'missing.pem')).code).toBe(2);
    expect(portico(good.certFile, '--at', 'yesterday').code).toBe(2);
  }, 90_000); // four spawns of the CLI: each starts tsx, slow on a busy machine
});
