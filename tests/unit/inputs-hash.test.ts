import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { hashBuildInputs } from '../../plugins/portico/build/inputs-hash.ts';

let site: string;
beforeEach(async () => {
  site = await mkdtemp(path.join(os.tmpdir(), 'portico-hash-'));
  await mkdir(path.join(site, 'docs', 'guides'), { recursive: true });
  await mkdir(path.join(site, 'openapi'));
  await writeFile(path.join(site, 'docs', 'guides', 'a.md'), '# A');
  await writeFile(path.join(site, 'openapi', 'quotes.yaml'), 'openapi: 3.0.3');
});
afterEach(async () => rm(site, { recursive: true, force: true }));

it('is stable for the same inputs and changes with any spec, guide or the site URL', async () => {
  const openapi = path.join(site, 'openapi');
  const first = await hashBuildInputs(site, openapi, 'http://localhost:3000');
  expect(await hashBuildInputs(site, openapi, 'http://localhost:3000')).toBe(first);
  expect(await hashBuildInputs(site, openapi, 'https://portal.example')).not.toBe(first);
  await writeFile(path.join(openapi, 'quotes.yaml'), 'openapi: 3.0.4');
  const afterSpec = await hashBuildInputs(site, openapi, 'http://localhost:3000');
  expect(afterSpec).not.toBe(first);
  await writeFile(path.join(site, 'docs', 'guides', 'b.md'), '# B');
  expect(await hashBuildInputs(site, openapi, 'http://localhost:3000')).not.toBe(afterSpec);
});
