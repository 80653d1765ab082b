import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Compilation, Compiler } from '@rspack/core';
import { readCachedFile, writeCachedFile } from './build/content-cache.ts';

const require = createRequire(import.meta.url);
const PLUGIN = 'PorticoMinifyCache';

/**
 * Every build ships the same vendor chunks (the theme, the API explorer: ~6 MB of JavaScript)
 * and minified them again, ~1.5 s of each build. A minifier's output depends only on its input
 * and its options, so results are kept by the SHA-256 of both, shared by every target: a hit
 * needs the exact same unminified bytes, so no target can receive code it did not already
 * contain. The minimizer skips assets marked `minimized`.
 */
export function createMinifyCachePlugin(directory: string) {
  // The minimizer's options come from @docusaurus/faster; its code is Rspack's.
  const fasterVersion = (require('@docusaurus/faster/package.json') as { version: string }).version;
  const fileOf = (key: string) => path.join(directory, key.slice(0, 2), `${key}.js`);

  return {
    name: PLUGIN,
    apply(compiler: Compiler) {
      const { Compilation: CompilationClass, sources, rspackVersion } = compiler.webpack;
      const fingerprint = `@rspack/core@${rspackVersion} @docusaurus/faster@${fasterVersion}`;
      compiler.hooks.thisCompilation.tap(PLUGIN, (compilation: Compilation) => {
        const missed = new Map<string, string>();
        compilation.hooks.processAssets.tapPromise({ name: PLUGIN, stage: CompilationClass.PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE - 1 }, async () => {
          for (const asset of compilation.getAssets()) {
            if (!asset.name.endsWith('.js') || asset.info.minimized) continue;
            const key = createHash('sha256').update(`${fingerprint}\n`).update(asset.source.source()).digest('hex');
            const minified = await readCachedFile(fileOf(key));
            if (minified === undefined) missed.set(asset.name, key);
            else compilation.updateAsset(asset.name, new sources.RawSource(minified.toString('utf8')), { minimized: true });
          }
        });
        compilation.hooks.processAssets.tapPromise({ name: PLUGIN, stage: CompilationClass.PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE + 1 }, async () => {
          for (const [name, key] of missed) {
            const asset = compilation.getAsset(name);
            if (asset?.info.minimized) await writeCachedFile(fileOf(key), asset.source.source().toString());
          }
        });
      });
    },
  };
}
