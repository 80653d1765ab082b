/** Progress lines for long builds: what is happening, to which API, and how long it took. */
export interface Progress {
  step(message: string): void;
  done(message: string, startedAt: number): void;
  warn(message: string): void;
  info(message: string): void;
}

export function createConsoleProgress(stream: NodeJS.WritableStream = process.stdout): Progress {
  return {
    step: (message) => stream.write(`  … ${message}\n`),
    done: (message, startedAt) => stream.write(`  ✓ ${message} (${formatSeconds(Date.now() - startedAt)})\n`),
    warn: (message) => stream.write(`  ! ${message}\n`),
    info: (message) => stream.write(`${message}\n`),
  };
}

export const silentProgress: Progress = { step() {}, done() {}, warn() {}, info() {} };

export function formatSeconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)}s`;
}
