import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, type BuildSummary } from '../../plugins/portico/build/build-portal.ts';
import { listFiles } from '../../plugins/portico/contract.ts';
import { silentProgress } from '../../plugins/portico/build/progress.ts';
import { createVerifiedUser } from '../../server/services/bootstrap.ts';
import { launchBrowser, saveScreenshot, signInPage, watchPageErrors } from '../support/browser.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { startPortal, type RunningPortal } from '../support/start-portal.ts';

/**
 * Decision 027: an API larger than one Docusaurus build may hold is built in parts, each part
 * a contiguous run of its sidebar, merged into one folder. Here the bound is 13 operations and
 * each API has 26 (2 parts): every page is built once, every sidebar link of every page leads
 * to a page that exists, and a reader moves between parts in Chromium — public, and private
 * behind its gate — with no error.
 */
const OPERATIONS = 26;
const PER_BUILD = 13;
const TAGS = ['Policies', 'Claims', 'Quotes'];

function bigSpec(slug: string, visibility: 'public' | 'private'): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (let index = 0; index < OPERATIONS; index++) {
    const tag = TAGS[index % TAGS.length] as string;
    paths[`/${tag.toLowerCase()}/operation-${index}`] = {
      get: {
        operationId: `${tag.toLowerCase()}-operation-${index}`,
        summary: `${tag} operation ${index}`,
        tags: [tag],
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: `Big ${visibility} API`, version: '1.0.0', description: `An API of ${OPERATIONS} operations, built in parts.` },
    tags: TAGS.map((name) => ({ name, description: `${name} operations.` })),
    paths,
    'x-portal': {
      visibility,
      owners: [`${slug}-owner@insurer.example`],
      audience: ['partners'],
      summary: `A large ${visibility} API.`,
      environments: { sandbox: { url: `https://sandbox.insurer.example/${slug}`, auth: ['client_secret'] } },
    },
  };
}

let scratch: string;
let outDir: string;
let summary: BuildSummary;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'portico-parts-'));
  outDir = path.join(scratch, 'build');
  await mkdir(path.join(scratch, 'openapi'));
  for (const [slug, visibility] of [
    ['big-public', 'public'],
    ['big-private', 'private'],
  ] as const) {
    await writeFile(path.join(scratch, 'openapi', `${slug}.json`), JSON.stringify(bigSpec(slug, visibility)));
  }
  summary = await buildPortal({
    siteDir: projectRoot,
    openapiDir: path.join(scratch, 'openapi'),
    outDir,
    workDir: path.join(scratch, 'work'),
    siteUrl: 'http://localhost:3000',
    progress: silentProgress,
    operationsPerBuild: PER_BUILD,
  });
}, 900_000);
afterAll(async () => rm(scratch, { recursive: true, force: true }));

/** Every page of an API's folder: its HTML files, relative to the build. */
async function htmlPages(dir: string): Promise<string[]> {
  return (await listFiles(path.join(outDir, dir))).filter((file) => file.endsWith('.html')).map((file) => path.relative(outDir, file));
}

