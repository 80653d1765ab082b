import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'portal-child.ts');

export interface PortalProcess {
  origin: string;
  pid: number;
  /** What the process wrote to stderr (for failure messages). */
  stderr(): string;
  /** Sends the signal and waits for the process to be gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts tests/support/portal-child.ts on a database file; resolves when it serves. */
export async function startPortalProcess(options: {
  databaseFile: string;
  resendUrl?: string;
  clockOffsetMs?: number;
  emailIntervalMs?: number;
}): Promise<PortalProcess> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORTICO_CHILD_DB: options.databaseFile,
    CLOCK_OFFSET_MS: String(options.clockOffsetMs ?? 0),
    EMAIL_INTERVAL_MS: String(options.emailIntervalMs ?? 50),
  };
  if (options.resendUrl) env.RESEND_BASE_URL = options.resendUrl;
  else delete env.RESEND_BASE_URL;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { origin: string }).origin));
    child.once('exit', (code) => reject(new Error(`the portal process exited (${code}) before serving:\n${errors}`)));
  });
  return {
    origin,
    pid: child.pid!,
    stderr: () => errors,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

/**
 * A signed-in API client over real HTTP. A 503 (busy) is retried after its Retry-After, as a
 * browser's user would; `busy` counts them.
 */
export function portalClient(origin: string, token: string, counters: { busy: number } = { busy: 0 }) {
  return async function call(method: string, pathname: string, json?: unknown): Promise<HttpAnswer> {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { Cookie: `portico_session=${token}`, Origin: origin };
      if (json !== undefined) headers['Content-Type'] = 'application/json';
      const response = await fetch(new URL(pathname, origin), { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
      const text = await response.text();
      if (response.status === 503 && attempt < 5) {
        counters.busy++;
        await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
        continue;
      }
      return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
    }
  };
}
