import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JsonObject, ManifestApi } from '../../plugins/portico/contract.ts';
import { projectRoot } from './fixture-paths.ts';

/** A build folder the server reads: a one-page public site, private placeholders, the specs and the manifest. */
export async function writeSpecBuild(buildDir: string, apis: Array<{ api: ManifestApi; document: JsonObject }>): Promise<void> {
  await mkdir(path.join(buildDir, 'public'), { recursive: true });
  await mkdir(path.join(buildDir, 'specs'), { recursive: true });
  await writeFile(path.join(buildDir, 'public', 'index.html'), '<h1>Catalog</h1>');
  for (const { api, document } of apis) {
    if (api.visibility === 'private') {
      await mkdir(path.join(buildDir, api.buildDir), { recursive: true });
      await writeFile(path.join(buildDir, api.buildDir, 'index.html'), `<h1>${api.title} docs</h1>`);
    }
    await writeFile(path.join(buildDir, 'specs', `${api.slug}.json`), JSON.stringify(document));
  }
  const manifest = { formatVersion: 1, builtAt: '', publicDir: 'public', apis: apis.map(({ api }) => api) };
  await writeFile(path.join(buildDir, 'manifest.json'), JSON.stringify(manifest));
}

/** `portico serve` in development (demo accounts, PORT=0) over `dir/build`, until it says where it listens. */
export async function servePortico(dir: string): Promise<{ child: ChildProcess; origin: string; stop(): Promise<void> }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: `file:${path.join(dir, 'data', 'portal.db')}`,
    PORTICO_BUILD_DIR: path.join(dir, 'build'),
    PORT: '0',
    MTLS_PORT: '0',
    HOST: '127.0.0.1',
  };
  for (const key of ['PORTICO_DEMO', 'PORTICO_CONFIG', 'PORTICO_SITE_URL', 'RESEND_API_KEY', 'RESEND_BASE_URL', 'EMAIL_TRANSPORT', 'PORTICO_DEBUG'])
    delete env[key];
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'portico.mjs'), 'serve'], { env, cwd: dir });
  const origin = await listening(child, /serving .* at http:\/\/[^:]+:(\d+)/, 'serve', (port) => `http://localhost:${port}`);
  return { child, origin, stop: () => stopChild(child) };
}

/** Waits for a child's output to name its port. */
export function listening(child: ChildProcess, pattern: RegExp, name: string, origin: (port: string) => string): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = pattern.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(origin(port));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`${name} exited:\n${output}`)));
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
