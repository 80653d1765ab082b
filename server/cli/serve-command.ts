import path from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../app.ts';
import { SiteNotBuiltError, loadSite } from '../site/load-site.ts';
import { projectRoot } from './paths.ts';
import { UsageError } from './usage-error.ts';

export async function runServeCommand(values: Record<string, string | boolean | undefined>): Promise<number> {
  const port = Number(typeof values.port === 'string' ? values.port : (process.env.PORT ?? 3000));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (got "${String(values.port ?? process.env.PORT)}")`);
  const host = typeof values.host === 'string' ? values.host : (process.env.HOST ?? '0.0.0.0');
  const buildDir = path.resolve(typeof values.build === 'string' ? values.build : path.join(projectRoot, 'build'));
  let site;
  try {
    site = await loadSite(buildDir);
  } catch (error) {
    if (error instanceof SiteNotBuiltError) {
      process.stderr.write(`portico: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const app = createApp({ site, production: process.env.NODE_ENV === 'production' });
  const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
    const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
    process.stdout.write(`Portico is serving ${site.manifest.apis.length} APIs at http://${shown}:${info.port}\n`);
  });
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
