import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../plugins/portico/build/progress.ts';
import { generateCheckedPages, sandboxSectionOf, withSandboxServer } from '../../plugins/portico/build/target-builds.ts';
import { declaredScopes, type JsonObject } from '../../plugins/portico/contract.ts';
import { loadSpec, type LoadedApi } from '../../plugins/portico/spec/load-specs.ts';
import { describeLifetime, sandboxAccessFacts } from '../../plugins/portico/theme/PorticoSandboxAccess/facts.ts';
import { loadConfig } from '../../server/config.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { createTestPortal, ORIGIN } from '../support/test-portal.ts';

/**
 * Issue 18 item 4: the generated docs tell the truth about the sandbox. The first page of each
 * API with a sandbox gets a "Sandbox access" section whose scopes are the spec's and whose URLs
 * and token lifetime are the running server's (its RFC 8414 metadata); every token URL the pages
 * print is the portal's, not the provider's. What the built HTML shows is the site tests' to see
 * (tests/site: the Overview/intro page of quotes should hold data-testid="sandbox-access").
 */
let quotes: LoadedApi;
let docsRoot: string;
let infoPage: string;

beforeAll(async () => {
  quotes = (await loadSpec(path.join(projectRoot, 'openapi', 'quotes.yaml'))).api!;
  docsRoot = await mkdtemp(path.join(os.tmpdir(), 'portico-docs-'));
  const context = { siteDir: projectRoot, workDir: docsRoot, siteUrl: ORIGIN, progress: silentProgress };
  const document = withSandboxServer(context, quotes);
  await generateCheckedPages(context, {
    docsRoot,
    apiDir: 'quotes',
    specFile: quotes.file,
    document,
    routeBasePath: 'apis',
    infoSlug: '/quotes',
    sandbox: sandboxSectionOf(quotes),
  });
  const info = (await readdir(path.join(docsRoot, 'quotes'))).find((name) => name.endsWith('.info.mdx'));
  infoPage = await readFile(path.join(docsRoot, 'quotes', info!), 'utf8');
}, 120_000);
afterAll(async () => {
  if (docsRoot) await rm(docsRoot, { recursive: true, force: true });
});

describe('the generated first page (happy)', () => {
  it('holds the Sandbox access section with the scopes the spec declares for client credentials', () => {
    expect(declaredScopes(quotes.document)).toEqual(['quotes:read', 'quotes:write']);
    expect(infoPage).toContain('import PorticoSandboxAccess from "@theme/PorticoSandboxAccess";');
    expect(infoPage).toContain('<PorticoSandboxAccess slug={"quotes"} scopes={["quotes:read","quotes:write"]} />');
  });

  it("prints the portal's token URL, never the provider's", () => {
    expect(infoPage).toMatch(/Token URL: \/oauth\/token\b/);
    expect(infoPage).not.toContain('sandbox.insurer.example/oauth/token');
  });

  it('no section for an API without a sandbox environment', () => {
    const { sandbox: _sandbox, ...environments } = quotes.portal.environments;
    expect(sandboxSectionOf({ ...quotes, portal: { ...quotes.portal, environments } })).toBeUndefined();
  });
});

describe("the section's facts come from the running server's metadata (happy)", () => {
  it("name the portal's token URL, the sandbox base URLs with a secret and with mTLS, and the configured default lifetime", async () => {
    const portal = await createTestPortal({ mtlsPort: 8443 }, { quotes: quotes.document as JsonObject });
    try {
      const metadata = await (await portal.app.request(`${ORIGIN}/.well-known/oauth-authorization-server`)).json();
      const facts = sandboxAccessFacts(metadata, 'quotes', declaredScopes(quotes.document));
      expect(facts).toEqual({
        tokenUrl: `${ORIGIN}/oauth/token`,
        sandboxUrl: `${ORIGIN}/sandbox/quotes`,
        mtls: { tokenUrl: 'https://portal.test:8443/oauth/token', sandboxUrl: 'https://portal.test:8443/sandbox/quotes' },
        lifetimeSeconds: loadConfig({}).SANDBOX_TOKEN_TTL_SECONDS,
        scopes: ['quotes:sandbox', 'quotes:read', 'quotes:write'],
      });
      expect(describeLifetime(facts!.lifetimeSeconds!)).toBe('600 seconds (10 minutes)');
    } finally {
      await portal.close();
    }
  });

  it('follow SANDBOX_TOKEN_TTL_SECONDS, and name no mTLS URL when the listener is off', async () => {
    const portal = await createTestPortal({ tokenTtlSeconds: 3600, mtlsPort: 'off' }, { quotes: quotes.document as JsonObject });
    try {
      const metadata = await (await portal.app.request(`${ORIGIN}/.well-known/oauth-authorization-server`)).json();
      const facts = sandboxAccessFacts(metadata, 'quotes', []);
      expect(facts?.lifetimeSeconds).toBe(3600);
      expect(describeLifetime(3600)).toBe('3600 seconds (1 hour)');
      expect(facts?.mtls).toBeUndefined();
    } finally {
      await portal.close();
    }
  });
});

describe('error: metadata that says nothing usable', () => {
  it('gives no facts without a token endpoint, and no lifetime when it is not a positive number', () => {
    expect(sandboxAccessFacts({}, 'quotes', [])).toBeNull();
    expect(sandboxAccessFacts({ token_endpoint: 'not a url' }, 'quotes', [])).toBeNull();
    expect(sandboxAccessFacts({ token_endpoint: `${ORIGIN}/oauth/token`, access_token_lifetime: '600' }, 'quotes', [])?.lifetimeSeconds).toBeUndefined();
  });
});
