import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListenError, listenOrExplain } from '../../server/cli/listen.ts';
import { DEMO_PASSWORD } from '../../server/services/bootstrap.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { TEST_APIS } from '../support/test-portal.ts';

/**
 * `portico serve` as an operator starts it, in a process of its own (security issue #13):
 * a port already taken ends the start with one line, and a development server bound to a
 * network interface has neither the dev mailbox (every reset link) nor the demo accounts.
 */

const STACK_LINE = /^\s+at .+\(?.+:\d+:\d+\)?$/m;
let dir: string;
let buildDir: string;

async function writeBuild(): Promise<void> {
  await mkdir(path.join(buildDir, 'public'), { recursive: true });
  await writeFile(path.join(buildDir, 'public', 'index.html'), '<h1>Catalog</h1>');
  for (const api of TEST_APIS.filter((candidate) => candidate.visibility === 'private')) {
    await mkdir(path.join(buildDir, api.buildDir), { recursive: true });
    await writeFile(path.join(buildDir, api.buildDir, 'index.html'), `<h1>${api.title} docs</h1>`);
  }
  await writeFile(path.join(buildDir, 'manifest.json'), JSON.stringify({ formatVersion: 1, builtAt: '', publicDir: 'public', apis: TEST_APIS }));
}

function envFor(name: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: `file:${path.join(dir, name, 'portal.db')}`,
    PORTICO_BUILD_DIR: buildDir,
    MTLS_PORT: 'off',
    ...extra,
  };
  for (const key of [
    'HOST',
    'PORT',
    'PORTICO_DEMO',
    'PORTICO_CONFIG',
    'PORTICO_SITE_URL',
    'RESEND_API_KEY',
    'RESEND_BASE_URL',
    'EMAIL_TRANSPORT',
    'PORTICO_DEBUG',
  ]) {
    if (!(key in extra)) delete env[key];
  }
  return env;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `portico serve` until it exits by itself (or 30 s pass). */
function serveUntilExit(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'portico.mjs'), 'serve', ...args], { env, cwd: dir });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** Runs `portico serve` until its banner; `stop` ends it. */
async function serveUntilBanner(args: string[], env: NodeJS.ProcessEnv): Promise<{ port: number; output: () => string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'portico.mjs'), 'serve', ...args], { env, cwd: dir });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /serving .* at http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(Number(found));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`serve exited:\n${output}`)));
  });
  return {
    port,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function occupyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.address() as AddressInfo).port, server };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-serve-start-'));
  buildDir = path.join(dir, 'build');
  await writeBuild();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a port already in use', () => {
  it('PORT taken: exit 1 with one line naming the port and the setting, no stack', async () => {
    const { port, server } = await occupyPort();
    try {
      const run = await serveUntilExit(['--port', String(port), '--host', '127.0.0.1'], envFor('busy-http', {}));
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`portico: port ${port} (PORT) is already in use — stop the other process or choose another port\n`);
      expect(run.stderr).not.toMatch(STACK_LINE);
    } finally {
      server.close();
    }
  });

  it('MTLS_PORT taken: exit 1 with one line naming MTLS_PORT, no stack', async () => {
    const { port, server } = await occupyPort();
    try {
      const run = await serveUntilExit(['--port', '0', '--host', '127.0.0.1'], envFor('busy-mtls', { MTLS_PORT: String(port) }));
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`portico: port ${port} (MTLS_PORT) is already in use — stop the other process or choose another port\n`);
    } finally {
      server.close();
    }
  });
});

describe('listenOrExplain: the port taken between the check and the listen', () => {
  it('rejects with the one-line ListenError instead of an unhandled error event', async () => {
    const { port, server } = await occupyPort();
    try {
      const second = createServer();
      const attempt = listenOrExplain((onListening) => second.listen(port, '127.0.0.1', () => onListening(second.address() as AddressInfo)), {
        host: '127.0.0.1',
        port,
        setting: 'PORT',
      });
      await expect(attempt).rejects.toBeInstanceOf(ListenError);
      await expect(attempt).rejects.toThrow(`port ${port} (PORT) is already in use — stop the other process or choose another port`);
    } finally {
      server.close();
    }
  });
});

describe('development tools only on a loopback bind', () => {
  async function probe(port: number) {
    const mailbox = await fetch(`http://127.0.0.1:${port}/api/dev/mailbox`);
    const signIn = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in`, {
      method: 'POST',
      // The development site URL is the origin listened on (issue 18), so the browser's Origin names that port.
      headers: { 'Content-Type': 'application/json', Origin: `http://localhost:${port}` },
      body: JSON.stringify({ identifier: 'admin@insurer.example', password: DEMO_PASSWORD }),
    });
    return { mailbox: mailbox.status, signIn: signIn.status };
  }

  it('bound to 0.0.0.0: no dev mailbox, no demo accounts, and a notice saying why', async () => {
    const server = await serveUntilBanner(['--port', '0', '--host', '0.0.0.0'], envFor('network', {}));
    try {
      expect(await probe(server.port)).toEqual({ mailbox: 404, signIn: 401 });
      expect(server.output()).toMatch(/dev mailbox and demo accounts are off: HOST 0\.0\.0\.0 is reachable from the network.*127\.0\.0\.1/);
      expect(server.output()).not.toContain(DEMO_PASSWORD);
    } finally {
      await server.stop();
    }
  });

  it('bound to 127.0.0.1 (the default): both are there', async () => {
    const server = await serveUntilBanner(['--port', '0'], envFor('loopback', {}));
    try {
      expect(await probe(server.port)).toEqual({ mailbox: 200, signIn: 200 });
      expect(server.output()).toMatch(/at http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      await server.stop();
    }
  });
});
