import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadContext, Plugin } from '@docusaurus/types';
import type { CatalogEntry } from './catalog.ts';
import { createMinifyCachePlugin } from './minify-cache.ts';
import type { PluginOptions } from './options.ts';

export { validateOptions } from './options.ts';

/**
 * Portico's Docusaurus plugin. In the public build it adds the API catalog (`/`) and an
 * Overview page per API (`/catalog/<slug>`), fed only with public-safe catalog entries;
 * in a private build it only contributes the theme components.
 */
export default function pluginPortico(_context: LoadContext, options: PluginOptions): Plugin<CatalogEntry[]> {
  return {
    name: 'portico',

    getThemePath() {
      return path.join(path.dirname(fileURLToPath(import.meta.url)), 'theme');
    },

    configureWebpack(_config, isServer) {
      // One cache folder per target: targets build from the same site folder with different
      // configs, and Rspack keys its cache on neither (decision 016).
      const cache = options.rspackCacheDir
        ? {
            experiments: {
              cache: { type: 'persistent', storage: { type: 'filesystem', directory: path.join(options.rspackCacheDir, isServer ? 'server' : 'client') } },
            },
          }
        : {};
      // Only the client bundle is minified.
      const minifyCache = options.minifyCacheDir && !isServer ? { plugins: [createMinifyCachePlugin(options.minifyCacheDir)] } : {};
      return { ...cache, ...minifyCache } as never;
    },

    async loadContent() {
      if (!options.catalogFile) return [];
      return JSON.parse(await readFile(options.catalogFile, 'utf8')) as CatalogEntry[];
    },

    async contentLoaded({ content: entries, actions }) {
      // Slugs, titles and environments for the portal's pages (public facts only), and the
      // bearer schemes of this build's own APIs for the sandbox token button.
      actions.setGlobalData({
        apis: entries.map(({ slug, title, visibility, overviewPath, docsPath, environments }) => ({
          slug,
          title,
          visibility,
          overviewPath,
          docsPath,
          // What may be asked for (environments, auth methods), never their private URLs.
          environments: environments.map(({ name, auth }) => ({ name, auth })),
        })),
        tokenSchemes: options.tokenSchemes ?? {},
      });
      if (!options.catalogFile) return;
      const catalog = await actions.createData('catalog.json', JSON.stringify(entries));
      for (const routePath of ['/', '/catalog']) {
        actions.addRoute({ path: routePath, exact: true, component: '@theme/PorticoCatalogPage', modules: { catalog } });
      }
      for (const entry of entries) {
        const api = await actions.createData(`api-${entry.slug}.json`, JSON.stringify(entry));
        actions.addRoute({ path: entry.overviewPath, exact: true, component: '@theme/PorticoApiOverview', modules: { api } });
      }
    },
  };
}
