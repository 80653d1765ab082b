import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AUDIENCES, AUTH_METHODS, ENVIRONMENTS, VISIBILITIES } from '../spec/x-portal.ts';

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

export const manifestSchema = z.object({
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
