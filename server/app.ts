import { Hono, type Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { ManifestApi } from '../plugins/portico/build/manifest.ts';
import { privateGate } from './middleware/private-gate/index.ts';
import { sendFile, staticFiles } from './middleware/static-files/index.ts';
import { renderPrivateDocsDenied } from './pages/private-docs-denied.ts';
import type { LoadedSite } from './site/load-site.ts';

export interface AppOptions {
  site: LoadedSite;
  /** HTTPS-only headers (HSTS) are sent in production only: on http://localhost they only get in the way. */
  production?: boolean;
  /** Who may read a private API's docs. Until accounts exist, nobody may. */
  canReadPrivateDocs?: (c: Context, api: ManifestApi) => boolean | Promise<boolean>;
}

export function createApp(options: AppOptions): Hono {
  const { site } = options;
  const app = new Hono();
  const notFoundPage = site.publicBundle.get('/404.html');
  const notFound = (c: Context) =>
    notFoundPage ? sendFile(c, notFoundPage, 'no-cache', 404) : c.text('Not found', 404);

  app.use(
    secureHeaders({
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: 'same-origin',
      strictTransportSecurity: options.production ? 'max-age=31536000; includeSubDomains' : false,
    }),
  );
  app.use(
    privateGate({
      builds: site.privateBuilds,
      canRead: options.canReadPrivateDocs ?? (() => false),
      deny: (c, api) => {
        c.header('Cache-Control', 'no-store');
        return c.html(renderPrivateDocsDenied(api), 403);
      },
      notFound,
    }),
  );
  app.use(staticFiles({ bundle: site.publicBundle }));
  app.notFound(notFound);
  app.onError((error, c) => {
    console.error(`[portico] ${c.req.method} ${c.req.path}: ${error.message}`);
    return c.text('Something went wrong on our side. Please try again.', 500);
  });
  return app;
}
