import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, SPECS_DIR, readManifest, type Manifest, type ManifestApi, type JsonObject } from '../../plugins/portico/contract.ts';
import { loadStaticBundle, type StaticBundle } from './static-bundle.ts';

/** A built portal loaded into memory: the manifest, the public site and each private build. */
export interface LoadedSite {
  manifest: Manifest;
  /** Parsed specs by slug, for the sandbox (never served as files). */
  specs: Map<string, JsonObject>;
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
  const specs = new Map<string, JsonObject>();
  for (const api of manifest.apis) {
    const file = path.join(buildDir, SPECS_DIR, `${api.slug}.json`);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text) specs.set(api.slug, JSON.parse(text) as JsonObject);
  }
  return { manifest, publicBundle, privateBuilds, specs };
}
