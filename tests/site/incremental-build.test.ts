import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPortal, type BuildSummary } from '../../plugins/portico/build/build-portal.ts';
import { listFiles } from '../../plugins/portico/build/compress.ts';
import { silentProgress } from '../../plugins/portico/build/progress.ts';
import { fixtureOpenapiDir, projectRoot, testWorkRoot } from '../support/fixture-paths.ts';

// Same work folder (and so the same target cache) as the fixture build of the global set-up.
const workDir = path.join(testWorkRoot, 'work');
let scratch: string;
let openapiDir: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'portico-incremental-'));
  openapiDir = path.join(scratch, 'openapi');
  await cp(fixtureOpenapiDir, openapiDir, { recursive: true });
});
afterAll(async () => rm(scratch, { recursive: true, force: true }));

async function build(name: string): Promise<BuildSummary> {
  return buildPortal({ siteDir: projectRoot, openapiDir, outDir: path.join(scratch, name), workDir, siteUrl: 'http://localhost:3000', progress: silentProgress });
}

async function filesOf(dir: string): Promise<string[]> {
  return (await listFiles(dir)).map((file) => path.relative(dir, file)).sort();
}

function builtTargets(summary: BuildSummary): string[] {
  return [...new Set(summary.apis.filter((row) => !row.cached).map((row) => (row.visibility === 'public' ? 'public' : row.slug)))].sort();
}

it('rebuilds nothing when nothing changed, only the edited private API after an edit, and the public site when a card changes', async () => {
  const first = await build('first');
  const again = await build('again');
  expect(again.built).toBe(0);
  expect(again.reused).toBe(first.built + first.reused);
  expect(await filesOf(path.join(scratch, 'again'))).toEqual(await filesOf(path.join(scratch, 'first')));
  expect(again.apis.map((row) => row.pages)).toEqual(first.apis.map((row) => row.pages));

  // An operation's description changes: the claims build alone, the public catalog is untouched.
  const claimsFile = path.join(openapiDir, 'claims.yaml');
  const original = await readFile(claimsFile, 'utf8');
  await writeFile(claimsFile, original.replace('summary: Declare a claim', 'summary: Declare a claim (edited for the incremental build test)'));
  const edited = await build('edited');
  expect(builtTargets(edited)).toEqual(['claims']);
  const editedPages = await filesOf(path.join(scratch, 'edited', 'private', 'claims'));
  const html = await Promise.all(editedPages.filter((file) => file.endsWith('.html')).map((file) => readFile(path.join(scratch, 'edited', 'private', 'claims', file), 'utf8')));
  expect(html.some((text) => text.includes('edited for the incremental build test'))).toBe(true);

  // The API's catalog card (x-portal summary) changes: claims and the public site rebuild.
  await writeFile(claimsFile, original.replace(/(x-portal:[\s\S]*?\n  summary: )/, '$1Card edited. '));
  const carded = await build('carded');
  expect(builtTargets(carded)).toEqual(['claims', 'public']);
  const catalog = await readFile(path.join(scratch, 'carded', 'public', 'index.html'), 'utf8');
  expect(catalog).toContain('Card edited.');
}, 600_000);
