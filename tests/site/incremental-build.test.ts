import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPortal, type BuildSummary } from '../../plugins/portico/build/build-portal.ts';
import { listFiles } from '../../plugins/portico/contract.ts';
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

// Small groups of public API docs, so that several are built and merged (decision 018).
const operationsPerBuild = 12;

async function build(name: string): Promise<BuildSummary> {
  return buildPortal({
    siteDir: projectRoot,
    openapiDir,
    outDir: path.join(scratch, name),
    workDir,
    siteUrl: 'http://localhost:3000',
    progress: silentProgress,
    operationsPerBuild,
  });
}

async function filesOf(dir: string): Promise<string[]> {
  return (await listFiles(dir)).map((file) => path.relative(dir, file)).sort();
}

function builtTargets(summary: BuildSummary): string[] {
  return summary.targets
    .filter((target) => !target.cached)
    .map((target) => target.name)
    .sort();
}

/** The search indexes made anew (decision 033): the others were reused from the cache. */
function madeIndexes(summary: BuildSummary): string[] {
  return summary.search
    .filter((index) => !index.reused)
    .map((index) => index.name)
    .sort();
}

async function htmlOf(dir: string): Promise<string[]> {
  const files = (await filesOf(dir)).filter((file) => file.endsWith('.html'));
  return Promise.all(files.map((file) => readFile(path.join(dir, file), 'utf8')));
}

it('rebuilds nothing when nothing changed, only the edited API after an edit, and only the catalog when a card changes', async () => {
  const first = await build('first');
  const groups = first.targets.filter((target) => target.name.startsWith('public-apis-')).map((target) => target.name);
  expect(groups.length).toBeGreaterThan(1);
  const again = await build('again');
  expect(again.built).toBe(0);
  expect(again.reused).toBe(first.built + first.reused);
  expect(await filesOf(path.join(scratch, 'again'))).toEqual(await filesOf(path.join(scratch, 'first')));
  expect(again.apis.map((row) => row.pages)).toEqual(first.apis.map((row) => row.pages));
  expect(first.search.map((index) => index.name)).toEqual(expect.arrayContaining(['public', 'public-apis', 'private-claims', 'private-vault']));
  expect(madeIndexes(again)).toEqual([]);

  // An operation's description changes: the claims build alone, the public catalog is untouched.
  const claimsFile = path.join(openapiDir, 'claims.yaml');
  const original = await readFile(claimsFile, 'utf8');
  await writeFile(claimsFile, original.replace('summary: Declare a claim', 'summary: Declare a claim (edited for the incremental build test)'));
  const edited = await build('edited');
  expect(builtTargets(edited)).toEqual(['private-claims']);
  expect(madeIndexes(edited)).toEqual(['private-claims']);
  expect((await htmlOf(path.join(scratch, 'edited', 'private', 'claims'))).some((text) => text.includes('edited for the incremental build test'))).toBe(true);

  // The API's catalog card (x-portal summary) changes: claims and the catalog rebuild, not the public API docs.
  await writeFile(claimsFile, original.replace(/(x-portal:[\s\S]*?\n {2}summary: )/, '$1Card edited. '));
  const carded = await build('carded');
  expect(builtTargets(carded)).toEqual(['private-claims', 'public']);
  // The card edit re-indexes the catalog pages; the public API docs' index is reused.
  expect(madeIndexes(carded)).toEqual(['private-claims', 'public']);
  const catalog = await readFile(path.join(scratch, 'carded', 'public', 'index.html'), 'utf8');
  expect(catalog).toContain('Card edited.');

  // A public operation changes: its group of public API docs alone; the merged public folder has it.
  const quotesFile = path.join(openapiDir, 'quotes.yaml');
  const quotes = await readFile(quotesFile, 'utf8');
  await writeFile(quotesFile, quotes.replace('summary: Create a quote', 'summary: Create a quote (public edit)'));
  const publicEdit = await build('public-edit');
  const quotesGroup = publicEdit.targets.find((target) => !target.cached)?.name;
  expect(builtTargets(publicEdit)).toEqual([quotesGroup]);
  expect(groups).toContain(quotesGroup);
  expect(madeIndexes(publicEdit)).toEqual(['public-apis']);
  expect((await htmlOf(path.join(scratch, 'public-edit', 'public', 'apis', 'quotes'))).some((text) => text.includes('Create a quote (public edit)'))).toBe(
    true,
  );
  expect(await readFile(path.join(scratch, 'public-edit', 'public', 'index.html'), 'utf8')).toBe(catalog);
}, 600_000);
