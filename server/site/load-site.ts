import { access } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, readManifest, type Manifest, type ManifestApi } from '../../plugins/portico/build/manifest.ts';
import { loadStaticBundle, type StaticBundle } from './static-bundle.ts';

/** A built portal loaded into memory: the manifest, the public site and each private build. */
export interface LoadedSite {
  manifest: Manifest;
  publicBundle: StaticBundle;
  privateBuilds: Map<string, { api: ManifestApi; bundle: StaticBundle }>;
}

export class SiteNotBuiltError extends Error {
  override name = 'SiteNotBuiltError';
}

export async function loadSite(buildDir: string): Promise<LoadedSite> {
  const manifestFile = path.join(buildDir, MANIFEST_FILE);
  try {
    await access(manifestFile);
  } catch {
    throw new SiteNotBuiltError(`no build found in ${buildDir} (missing ${MANIFEST_FILE}): run "npm run build" first`);
  }
  const manifest = await readManifest(manifestFile);
  const publicBundle = await loadStaticBundle(path.join(buildDir, manifest.publicDir));
  const privateBuilds = new Map<string, { api: ManifestApi; bundle: StaticBundle }>();
  for (const api of manifest.apis.filter((candidate) => candidate.visibility === 'private')) {
    privateBuilds.set(api.slug, { api, bundle: await loadStaticBundle(path.join(buildDir, api.buildDir)) });
  }
  return { manifest, publicBundle, privateBuilds };
}
