import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './fixture-paths.ts';

function readInChild(args: string[]): unknown {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'tests', 'support', 'read-database.mjs'), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) throw new Error(result.stderr || `read-database.mjs exited ${result.status}`);
  return JSON.parse(result.stdout) as unknown;
}

/** One hash per table of every row (order-free: VACUUM may renumber rowids), plus the schema. */
export async function dumpTables(file: string): Promise<Record<string, string>> {
  return readInChild([file, 'dump']) as Record<string, string>;
}

/** Runs one statement on a database file, in a process of its own (see read-database.mjs). */
export async function queryFile(file: string, sql: string): Promise<Array<Record<string, unknown>>> {
  return readInChild([file, 'query', sql]) as Array<Record<string, unknown>>;
}

export interface RunningChild {
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then the exit code once it has gone. */
  stop(): Promise<number | null>;
  /** The exit code once it ends by itself. */
  exited: Promise<number | null>;
}

/** Starts a helper script of tests/support as its own process (TypeScript through tsx); resolves when it prints `marker`. */
export async function startHelper(script: string, args: string[], marker: string): Promise<RunningChild> {
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, path.join(projectRoot, 'tests', 'support', script), ...args], {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not print "${marker}" in 30 s: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before "${marker}": ${output}`));
    });
  });
  return {
    child,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
