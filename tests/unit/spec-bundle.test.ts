import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSpecs } from '../../plugins/portico/spec/load-specs.ts';
import { formatProblem } from '../../plugins/portico/spec/problems.ts';

/** openapi/<slug>/openapi.yaml with relative $refs to files in that folder (issue 14, item 2). */
const ROOT = `openapi: 3.0.3
info: { title: Pets, version: "1.0" }
paths:
  /pets:
    get:
      operationId: listPets
      summary: List pets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: './components/pet.yaml' }
x-portal:
  visibility: public
  owners: [pets-api@insurer.example]
  audience: [partners]
  environments:
    sandbox: { url: https://sandbox.insurer.example/pets, auth: [client_secret] }
`;
const PET = `type: object
properties:
  name: { type: string, description: the pet's name }
  owner: { $ref: './owner.yaml' }
`;
const OWNER = `type: object
properties:
  id: { type: integer }
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portico-bundle-'));
  await mkdir(path.join(dir, 'openapi', 'pets', 'components'), { recursive: true });
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function writeSpec(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, 'openapi', 'pets', name)), { recursive: true });
    await writeFile(path.join(dir, 'openapi', 'pets', name), text);
  }
}

async function load() {
  const result = await loadSpecs(path.join(dir, 'openapi'), dir);
  return { ...result, errors: result.problems.filter((problem) => problem.severity === 'error').map(formatProblem) };
}

describe('multi-file specs: a folder per API', () => {
  it('bundles relative $refs (also from a referenced file, relative to it) into one document; the folder name is the slug', async () => {
    await writeSpec({ 'openapi.yaml': ROOT, 'components/pet.yaml': PET, 'components/owner.yaml': OWNER });
    const { apis, errors } = await load();
    expect(errors).toEqual([]);
    expect(apis).toHaveLength(1);
    const api = apis[0];
    expect(api?.slug).toBe('pets');
    expect(api?.file).toBe(path.join(dir, 'openapi', 'pets', 'openapi.yaml'));
    const text = JSON.stringify(api?.document);
    expect(text).toContain("the pet's name");
    // Every $ref left is local: the generator and the sandbox read one document.
    for (const ref of text.match(/"\$ref":"[^"]*"/g) ?? []) expect(ref).toMatch(/"\$ref":"#\//);
  });

  it('reads openapi.json as the root too', async () => {
    const { parse } = await import('yaml');
    await writeSpec({ 'openapi.json': JSON.stringify(parse(ROOT)), 'components/pet.yaml': PET, 'components/owner.yaml': OWNER });
    const { apis, errors } = await load();
    expect(errors).toEqual([]);
    expect(apis[0]?.slug).toBe('pets');
  });

  it('the content hash covers the referenced files: editing one changes it', async () => {
    await writeSpec({ 'openapi.yaml': ROOT, 'components/pet.yaml': PET, 'components/owner.yaml': OWNER });
    const before = (await load()).apis[0]?.contentHash;
    await writeSpec({ 'components/owner.yaml': OWNER.replace('integer', 'string') });
    const after = (await load()).apis[0]?.contentHash;
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(before);
  });

  it('a folder without openapi.yaml or openapi.json is reported', async () => {
    await writeSpec({ 'components/pet.yaml': PET });
    const { errors } = await load();
    expect(errors.join('\n')).toMatch(/openapi\/pets: error: .*openapi\.yaml/);
  });
});

describe('multi-file specs: refs that leave the folder are refused with the file and line of the $ref', () => {
  it('a remote (http) $ref', async () => {
    await writeSpec({
      'openapi.yaml': ROOT,
      'components/pet.yaml': PET,
      'components/owner.yaml': `type: object\nproperties:\n  tag: { $ref: 'https://schemas.example/tag.yaml' }\n`,
    });
    const { apis, errors } = await load();
    expect(apis).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^openapi\/pets\/components\/owner\.yaml:3:\d+ at properties\.tag\.\$ref: error: .*remote \$ref "https:\/\/schemas\.example\/tag\.yaml"/,
    );
  });

  it('a $ref up and out of the folder (../)', async () => {
    await writeFile(path.join(dir, 'shared.yaml'), OWNER);
    await writeSpec({ 'openapi.yaml': ROOT, 'components/pet.yaml': PET.replace('./owner.yaml', '../../../shared.yaml') });
    const { errors } = await load();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^openapi\/pets\/components\/pet\.yaml:4:\d+ at properties\.owner\.\$ref: error: .*"\.\.\/\.\.\/\.\.\/shared\.yaml" leaves the folder openapi\/pets/,
    );
  });

  it('an absolute path', async () => {
    await writeSpec({ 'openapi.yaml': ROOT.replace('./components/pet.yaml', '/etc/passwd') });
    const { errors } = await load();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^openapi\/pets\/openapi\.yaml:13:\d+ .*error: .*"\/etc\/passwd".*absolute/);
  });

  it('a symlink that points out of the folder', async () => {
    const outside = path.join(dir, 'outside.yaml');
    await writeFile(outside, OWNER);
    await writeSpec({ 'openapi.yaml': ROOT, 'components/pet.yaml': PET });
    await symlink(outside, path.join(dir, 'openapi', 'pets', 'components', 'owner.yaml'));
    const { errors } = await load();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^openapi\/pets\/components\/pet\.yaml:4:\d+ .*error: .*symbolic link.*out of the folder/);
  });

  it('a referenced file that does not exist', async () => {
    await writeSpec({ 'openapi.yaml': ROOT, 'components/pet.yaml': PET });
    const { errors } = await load();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^openapi\/pets\/components\/pet\.yaml:4:\d+ .*error: .*"\.\/owner\.yaml".*no such file/);
  });

  it('invalid YAML in a referenced file is reported in that file, with its line', async () => {
    await writeSpec({ 'openapi.yaml': ROOT, 'components/pet.yaml': PET, 'components/owner.yaml': 'type: object\nproperties: [\n' });
    const { errors } = await load();
    expect(errors[0]).toMatch(/^openapi\/pets\/components\/owner\.yaml:\d+:\d+: error: invalid YAML/);
  });
});
