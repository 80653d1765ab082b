import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, isMap, isSeq, parseDocument, type Document } from 'yaml';
import { bundleSpecFolder } from './bundle-spec.ts';
import { conversionNote, convertSwagger2, isSwagger2 } from './convert-swagger.ts';
import { jsonTreeProblem, MAX_SPEC_DEPTH, parseJsonText } from './json-tree.ts';
import { countOperations } from './openapi-checks.ts';
import type { JsonObject } from '../contract.ts';
import { specProblem, type SpecProblem } from './problems.ts';
import { validateSpec } from './validate-spec.ts';
import type { XPortal } from './x-portal.ts';

/** One validated API: its parsed document and its x-portal metadata. */
export interface LoadedApi {
  slug: string;
  /** Absolute path of the spec file (of `openapi.yaml` in its folder for a multi-file spec). */
  file: string;
  /** The whole OpenAPI document: private for private APIs, never copied into public output. */
  document: JsonObject;
  portal: XPortal;
  title: string;
  version: string;
  openapiVersion: string;
  operationCount: number;
  /** SHA-256 of the file's bytes (every file of a multi-file spec): keys caches and tells the server what was built. */
  contentHash: string;
}

export interface LoadResult {
  apis: LoadedApi[];
  problems: SpecProblem[];
}

const SPEC_EXTENSIONS = ['.yaml', '.yml', '.json'];
/** The root file of a multi-file spec, `openapi/<slug>/openapi.yaml`, in this order of preference. */
const FOLDER_ROOTS = ['openapi.yaml', 'openapi.yml', 'openapi.json'];
const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/**
 * A spec bigger than this is almost certainly a mistake (a generated dump, a binary). Real specs
 * reach 20 MB (Microsoft Graph) and 47 MB (Graph beta); JSON ones are parsed with JSON.parse, so
 * even the limit costs seconds, not minutes.
 */
export const MAX_SPEC_BYTES = 64 * 1024 * 1024;
/** JSON specs up to this size get line numbers in their problems (found by re-reading them as YAML). */
const MAX_LOCATED_JSON_BYTES = 4 * 1024 * 1024;

export async function loadSpecs(openapiDir: string, displayBase = process.cwd()): Promise<LoadResult> {
  let names: string[];
  try {
    names = (await readdir(openapiDir)).sort();
  } catch {
    return {
      apis: [],
      problems: [specProblem(display(openapiDir, displayBase), [], `the folder does not exist or cannot be read`)],
    };
  }
  const apis: LoadedApi[] = [];
  const problems: SpecProblem[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const entry = path.join(openapiDir, name);
    const isFolder = (await stat(entry)).isDirectory();
    if (!isFolder && !SPEC_EXTENSIONS.includes(path.extname(name).toLowerCase())) continue;
    const result = isFolder ? await loadSpecFolder(entry, displayBase) : await loadSpec(entry, display(entry, displayBase));
    problems.push(...result.problems);
    if (result.api) apis.push(result.api);
  }
  if (apis.length === 0 && problems.length === 0) {
    problems.push(specProblem(display(openapiDir, displayBase), [], 'no OpenAPI files found (add <slug>.yaml files or <slug>/openapi.yaml folders)'));
  }
  return { apis, problems };
}

/** A multi-file spec: the folder is the slug, `openapi.yaml` (or `.json`) its root, its `$ref`s bundled (bundle-spec.ts). */
async function loadSpecFolder(folder: string, displayBase = process.cwd()): Promise<{ api?: LoadedApi; problems: SpecProblem[] }> {
  const shownFolder = display(folder, displayBase);
  const present = new Set(await readdir(folder));
  const rootName = FOLDER_ROOTS.find((name) => present.has(name));
  if (!rootName)
    return { problems: [specProblem(shownFolder, [], `a spec folder holds its root file as openapi.yaml, openapi.yml or openapi.json; none found`)] };
  const file = path.join(folder, rootName);
  const shownAs = display(file, displayBase);
  const slugProblem = checkSlug(path.basename(folder), shownFolder, 'folder');
  if (slugProblem) return { problems: [slugProblem] };
  const parsed = parseSource((await readFile(file)).toString('utf8'), shownAs);
  if ('problems' in parsed) return parsed;
  const bundled = await bundleSpecFolder(file, (shown) => display(shown, displayBase), MAX_SPEC_BYTES);
  if ('problems' in bundled) return bundled;
  const hash = createHash('sha256');
  for (const entry of bundled.files)
    hash
      .update(`${path.relative(folder, entry.file)}\n`)
      .update(entry.bytes)
      .update('\n');
  return checkSpec({ slug: path.basename(folder), file, shownAs, doc: bundled.document, locate: parsed.locate, contentHash: hash.digest('hex') });
}

export async function loadSpec(file: string, shownAs = file): Promise<{ api?: LoadedApi; problems: SpecProblem[] }> {
  const slug = path.basename(file, path.extname(file));
  const slugProblem = checkSlug(slug, shownAs, 'file');
  if (slugProblem) return { problems: [slugProblem] };
  const { size } = await stat(file);
  if (size > MAX_SPEC_BYTES) {
    return { problems: [specProblem(shownAs, [], `the file is ${size} bytes; the limit is ${MAX_SPEC_BYTES} bytes`)] };
  }
  const bytes = await readFile(file);
  const parsed = parseSource(bytes.toString('utf8'), shownAs);
  if ('problems' in parsed) return parsed;
  return checkSpec({ slug, file, shownAs, doc: parsed.doc, locate: parsed.locate, contentHash: createHash('sha256').update(bytes).digest('hex') });
}