/** An attribute of an HTML start tag, quoted or not (the build minifies HTML). */
function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`).exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** The sidebar links of a page (the theme's menu links): their URL paths and targets. */
function sidebarLinks(html: string): { href: string; target?: string; category: boolean }[] {
  return [...html.matchAll(/<a\s[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => (attribute(tag, 'class') ?? '').split(/\s+/).includes('menu__link'))
    .flatMap((tag) => {
      const href = attribute(tag, 'href');
      const target = attribute(tag, 'target');
      const category = (attribute(tag, 'class') ?? '').includes('menu__link--sublist');
      return href ? [{ href: href.replace(/#.*$/, ''), category, ...(target ? { target } : {}) }] : [];
    });
}

async function servedFile(urlPath: string, folder: string, base: string): Promise<string | undefined> {
  const within = urlPath.slice(base.length).replace(/\/$/, '');
  for (const candidate of [path.join(folder, within, 'index.html'), path.join(folder, `${within}.html`)]) {
    if (
      await access(path.join(outDir, candidate)).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}

describe('an API over the bound is built in parts', () => {
  it('plans two builds per API, adds their pages up, and leaves no part folder behind', async () => {
    const names = summary.targets.map((target) => target.name).sort();
    expect(names.filter((name) => name.startsWith('private-big-private-part-'))).toHaveLength(2);
    expect(names.filter((name) => /^public-apis-\d+-part-\d$/.test(name))).toHaveLength(2);
    for (const row of summary.apis) expect(row.pages, row.slug).toBe(OPERATIONS + TAGS.length + 1);
    expect(await listFiles(path.join(outDir, 'private-parts')).catch(() => [])).toEqual([]);
    expect(await listFiles(path.join(outDir, 'public-parts')).catch(() => [])).toEqual([]);
  });

  for (const [slug, folder, base] of [
    ['big-public', 'public', '/'],
    ['big-private', 'private/big-private', '/private/big-private/'],
  ] as const) {
    it(`${slug}: every operation has its page, and every sidebar link of every page leads to a page of the build`, async () => {
      const pages = await htmlPages(folder);
      const operationPages = pages.filter((page) => /operation-\d+/.test(page));
      expect(operationPages).toHaveLength(OPERATIONS);
      const broken: string[] = [];
      let crossPart = 0;
      for (const page of pages.filter(
        (file) => file.includes(slug === 'big-public' ? 'apis/big-public' : 'private/big-private') && !file.endsWith('404.html'),
      )) {
        const html = await readFile(path.join(outDir, page), 'utf8');
        const links = sidebarLinks(html);
        expect(links.length, page).toBeGreaterThan(OPERATIONS);
        // Pages of other parts are plain same-tab links, never "external" (a new tab). A category's
        // header is a link only in the HTML before the page runs (Docusaurus's fallback for
        // crawlers; a toggle once hydrated), so it is not counted.
        expect(
          links.filter((link) => link.target === '_blank' && !link.category).map((link) => link.href),
          page,
        ).toEqual([]);
        crossPart += links.filter((link) => link.target === '_self').length;
        for (const { href } of links) if (!(await servedFile(href, folder, base))) broken.push(`${page}: ${href}`);
      }
      expect(broken).toEqual([]);
      expect(crossPart).toBeGreaterThan(OPERATIONS);
    });
  }
});

describe('a reader moves between the parts in Chromium', () => {
  let resend: FakeResend;
  let portal: RunningPortal;
  let browser: Browser;
  beforeAll(async () => {
    resend = await startFakeResend();
    portal = await startPortal(outDir, { resendUrl: resend.url });
    const created = await createVerifiedUser(
      portal.handle.db,
      { email: 'admin@insurer.example', password: 'a long enough passphrase', role: 'admin', fullName: 'Ada Admin' },
      Date.now(),
    );
    expect(created.ok).toBe(true);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await resend?.close();
  });

  for (const [slug, first] of [
    ['big-public', '/apis/big-public'],
    ['big-private', '/private/big-private/'],
  ] as const) {
    it(`${slug}: from the first part's page to the last operation and back, same tab, no error`, async () => {
      const errors: string[] = [];
      const page =
        slug === 'big-private'
          ? await signInPage(browser, portal.origin, 'admin@insurer.example', 'a long enough passphrase', first, errors)
          : await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      errors.push(...watchPageErrors(page));
      if (slug === 'big-public') await page.goto(`${portal.origin}${first}`);
      // The last operation of the sidebar is built by the last part.
      const last = page.locator('.menu__link', { hasText: `operation ${OPERATIONS - 1}` }).first();
      await last.click();
      await page.waitForURL(`**/${TAGS[(OPERATIONS - 1) % TAGS.length]!.toLowerCase()}-operation-${OPERATIONS - 1}`);
      expect(await page.locator('h1').first().textContent()).toContain(`operation ${OPERATIONS - 1}`);
      expect(page.context().pages()).toHaveLength(1);
      await saveScreenshot(page, `api-in-parts-${slug}-last`);
      await page.locator('.menu__link', { hasText: 'Introduction' }).first().click();
      await page.waitForURL((url) => url.pathname.replace(/\/$/, '') === first.replace(/\/$/, ''));
      expect(errors).toEqual([]);
      await page.context().close();
    }, 120_000);
  }
});
