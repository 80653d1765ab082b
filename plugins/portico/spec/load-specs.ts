import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, isMap, isSeq, parseDocument, type Document } from 'yaml';
import { jsonTreeProblem, MAX_SPEC_DEPTH } from './json-tree.ts';
import { countOperations, isObject, type JsonObject } from './openapi-checks.ts';
import { formatJsonPath, type SpecProblem } from './problems.ts';
import { validateSpec } from './validate-spec.ts';
import type { XPortal } from './x-portal.ts';

/** One validated API: its parsed document and its x-portal metadata. */
export interface LoadedApi {
  slug: string;
  /** Absolute path of the spec file. */
  file: string;
  /** The whole OpenAPI document: private for private APIs, never copied into public output. */
  document: JsonObject;
  portal: XPortal;
  title: string;
  version: string;
  openapiVersion: string;
  operationCount: number;
  /** SHA-256 of the file's bytes: keys caches and tells the server what was built. */
  contentHash: string;
}

export interface LoadResult {
  apis: LoadedApi[];
  problems: SpecProblem[];
}

const SPEC_EXTENSIONS = ['.yaml', '.yml', '.json'];
const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** A spec bigger than this is almost certainly a mistake (a generated dump, a binary). */
export const MAX_SPEC_BYTES = 10 * 1024 * 1024;

export async function loadSpecs(openapiDir: string, displayBase = process.cwd()): Promise<LoadResult> {
  let names: string[];
  try {
    names = (await readdir(openapiDir)).sort();
  } catch {
    return {
      apis: [],
      problems: [problem(display(openapiDir, displayBase), [], `the folder does not exist or cannot be read`)],
    };
  }
  const apis: LoadedApi[] = [];
  const problems: SpecProblem[] = [];
  for (const name of names) {
    const extension = path.extname(name).toLowerCase();
    if (!SPEC_EXTENSIONS.includes(extension) || name.startsWith('.')) continue;
    const file = path.join(openapiDir, name);
    const result = await loadSpec(file, display(file, displayBase));
    problems.push(...result.problems);
    if (result.api) apis.push(result.api);
  }
  if (apis.length === 0 && problems.length === 0) {
    problems.push(problem(display(openapiDir, displayBase), [], 'no OpenAPI files found (add <slug>.yaml files)'));
  }
  return { apis, problems };
}

export async function loadSpec(file: string, shownAs = file): Promise<{ api?: LoadedApi; problems: SpecProblem[] }> {
  const slug = path.basename(file, path.extname(file));
  if (!SLUG_PATTERN.test(slug)) {
    return {
      problems: [
        problem(shownAs, [], `the file name "${slug}" is not a valid API slug: use lowercase letters, digits and "-" (it becomes the URL)`),
      ],
    };
  }
  const { size } = await stat(file);
  if (size > MAX_SPEC_BYTES) {
    return { problems: [problem(shownAs, [], `the file is ${size} bytes; the limit is ${MAX_SPEC_BYTES} bytes`)] };
  }
  const bytes = await readFile(file);
  const parsed = parseSource(bytes.toString('utf8'), shownAs);
  if ('problems' in parsed) return parsed;
  const { doc, locate } = parsed;

  const checked = validateSpec(doc, shownAs, locate);
  if (!checked.spec) return { problems: checked.problems };
  const { document, portal } = checked.spec;
  const info = document.info as JsonObject;
  return {
    api: {
      slug,
      file,
      document,
      portal,
      title: String(info.title).trim(),
      version: String(info.version).trim(),
      openapiVersion: String(document.openapi),
      operationCount: countOperations(document),
      contentHash: createHash('sha256').update(bytes).digest('hex'),
    },
    problems: checked.problems,
  };
}

type Locate = (at: ReadonlyArray<string | number>) => { line: number; column: number } | undefined;

function parseSource(text: string, shownAs: string): { doc: unknown; locate: Locate } | { problems: SpecProblem[] } {
  const lineCounter = new LineCounter();
  let yamlDoc: Document.Parsed;
  try {
    // resolveKnownTags: false keeps !!binary, !!set, !!timestamp… as plain text and lists:
    // OpenAPI limits YAML to what JSON can hold (no Buffer, Set, Date or Map in a spec).
    yamlDoc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, resolveKnownTags: false });
  } catch (error) {
    return { problems: [problem(shownAs, [], `cannot be read as YAML or JSON: ${readable((error as Error).message)}`)] };
  }
  if (yamlDoc.errors.length > 0) {
    return {
      problems: yamlDoc.errors.slice(0, 5).map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        const message = readable(error.message.split('\n')[0] ?? error.message);
        return problem(shownAs, [], `invalid YAML/JSON: ${message}`, { line: position.line, column: position.col });
      }),
    };
  }
  let doc: unknown;
  try {
    doc = yamlDoc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { problems: [problem(shownAs, [], `cannot be read: ${readable((error as Error).message)}`)] };
  }
  const treeProblem = jsonTreeProblem(doc);
  if (treeProblem) return { problems: [problem(shownAs, [], `cannot be read: ${treeProblem}`)] };
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

function problem(
  file: string,
  at: ReadonlyArray<string | number>,
  message: string,
  location?: { line: number; column: number },
): SpecProblem {
  return { file, path: formatJsonPath(at), message, severity: 'error', line: location?.line, column: location?.column };
}

function display(file: string, base: string): string {
  const relative = path.relative(base, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export { isObject };
