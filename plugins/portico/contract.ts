import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * The build ↔ server contract: what `portico build` writes and `portico serve` reads. The server
 * imports the plugin through this module only (decision 023); changing a name here is changing
 * the format both sides agree on.
 */

/** The closed values of an API's `x-portal` block: the catalog, the manifest and the server's tables use them. */
export const VISIBILITIES = ['public', 'private'] as const;
export const AUDIENCES = ['customers', 'prospects', 'partners'] as const;
export const ENVIRONMENTS = ['sandbox', 'production'] as const;
export const AUTH_METHODS = ['client_secret', 'mtls'] as const;

export type Visibility = (typeof VISIBILITIES)[number];
export type EnvironmentName = (typeof ENVIRONMENTS)[number];
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** A parsed JSON or YAML mapping, as a spec holds them. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The spec's `components.securitySchemes`, or an empty mapping. */
export function securitySchemesOf(document: unknown): JsonObject {
  const components = isObject(document) && isObject(document.components) ? document.components : {};
  return isObject(components.securitySchemes) ? components.securitySchemes : {};
}

/**
 * Every scope the spec's OAuth2 client-credentials flows declare, in order, once each: the scopes
 * the token endpoint issues (server/rules/sandbox-scopes.ts) and the ones the docs list, one rule.
 */
export function declaredScopes(document: unknown): string[] {
  const scopes = new Set<string>();
  for (const scheme of Object.values(securitySchemesOf(document))) {
    if (!isObject(scheme) || scheme.type !== 'oauth2' || !isObject(scheme.flows)) continue;
    const flow = scheme.flows.clientCredentials;
    if (isObject(flow) && isObject(flow.scopes)) for (const scope of Object.keys(flow.scopes)) scopes.add(scope);
  }
  return [...scopes];
}

/** RFC 6901 JSON pointer inside a URI fragment ("#/a/b~1c"). */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (ref === '#') return doc;
  if (!ref.startsWith('#/')) return undefined;
  let current: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current) && Object.hasOwn(current, token)) current = current[token];
    else return undefined;
  }
  return current;
}

/**
 * What the server needs to know about a build: every API with its visibility, owners and
 * environments, and where each build lives. Written beside the builds, never inside the
 * public one (it names owners and private environment URLs).
 */
export const MANIFEST_FILE = 'manifest.json';
export const PUBLIC_DIR = 'public';
export const PRIVATE_DIR = 'private';
export const SPECS_DIR = 'specs';

const manifestApiSchema = z.object({
  slug: z.string(),
  title: z.string(),
  version: z.string(),
  visibility: z.enum(VISIBILITIES),
  owners: z.array(z.string()),
  /** x-portal.owners_group: members of this staff provider group own the API (decision 026). */
  ownersGroup: z.string().optional(),
  audience: z.array(z.enum(AUDIENCES)),
  summary: z.string(),
  environments: z.array(z.object({ name: z.enum(ENVIRONMENTS), url: z.string(), auth: z.array(z.enum(AUTH_METHODS)) })),
  contacts: z.object({ support: z.string().optional(), team: z.string().optional(), url: z.string().optional() }),
  operationCount: z.number(),
  /** Spec file relative to the site folder, and its SHA-256. */
  specFile: z.string(),
  contentHash: z.string(),
  overviewPath: z.string(),
  docsPath: z.string(),
  /** Build folder relative to the manifest's folder: "public" or "private/<slug>". */
  buildDir: z.string(),
});

const manifestSchema = z.object({
  formatVersion: z.literal(1),
  builtAt: z.string(),
  /** hashBuildInputs() of what this build was made from. */
  inputsHash: z.string().optional(),
  publicDir: z.string(),
  apis: z.array(manifestApiSchema),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestApi = z.infer<typeof manifestApiSchema>;

export async function readManifest(file: string): Promise<Manifest> {
  return manifestSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

/** Every file under a build folder; a compressible one has `.gz` and `.br` siblings written at build time. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}
