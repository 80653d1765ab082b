import { access, copyFile, cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { buildPortal } from '../../plugins/portico/build/build-portal.ts';
import { createConsoleProgress } from '../../plugins/portico/build/progress.ts';
import { fixtureBuildDir, fixtureOpenapiDir, leakFixtureDir, projectRoot, testWorkRoot, xssFixtureDir } from '../support/fixture-paths.ts';

/** Builds openapi/ + the leak and XSS fixtures once for every test of the "site" project. */
export default async function setup(): Promise<void> {
  if (process.env.PORTICO_TEST_REUSE_BUILD === '1' && (await exists(path.join(fixtureBuildDir, 'manifest.json')))) return;
  await rm(fixtureOpenapiDir, { recursive: true, force: true });
  await mkdir(fixtureOpenapiDir, { recursive: true });
  for (const dir of [path.join(projectRoot, 'openapi'), leakFixtureDir, xssFixtureDir]) {
    for (const name of await readdir(dir)) {
      if (/\.(ya?ml|json)$/.test(name)) await copyFile(path.join(dir, name), path.join(fixtureOpenapiDir, name));
      // A multi-file spec: openapi/<slug>/openapi.yaml and the files it refers to.
      else if ((await stat(path.join(dir, name))).isDirectory()) await cp(path.join(dir, name), path.join(fixtureOpenapiDir, name), { recursive: true });
    }
  }
  await buildPortal({
    siteDir: projectRoot,
    openapiDir: fixtureOpenapiDir,
    outDir: fixtureBuildDir,
    workDir: path.join(testWorkRoot, 'work'),
    siteUrl: 'http://localhost:3000',
    progress: createConsoleProgress(process.stderr),
  });
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
