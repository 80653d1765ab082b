import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { findBrokenApiLinks } from '../../plugins/portico/build/check-api-links.ts';
import { listFiles } from '../../plugins/portico/contract.ts';
import { fixtureBuildDir } from '../support/fixture-paths.ts';

const publicDir = path.join(fixtureBuildDir, 'public');

it("the catalog build's links into the API docs (another build) are full page loads that reach a page", async () => {
  const guide = path.join(publicDir, 'guides', 'getting-started', 'index.html');
  // Minified HTML: attribute values may be unquoted.
  const link = /<a\b[^>]*href="?\/apis\/quotes\/create-quote[\s">][^>]*>/.exec(await readFile(guide, 'utf8'))?.[0];
  expect(link).toMatch(/target="?_self/);

  const catalogPages = (await listFiles(publicDir)).filter((file) => file.endsWith('.html') && !path.relative(publicDir, file).startsWith('apis/'));
  expect(catalogPages.length).toBeGreaterThan(10);
  expect(await findBrokenApiLinks(publicDir, catalogPages)).toEqual([]);

  // The same guide in a public folder without that operation's page: the link is named.
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'portico-api-links-'));
  try {
    await mkdir(path.join(scratch, 'guides', 'getting-started'), { recursive: true });
    await cp(guide, path.join(scratch, 'guides', 'getting-started', 'index.html'));
    expect(await findBrokenApiLinks(scratch, [path.join(scratch, 'guides', 'getting-started', 'index.html')])).toEqual([
      'guides/getting-started/index.html links to /apis/quotes/create-quote, which is not a page of the public API docs',
    ]);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
});