function checkSlug(slug: string, shownAs: string, kind: 'file' | 'folder'): SpecProblem | undefined {
  if (SLUG_PATTERN.test(slug)) return undefined;
  return specProblem(shownAs, [], `the ${kind} name "${slug}" is not a valid API slug: use lowercase letters, digits and "-" (it becomes the URL)`);
}

interface ReadSpec {
  slug: string;
  file: string;
  shownAs: string;
  doc: unknown;
  /** Lines in the root file; after a conversion, paths that survive it (x-portal, info, paths) still find theirs. */
  locate: Locate;
  contentHash: string;
}

/** Swagger 2.0 converted (with a note), then OpenAPI's structure and the x-portal block checked. */
async function checkSpec(read: ReadSpec): Promise<{ api?: LoadedApi; problems: SpecProblem[] }> {
  const { shownAs, locate } = read;
  const notes: SpecProblem[] = [];
  let doc = read.doc;
  if (isSwagger2(doc)) {
    const converted = await convertSwagger2(doc);
    if ('error' in converted)
      return { problems: [specProblem(shownAs, [], `Swagger 2.0 that swagger2openapi cannot convert to OpenAPI 3: ${converted.error}`, locate([]))] };
    doc = converted.document;
    notes.push({ ...specProblem(shownAs, [], conversionNote(shownAs)), severity: 'warning' });
  }
  const checked = validateSpec(doc, shownAs, locate);
  if (!checked.spec) return { problems: checked.problems };
  const { document, portal } = checked.spec;
  const info = document.info as JsonObject;
  return {
    api: {
      slug: read.slug,
      file: read.file,
      document,
      portal,
      title: String(info.title).trim(),
      version: String(info.version).trim(),
      openapiVersion: String(document.openapi),
      operationCount: countOperations(document),
      contentHash: read.contentHash,
    },
    problems: [...notes, ...checked.problems],
  };
}

type Locate = (at: ReadonlyArray<string | number>) => { line: number; column: number } | undefined;

/**
 * JSON specs (the largest, generated ones) skip the YAML parser, some 30 times slower on 20 MB;
 * their lines are found with it only when a problem needs one.
 */
function parseSource(text: string, shownAs: string): { doc: unknown; locate: Locate } | { problems: SpecProblem[] } {
  const json = parseJsonText(text);
  if (json === undefined) return parseYamlSource(text, shownAs);
  const treeProblem = jsonTreeProblem(json.doc);
  if (treeProblem) return { problems: [specProblem(shownAs, [], `cannot be read: ${treeProblem}`)] };
  let yaml: ReturnType<typeof parseYamlSource> | undefined;
  const locate: Locate = (at) => {
    // Beyond this the YAML parser costs seconds and gigabytes for a line number; the JSON path says where.
    if (text.length > MAX_LOCATED_JSON_BYTES) return undefined;
    yaml ??= parseYamlSource(text, shownAs);
    return 'locate' in yaml ? yaml.locate(at) : undefined;
  };
  return { doc: json.doc, locate };
}

function parseYamlSource(text: string, shownAs: string): { doc: unknown; locate: Locate } | { problems: SpecProblem[] } {
  const lineCounter = new LineCounter();
  let yamlDoc: Document.Parsed;
  try {
    // resolveKnownTags: false keeps !!binary, !!set, !!timestamp… as plain text and lists:
    // OpenAPI limits YAML to what JSON can hold (no Buffer, Set, Date or Map in a spec).
    yamlDoc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, resolveKnownTags: false });
  } catch (error) {
    return { problems: [specProblem(shownAs, [], `cannot be read as YAML or JSON: ${readable((error as Error).message)}`)] };
  }
  if (yamlDoc.errors.length > 0) {
    return {
      problems: yamlDoc.errors.slice(0, 5).map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        const message = readable(error.message.split('\n')[0] ?? error.message);
        return specProblem(shownAs, [], `invalid YAML/JSON: ${message}`, { line: position.line, column: position.col });
      }),
    };
  }
  let doc: unknown;
  try {
    doc = yamlDoc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { problems: [specProblem(shownAs, [], `cannot be read: ${readable((error as Error).message)}`)] };
  }
  const treeProblem = jsonTreeProblem(doc);
  if (treeProblem) return { problems: [specProblem(shownAs, [], `cannot be read: ${treeProblem}`)] };
  const locate: Locate = (at) => {
    for (let depth = at.length; depth >= 0; depth--) {
      const node = yamlDoc.getIn(at.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      const offset = node && (isMap(node) || isSeq(node) || 'range' in node) ? node.range?.[0] : undefined;
      if (offset !== undefined) {
        const position = lineCounter.linePos(offset);
        return { line: position.line, column: position.col };
      }
    }
    return undefined;
  };
  return { doc, locate };
}

/** The YAML parser recurses: a deeply nested file exhausts its stack before our depth check. */
function readable(message: string): string {
  return /Maximum call stack size exceeded/.test(message) ? `the document is nested more than ${MAX_SPEC_DEPTH} levels deep` : message;
}

function display(file: string, base: string): string {
  const relative = path.relative(base, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
