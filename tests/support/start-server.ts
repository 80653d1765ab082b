import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, type AppOptions } from '../../server/app.ts';
import { loadSite } from '../../server/site/load-site.ts';

export interface RunningServer {
  origin: string;
  close(): Promise<void>;
}

/** The real HTTP server on an ephemeral loopback port, serving a build folder. */
export async function startServer(buildDir: string, overrides: Partial<AppOptions> = {}): Promise<RunningServer> {
  const site = await loadSite(buildDir);
  const app = createApp({ site, ...overrides });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        origin: `http://127.0.0.1:${info.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
