import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPrivateUrlsInGuides, privateEnvironmentsOf, warnOfPrivateUrlsInGuides } from '../../plugins/portico/build/check-guide-privacy.ts';
import { listFiles } from '../../plugins/portico/contract.ts';
import { loadSpecs } from '../../plugins/portico/spec/load-specs.ts';
import { projectRoot } from '../support/fixture-paths.ts';

/**
 * Security issue #13 (Low): the guides are public pages, and the environment URLs of a private
 * API are part of what only approved readers see. `portico build` warns of a guide naming one.
 */

const PRIVATE = [
  {
    slug: 'claims',
    visibility: 'private',
    environments: [
      { name: 'sandbox', url: 'https://sandbox.insurer.example/claims/v1' },
      { name: 'production', url: 'https://api.insurer.example/claims/v1' },
    ],
  },
  { slug: 'quotes', visibility: 'public', environments: [{ name: 'sandbox', url: 'https://sandbox.insurer.example/quotes/v2' }] },
];

const FIXTURE_GUIDE = [
  '# Calling claims', // 1
  'Call `https://sandbox.insurer.example/claims/v1/claims?status=open` with your token.', // 2
  'The public quotes sandbox is https://sandbox.insurer.example/quotes/v2/quotes.', // 3
  'Version ten is elsewhere: https://api.insurer.example/claims/v10 (not this API).', // 4
  'Without a scheme, API.insurer.example/claims/v1 still names it.', // 5
  'The portal sandbox: https://portal.insurer.example/sandbox/claims/claims', // 6
].join('\n');

describe('findPrivateUrlsInGuides', () => {
  it('names the guide file, the line and the private API; public URLs and look-alikes pass', () => {
    const warnings = findPrivateUrlsInGuides([{ file: 'docs/guides/fixture.md', text: FIXTURE_GUIDE }], privateEnvironmentsOf(PRIVATE));
    expect(warnings).toEqual([
      "docs/guides/fixture.md:2 names the sandbox URL of the private API claims (https://sandbox.insurer.example/claims/v1): a guide is public, use the Overview page or the portal's sandbox URL",
      "docs/guides/fixture.md:5 names the production URL of the private API claims (https://api.insurer.example/claims/v1): a guide is public, use the Overview page or the portal's sandbox URL",
    ]);
  });

  it('reads every .md and .mdx under docs/, and warns through the build progress as "! …"', async () => {
    const site = await mkdtemp(path.join(os.tmpdir(), 'portico-guides-'));
    try {
      await mkdir(path.join(site, 'docs', 'guides', 'deep'), { recursive: true });
      await writeFile(path.join(site, 'docs', 'guides', 'deep', 'leaky.mdx'), 'intro\n\nhttps://sandbox.insurer.example/claims/v1\n');
      await writeFile(path.join(site, 'docs', 'clean.md'), 'https://sandbox.insurer.example/quotes/v2\n');
      await writeFile(path.join(site, 'docs', 'notes.txt'), 'https://sandbox.insurer.example/claims/v1\n');
      const warned: string[] = [];
      await warnOfPrivateUrlsInGuides(site, PRIVATE, { warn: (line) => warned.push(line) });
      expect(warned).toEqual([
        expect.stringMatching(/^private URL in a guide: docs\/guides\/deep\/leaky\.mdx:3 names the sandbox URL of the private API claims/),
      ]);
    } finally {
      await rm(site, { recursive: true, force: true });
    }
  });
});

describe('the real guides', () => {
  let loaded: Awaited<ReturnType<typeof loadSpecs>>;
  afterAll(() => undefined);

  it('name no environment URL of a private API in openapi/', async () => {
    loaded = await loadSpecs(path.join(projectRoot, 'openapi'), projectRoot);
    const privateApis = loaded.apis.filter((api) => api.portal.visibility === 'private');
    expect(privateApis.length).toBeGreaterThan(0);
    const environments = privateEnvironmentsOf(
      loaded.apis.map((api) => ({
        slug: api.slug,
        visibility: api.portal.visibility,
        environments: Object.entries(api.portal.environments).map(([name, environment]) => ({ name, url: environment!.url })),
      })),
    );
    expect(environments.length).toBeGreaterThan(0);
    const { readFile } = await import('node:fs/promises');
    const guides = await Promise.all(
      (await listFiles(path.join(projectRoot, 'docs', 'guides')))
        .filter((file) => /\.mdx?$/.test(file))
        .map(async (file) => ({ file: path.relative(projectRoot, file), text: await readFile(file, 'utf8') })),
    );
    expect(guides.length).toBeGreaterThan(0);
    expect(findPrivateUrlsInGuides(guides, environments)).toEqual([]);
  });
});
