import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles, readManifest } from '../../plugins/portico/contract.ts';
import { CANARY, findCanary } from '../support/canary.ts';
import { crawl } from '../support/crawl.ts';
import { fixtureBuildDir } from '../support/fixture-paths.ts';
import { startServer, type RunningServer } from '../support/start-server.ts';
import { startFakeResend } from '../support/fake-resend.ts';
import { startPortal } from '../support/start-portal.ts';
import { JANE } from '../support/people.ts';

const publicDir = path.join(fixtureBuildDir, 'public');
const vaultDir = path.join(fixtureBuildDir, 'private', 'vault');

async function scanFolder(dir: string): Promise<{ files: number; hits: string[] }> {
  const files = await listFiles(dir);
  const hits: string[] = [];
  for (const file of files) {
    for (const hit of findCanary(await readFile(file))) hits.push(`${path.relative(fixtureBuildDir, file)}: ${hit}`);
  }
  return { files: files.length, hits };
}

describe('public build', () => {
  it('contains not one byte of the private fixture, in any file, chunk or compressed copy', async () => {
    const { files, hits } = await scanFolder(publicDir);
    expect(files).toBeGreaterThan(50);
    expect(hits).toEqual([]);
  });

  it('still shows the private API where it should: its title and summary in the catalog', async () => {
    const overview = await readFile(path.join(publicDir, 'catalog', 'vault', 'index.html'), 'utf8');
    expect(overview).toContain('Vault Claims Ledger');
    expect(overview).toContain('Ledger of settled claims for approved partners.');
  });

  it('keeps /private out of the sitemap', async () => {
    const sitemap = await readFile(path.join(publicDir, 'sitemap.xml'), 'utf8');
    expect(sitemap).toContain('/catalog/vault');
    expect(sitemap).not.toContain('/private');
  });
});

/** Every Pagefind index, fragment, filter and meta file under `dir`, decoded (they are gzip with Pagefind's signature). */
async function decodedSearchFiles(dir: string): Promise<Array<{ file: string; text: string }>> {
  const files = (await listFiles(dir)).filter((file) => /\.pf_(index|fragment|filter|meta)$/.test(file));
  return Promise.all(
    files.map(async (file) => {
      const decoded = gunzipSync(await readFile(file));
      expect(decoded.subarray(0, 12).toString('latin1'), file).toBe('pagefind_dcd');
      return { file: path.relative(fixtureBuildDir, file), text: decoded.toString('utf8') };
    }),
  );
}

describe('the search indexes (decision 033)', () => {
  it('public: every index and fragment file, decoded, holds no canary, and holds the public docs and the public facts of private APIs', async () => {
    const decoded = await decodedSearchFiles(publicDir);
    const kinds = new Set(decoded.map(({ file }) => file.split(path.sep)[1]));
    expect([...kinds].sort()).toEqual(['pagefind', 'pagefind-apis']);
    expect(decoded.filter(({ file }) => file.endsWith('.pf_fragment')).length).toBeGreaterThan(10);
    const hits = decoded.flatMap(({ file, text }) => findCanary(Buffer.from(text)).map((hit) => `${file}: ${hit}`));
    expect(hits).toEqual([]);
    const fragments = decoded.filter(({ file }) => file.endsWith('.pf_fragment')).map(({ text }) => text);
    // A public operation and its facts; the private API's Overview (title and summary are public, decision 004).
    expect(fragments.some((text) => text.includes('"kind":"operation"') && text.includes('"path":"/quotes'))).toBe(true);
    expect(fragments.some((text) => text.includes('Vault Claims Ledger') && text.includes('"kind":"overview"'))).toBe(true);
  });

  it('private: the vault build holds its own index, and it finds the canary operation (the scan above could have failed)', async () => {
    const decoded = await decodedSearchFiles(vaultDir);
    expect(decoded.every(({ file }) => file.startsWith(`private${path.sep}vault${path.sep}pagefind${path.sep}`))).toBe(true);
    const operation = decoded.find(({ text }) => text.includes('"url":"/api/xqjleakopid/"') && text.includes('"kind":"operation"'));
    expect(operation?.text).toContain('"path":"/xqjleakpath/{xqjleakparam}"');
    expect(decoded.flatMap(({ text }) => findCanary(Buffer.from(text))).length).toBeGreaterThan(0);
  });
});

describe('a private multi-file spec (tests/fixtures/leak/strongbox/)', () => {
  it('its private build holds the text of the files its $refs name, the public build none of it (scanned above)', async () => {
    // Bundled: the sandbox's copy holds a description from a file two $refs away.
    expect(await readFile(path.join(fixtureBuildDir, 'specs', 'strongbox.json'), 'utf8')).toContain('xqjleakholderdescription');
    const { hits } = await scanFolder(path.join(fixtureBuildDir, 'private', 'strongbox'));
    expect(hits.length).toBeGreaterThan(0);
    const overview = await readFile(path.join(publicDir, 'catalog', 'strongbox', 'index.html'), 'utf8');
    expect(overview).toContain('Strongbox Deposits');
  });
});

