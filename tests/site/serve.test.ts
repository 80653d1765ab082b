import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest, type Manifest } from '../../plugins/portico/contract.ts';
import { fixtureBuildDir, projectRoot } from '../support/fixture-paths.ts';
import { startServer, type RunningServer } from '../support/start-server.ts';

let server: RunningServer;
let manifest: Manifest;

beforeAll(async () => {
  manifest = await readManifest(path.join(fixtureBuildDir, 'manifest.json'));
  server = await startServer(fixtureBuildDir);
});
afterAll(async () => server?.close());

describe('the running server on a real build', () => {
  it('serves the catalog with every API, and an Overview page for each', async () => {
    const home = await fetch(`${server.origin}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('cache-control')).toBe('no-cache');
    const html = await home.text();
    for (const api of manifest.apis) {
      expect(html).toMatch(new RegExp(`data-slug="?${api.slug}"?[ >]`));
      const overview = await fetch(`${server.origin}${api.overviewPath}`);
      expect(overview.status, api.overviewPath).toBe(200);
      expect(await overview.text()).toContain(api.title);
    }
  });

  it('serves public API docs and refuses every private one with an explanation', async () => {
    for (const api of manifest.apis) {
      const response = await fetch(`${server.origin}${api.docsPath}`);
      if (api.visibility === 'public') {
        expect(response.status, api.docsPath).toBe(200);
      } else {
        expect(response.status, api.docsPath).toBe(403);
        expect(await response.text()).toContain('is private');
      }
    }
  });

  it('caches hashed assets forever, sends brotli, and answers 304 on revalidation', async () => {
    const html = await (await fetch(`${server.origin}/`)).text();
    const mainJs = /\/assets\/js\/main\.[0-9a-f]+\.js/.exec(html)?.[0];
    expect(mainJs).toBeDefined();
    const asset = await fetch(`${server.origin}${mainJs}`, { headers: { 'Accept-Encoding': 'br' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('br');
    const again = await fetch(`${server.origin}${mainJs}`, { headers: { 'If-None-Match': asset.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
  });

  it('answers unknown pages with the site 404 page', async () => {
    const response = await fetch(`${server.origin}/no/such/page`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Page Not Found');
  });
});

describe('portico serve (the command npm start runs)', () => {
  it('starts, says where it listens, serves the catalog and stops on SIGTERM', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portico-serve-'));
    const env = { ...process.env, DATABASE_URL: `file:${path.join(dataDir, 'portal.db')}`, PORTICO_SITE_URL: `http://127.0.0.1:${port}`, MTLS_PORT: '0' };
    const child = spawn(
      process.execPath,
      [path.join(projectRoot, 'bin', 'portico.mjs'), 'serve', '--build', fixtureBuildDir, '--port', String(port), '--host', '127.0.0.1'],
      { stdio: ['ignore', 'pipe', 'pipe'], env },
    );
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('serving')) resolve(output);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
      });
      expect(banner).toContain(`http://127.0.0.1:${port}`);
      expect(banner).toContain('Demo accounts');
      expect(banner).toContain('mTLS sandbox and token endpoint at https://localhost:');
      expect(banner).toContain('admin@insurer.example');
      const response = await fetch(`http://127.0.0.1:${port}/`);
      expect(response.status).toBe(200);
      const signIn = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${port}` },
        body: JSON.stringify({ identifier: 'admin@insurer.example', password: 'portico-demo-password' }),
      });
      expect(signIn.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
  });
});
