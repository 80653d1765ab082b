#!/usr/bin/env node
// npm run bench:build -- [--sizes 10,50,100] [--operations 30] [--private 0.3] [--skip-baseline]
//
// For each size: a synthetic corpus; the baseline (bare Docusaurus + docusaurus-plugin-openapi-docs,
// every spec in one public build: gen-api-docs then build); `portico build` from cold caches; again
// with nothing changed; after editing one private operation; after editing one private API's card.
// Results as a markdown table on stdout and JSON in .portico/bench/build-results.json.
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeBaselineSite } from './baseline-site.mjs';
import { writeCorpus } from './generate-corpus.mjs';
import { measure } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, '.portico', 'bench');
const docusaurus = path.join(root, 'node_modules', '@docusaurus', 'core', 'bin', 'docusaurus.mjs');
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,50,100' },
    operations: { type: 'string', default: '30' },
    private: { type: 'string', default: '0.3' },
    'skip-baseline': { type: 'boolean' },
    jobs: { type: 'string' },
  },
});
const resultsFile = path.join(benchDir, 'build-results.json');

async function runBaseline(size, corpusDir) {
  const siteDir = path.join(benchDir, `baseline-${size}`);
  await writeBaselineSite({ corpusDir, siteDir });
  const gen = await measure(process.execPath, [docusaurus, 'gen-api-docs', 'all', '--plugin-id', 'openapi'], {
    cwd: siteDir,
    logFile: path.join(benchDir, `baseline-${size}-gen.log`),
  });
  const build = await measure(process.execPath, [docusaurus, 'build'], { cwd: siteDir, logFile: path.join(benchDir, `baseline-${size}-build.log`) });
  await rm(path.join(siteDir, 'build'), { recursive: true, force: true });
  return {
    exitCode: gen.exitCode || build.exitCode,
    seconds: gen.seconds + build.seconds,
    cpuSeconds: gen.cpuSeconds + build.cpuSeconds,
    peakProcessMiB: Math.max(gen.peakProcessMiB, build.peakProcessMiB),
    peakTotalMiB: Math.max(gen.peakTotalMiB, build.peakTotalMiB),
  };
}

async function runPortico(size, corpusDir, label) {
  const args = [path.join(root, 'bin', 'portico.mjs'), 'build', '--openapi', corpusDir, '--out', path.join(benchDir, `portico-${size}`, 'build')];
  if (values.jobs) args.push('--jobs', values.jobs);
  const logFile = path.join(benchDir, `portico-${size}-${label}.log`);
  const result = await measure(process.execPath, args, { cwd: root, env: { PORTICO_WORK_DIR: path.join(benchDir, `portico-${size}`, 'work') }, logFile });
  const summary = /\((\d+) Docusaurus builds, (\d+) reused unchanged\)/.exec(await readFile(logFile, 'utf8'));
  return { ...result, built: Number(summary?.[1] ?? NaN), reused: Number(summary?.[2] ?? NaN) };
}

/** Edits the first private spec: an operation's description, or its catalog card. */
async function editPrivateSpec(files, what) {
  const file = files.find((entry) => entry.visibility === 'private').file;
  const spec = JSON.parse(await readFile(file, 'utf8'));
  if (what === 'card') spec['x-portal'].summary = `${spec['x-portal'].summary} (card edited)`;
  else Object.values(Object.values(spec.paths)[0])[0].description += ' (edited)';
  await writeFile(file, `${JSON.stringify(spec, null, 2)}\n`);
}

function row(size, name, result, baseline) {
  const ratio = baseline ? `${(result.seconds / baseline.seconds).toFixed(2)}×` : '';
  const cpuRatio = baseline ? `${(result.cpuSeconds / baseline.cpuSeconds).toFixed(2)}×` : '';
  const builds = Number.isNaN(result.built ?? NaN) || result.built === undefined ? '' : `${result.built} built, ${result.reused} reused`;
  return `| ${size} | ${name} | ${result.exitCode === 0 ? '' : `exit ${result.exitCode} `}${result.seconds.toFixed(1)} s | ${ratio} | ${result.cpuSeconds.toFixed(0)} s | ${cpuRatio} | ${(result.peakProcessMiB / 1024).toFixed(2)} GiB | ${(result.peakTotalMiB / 1024).toFixed(2)} GiB | ${builds} |`;
}

await mkdir(benchDir, { recursive: true });
const results = JSON.parse(await readFile(resultsFile, 'utf8').catch(() => '{}'));
console.log(`${os.availableParallelism()} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}`);
console.log('| specs | build | wall | vs baseline | CPU (user+sys) | vs baseline | peak RSS, largest process | peak RSS, all processes | targets |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const size of values.sizes.split(',').map(Number)) {
  const corpusDir = path.join(benchDir, `corpus-${size}`);
  const files = await writeCorpus({ specs: size, operations: Number(values.operations), privateShare: Number(values.private), out: corpusDir });
  const entry = { at: new Date().toISOString() };
  results[size] = entry;
  const baseline = values['skip-baseline'] ? undefined : await runBaseline(size, corpusDir);
  if (baseline) entry.baseline = baseline;
  if (baseline) console.log(row(size, 'baseline: one Docusaurus build', baseline));
  await rm(path.join(benchDir, `portico-${size}`), { recursive: true, force: true });
  entry.full = await runPortico(size, corpusDir, 'full');
  console.log(row(size, 'portico build, cold caches', entry.full, baseline));
  entry.unchanged = await runPortico(size, corpusDir, 'unchanged');
  console.log(row(size, 'nothing changed', entry.unchanged, baseline));
  await editPrivateSpec(files, 'operation');
  entry.operationEdit = await runPortico(size, corpusDir, 'operation-edit');
  console.log(row(size, 'one private operation edited', entry.operationEdit, baseline));
  await editPrivateSpec(files, 'card');
  entry.cardEdit = await runPortico(size, corpusDir, 'card-edit');
  console.log(row(size, "one private API's card edited", entry.cardEdit, baseline));
  await writeFile(resultsFile, JSON.stringify(results, null, 2));
  await appendFile(path.join(benchDir, 'build-results.log'), `${new Date().toISOString()} size ${size} done\n`);
}
