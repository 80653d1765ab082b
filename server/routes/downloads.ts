import { Hono, type Context } from 'hono';
import type { JsonObject, ManifestApi } from '../../plugins/portico/contract.ts';
import { PRIVATE_REVALIDATE } from '../middleware/private-gate/index.ts';
import type { AppEnv } from '../http/env.ts';
import { downloadableSpec, isDownloadFile, postmanCollection, postmanEnvironment, specAsYaml, type PortalUrls } from '../downloads/api-files.ts';
import { can } from '../rules/permissions.ts';
import { loadActor } from '../services/actors.ts';

/**
 * `/downloads/<slug>/<file>`: each API's spec (JSON, YAML) and its Postman collection and
 * environment, made from the spec the sandbox serves. A private API's files are behind the same
 * permission as its docs; to anyone else they do not exist (404, as an unknown API).
 */
export function downloadRoutes(specs: ReadonlyMap<string, JsonObject>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/downloads/:slug/:file', async (c) => {
    const slug = c.req.param('slug');
    const file = c.req.param('file');
    const api = c.get('services').manifest.apis.find((candidate) => candidate.slug === slug);
    const document = specs.get(slug);
    if (!api || !document || !isDownloadFile(file) || !(await mayDownload(c, api))) return notFound(c);
    const { config, mtlsUrl } = c.get('services');
    const urls: PortalUrls = { siteUrl: config.PORTICO_SITE_URL, mtlsUrl };
    c.header('Cache-Control', api.visibility === 'private' ? PRIVATE_REVALIDATE : 'no-cache');
    c.header('Content-Disposition', `attachment; filename="${slug}-${file}"`);
    switch (file) {
      case 'openapi.json':
        return c.json(downloadableSpec(document, slug, urls));
      case 'openapi.yaml':
        return c.body(specAsYaml(downloadableSpec(document, slug, urls)), 200, { 'Content-Type': 'application/yaml; charset=utf-8' });
      case 'postman-collection.json':
        return c.json(await postmanCollection(document, slug, urls));
      case 'postman-environment.json':
        return c.json(postmanEnvironment(document, slug, api.title, urls));
    }
  });
  return app;
}

/** The docs' permission: public APIs for everyone, private ones for `can(read_private_docs)`. */
async function mayDownload(c: Context<AppEnv>, api: ManifestApi): Promise<boolean> {
  if (api.visibility === 'public') return true;
  const auth = c.get('auth');
  if (!auth) return false;
  const actor = await loadActor(c.get('services'), auth.user);
  return can(actor, { kind: 'read_private_docs', api: api.slug }).allowed;
}

function notFound(c: Context<AppEnv>): Response {
  c.header('Cache-Control', 'no-store');
  return c.json({ error: { code: 'not_found', message: 'There is no such download.' } }, 404);
}
