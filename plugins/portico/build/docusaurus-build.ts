import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TARGET_FILE_ENV } from './targets.ts';

const require = createRequire(import.meta.url);

interface DocusaurusBuildOptions {
  siteDir: string;
  targetFile: string;
  outDir: string;
  /** Docusaurus's generated-files folder for this target, so targets never share one. */
  generatedDir: string;
  logFile: string;
}

export class DocusaurusBuildError extends Error {
  constructor(
    message: string,
    readonly logFile: string,
    readonly logTail: string,
  ) {
    super(message);
    this.name = 'DocusaurusBuildError';
  }
}

/** One `docusaurus build` in its own process: its memory is returned when it exits. */
export async function runDocusaurusBuild(options: DocusaurusBuildOptions): Promise<{ warnings: string[] }> {
  await mkdir(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile);
  const bin = require.resolve('@docusaurus/core/bin/docusaurus.mjs');
  const child = spawn(process.execPath, [bin, 'build', options.siteDir, '--out-dir', options.outDir], {
    cwd: options.siteDir,
    env: {
      ...process.env,
      [TARGET_FILE_ENV]: options.targetFile,
      DOCUSAURUS_GENERATED_FILES_DIR_NAME: path.relative(options.siteDir, options.generatedDir),
      FORCE_COLOR: '0',
      NO_UPDATE_NOTIFIER: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve(exitCode ?? 1));
  });
  await new Promise<void>((resolve) => log.end(resolve));
  const text = await readFile(options.logFile, 'utf8');
  if (code !== 0) {
    const tail = text.split('\n').slice(-40).join('\n');
    throw new DocusaurusBuildError(`docusaurus build exited with code ${code}`, options.logFile, tail);
  }
  const warnings = text
    .split('\n')
    .filter((line) => line.includes('[WARNING]'))
    .map((line) => line.trim());
  return { warnings };
}