describe('the scanner itself', () => {
  it('finds the canary in the private build, including inside the base64+zlib api: blobs', async () => {
    const { hits } = await scanFolder(vaultDir);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((hit) => hit.includes('base64 blob'))).toBe(true);
  });
});

describe('anonymous crawl of the running server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(fixtureBuildDir);
  });
  afterAll(async () => server.close());

  it('receives no canary from any page, asset, sitemap, or path named in the bundles, and no private file', async () => {
    // The site alone (the gate closed to all) and the whole portal as `portico serve` runs it.
    await expectCrawlClean(server.origin, {}, [403, 404]);
    const resend = await startFakeResend();
    const portal = await startPortal(fixtureBuildDir, { resendUrl: resend.url });
    try {
      await expectCrawlClean(portal.origin, {}, [302, 404]);
    } finally {
      await portal.close();
      await resend.close();
    }
  });

  it('signed in without a grant: the same crawl gets no canary either', async () => {
    const resend = await startFakeResend();
    const portal = await startPortal(fixtureBuildDir, { resendUrl: resend.url });
    try {
      const registered = await fetch(`${portal.origin}/api/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: portal.origin },
        body: JSON.stringify(JANE),
      });
      expect(registered.status).toBe(201);
      const signedIn = await fetch(`${portal.origin}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: portal.origin },
        body: JSON.stringify({ identifier: JANE.username, password: JANE.password }),
      });
      const cookie = signedIn.headers.getSetCookie()[0]?.split(';')[0] ?? '';
      expect(cookie).toMatch(/^portico_session=ses_/);
      const me = await (await fetch(`${portal.origin}/api/me`, { headers: { Cookie: cookie } })).json();
      expect(me.user.email).toBe('jane.doe@broker-partner.example');
      await expectCrawlClean(portal.origin, { Cookie: cookie }, [403, 404]);
    } finally {
      await portal.close();
      await resend.close();
    }
  });
});

async function expectCrawlClean(origin: string, headers: Record<string, string>, privateStatuses: number[]): Promise<void> {
  {
    const manifest = await readManifest(path.join(fixtureBuildDir, 'manifest.json'));
    const privateSlugs = manifest.apis.filter((api) => api.visibility === 'private').map((api) => api.slug);
    // An attacker who knows (or guesses) every file name of every private build.
    const guessed: string[] = [];
    for (const slug of privateSlugs) {
      const dir = path.join(fixtureBuildDir, 'private', slug);
      for (const file of await listFiles(dir)) guessed.push(`/private/${slug}/${path.relative(dir, file).split(path.sep).join('/')}`);
      guessed.push(`/private/${slug}`, `/private/${slug}/`);
      // The API's files for tools (decision 032): only its readers may download them.
      for (const name of ['openapi.json', 'openapi.yaml', 'postman-collection.json', 'postman-environment.json']) guessed.push(`/downloads/${slug}/${name}`);
    }
    const responses = await crawl({
      origin,
      headers,
      seeds: [
        '/',
        '/sitemap.xml',
        '/404.html',
        '/robots.txt',
        '/catalog/vault',
        '/api/openapi.json',
        '/api/me',
        // What sits beside the builds on disk must never be reachable.
        '/specs/vault.json',
        '/manifest.json',
        '/../specs/vault.json',
        '/%2e%2e/specs/vault.json',
        '/private/vault/../../specs/vault.json',
        '/sandbox/vault/',
        '/sandbox/vault/xqj',
        '/.well-known/oauth-authorization-server',
        '/.well-known/jwks.json',
        ...guessed,
      ],
      maxRequests: 20_000,
    });
    expect(responses.length).toBeGreaterThan(guessed.length);
    const hits = responses.flatMap((response) => findCanary(response.body).map((hit) => `${response.path} (${response.status}): ${hit}`));
    expect(hits).toEqual([]);
    const servedPrivate = responses.filter((response) => response.path.startsWith('/private/') && response.status === 200);
    expect(servedPrivate.map((response) => response.path)).toEqual([]);
    const downloaded = responses.filter(
      (response) =>
        response.path.startsWith('/downloads/') && privateSlugs.some((slug) => response.path.startsWith(`/downloads/${slug}/`)) && response.status !== 404,
    );
    expect(downloaded.map((response) => `${response.path} (${response.status})`)).toEqual([]);
    const privateAnswers = new Set(responses.filter((r) => r.path.startsWith('/private/')).map((r) => r.status));
    expect([...privateAnswers].filter((status) => !privateStatuses.includes(status))).toEqual([]);
  }
}

describe('a reader the gate lets in', () => {
  it('serves the private build to a reader the gate lets in (so the crawl above could have failed)', async () => {
    const open = await startServer(fixtureBuildDir, { canReadPrivateDocs: () => true });
    try {
      const response = await fetch(`${open.origin}/private/vault/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toContain('private');
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.toString('utf8')).toContain('Vault Claims Ledger');
      const responses = await crawl({ origin: open.origin, seeds: ['/private/vault/'], maxRequests: 400 });
      expect(responses.some((r) => findCanary(r.body).length > 0)).toBe(true);
      expect(CANARY).toBe('xqjleak');
    } finally {
      await open.close();
    }
  });
});
