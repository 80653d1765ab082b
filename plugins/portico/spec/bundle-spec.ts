import { lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { BaseResolver, Source, bundle, createConfig } from '@redocly/openapi-core';
import { LineCounter, isScalar, parseDocument, visit, type Document } from 'yaml';
import { formatJsonPath, type SpecProblem } from './problems.ts';

/**
 * A multi-file spec: `openapi/<slug>/openapi.yaml` and the files its relative `$ref`s name,
 * bundled into one document with Redocly's bundler. Every `$ref` is checked first, in every
 * file, and refused when it could read anything outside the folder: a URL (the build fetches
 * nothing), an absolute path, `../` out of the folder, a symbolic link out of it. The bundler
 * then reads only the files this check approved.
 */

interface BundledSpec {
  document: unknown;
  /** Every file read, root first, with its bytes: the content hash covers them all. */
  files: Array<{ file: string; bytes: Buffer }>;
}

interface RefSite {
  ref: string;
  line: number;
  column: number;
  at: Array<string | number>;
}

type Show = (file: string) => string;

export async function bundleSpecFolder(root: string, show: Show, maxBytes: number): Promise<BundledSpec | { problems: SpecProblem[] }> {
  // Absolute: the bundler asks for files by absolute path.
  const rootFile = path.resolve(root);
  const folder = await realpath(path.dirname(rootFile));
  const files: BundledSpec['files'] = [];
  const problems: SpecProblem[] = [];
  const queue = [rootFile];
  const seen = new Set(queue);
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const bytes = await readFile(file);
    files.push({ file, bytes });
    const total = files.reduce((sum, entry) => sum + entry.bytes.length, 0);
    if (total > maxBytes) return { problems: [problemAt(show(rootFile), [], `the spec's files are ${total} bytes together; the limit is ${maxBytes} bytes`)] };
    const sites = refSites(bytes.toString('utf8'));
    if ('error' in sites) {
      problems.push(problemAt(show(file), [], `invalid YAML/JSON: ${sites.error.message}`, sites.error));
      continue;
    }
    for (const site of sites) {
      const target = await checkRef(site.ref, file, folder, show(path.dirname(rootFile)));
      if ('refused' in target) problems.push(problemAt(show(file), [...site.at, '$ref'], target.refused, site));
      else if (target.file && !seen.has(target.file)) {
        seen.add(target.file);
        queue.push(target.file);
      }
    }
  }
  if (problems.length > 0) return { problems };
  return runBundler(rootFile, files, show);
}

/** Every `$ref` whose value is a string (a property *named* `$ref` holds a schema, not a string). */
function refSites(text: string): RefSite[] | { error: { message: string; line: number; column: number } } {
  const lineCounter = new LineCounter();
  const doc: Document.Parsed = parseDocument(text, { lineCounter, prettyErrors: false, resolveKnownTags: false });
  const first = doc.errors[0];
  if (first) {
    const position = lineCounter.linePos(first.pos[0]);
    return { error: { message: first.message.split('\n')[0] ?? first.message, line: position.line, column: position.col } };
  }
  const sites: RefSite[] = [];
  visit(doc, {
    Pair(_key, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.value !== '$ref' || !isScalar(pair.value) || typeof pair.value.value !== 'string') return;
      const position = lineCounter.linePos(pair.value.range?.[0] ?? 0);
      sites.push({ ref: pair.value.value, line: position.line, column: position.col, at: pathOf(ancestors) });
    },
  });
  return sites;
}

/** The JSON path of a node from the ancestors `visit` hands over (pairs give the keys, sequences the indexes). */
function pathOf(ancestors: readonly unknown[]): Array<string | number> {
  const at: Array<string | number> = [];
  ancestors.forEach((node, index) => {
    const child = ancestors[index + 1];
    if (node && typeof node === 'object' && 'key' in node && 'value' in node) {
      const key = (node as { key: unknown }).key;
      at.push(isScalar(key) ? String(key.value) : String(key));
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items) && child) {
      const items = (node as { items: unknown[] }).items;
      if (!items.some((item) => item && typeof item === 'object' && 'key' in item)) at.push(items.indexOf(child));
    }
  });
  return at;
}

/** Where a `$ref` leads: nowhere new (`#…`), an approved file in the folder, or a refusal saying why. */
async function checkRef(ref: string, fromFile: string, folder: string, shownFolder: string): Promise<{ file?: string } | { refused: string }> {
  const filePart = ref.split('#')[0] ?? '';
  if (filePart === '') return {};
  const rule = `a spec's $refs must name files inside its folder ${shownFolder}`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(filePart)) return { refused: `remote $ref "${ref}" refused: ${rule} (the build fetches nothing from the network)` };
  let decoded: string;
  try {
    decoded = decodeURIComponent(filePart);
  } catch {
    return { refused: `$ref "${ref}" is not a valid URI reference` };
  }
  if (path.isAbsolute(decoded) || decoded.startsWith('\\')) return { refused: `$ref "${ref}" is an absolute path: ${rule}, relative to the file` };
  const target = path.resolve(path.dirname(fromFile), decoded);
  const realDir = await realpath(path.dirname(fromFile)).catch(() => path.dirname(fromFile));
  if (!isInside(folder, path.resolve(realDir, decoded))) return { refused: `$ref "${ref}" leaves the folder ${shownFolder}: ${rule}` };
  const stats = await lstat(target).catch(() => undefined);
  if (!stats) return { refused: `$ref "${ref}": no such file in ${shownFolder}` };
  const real = await realpath(target).catch(() => target);
  if (!isInside(folder, real)) return { refused: `$ref "${ref}" is a symbolic link out of the folder ${shownFolder}: ${rule}` };
  if (!(await lstat(real)).isFile()) return { refused: `$ref "${ref}" is not a file` };
  return { file: target };
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** A resolver that reads only the approved files, from the bytes already read: no second look at the disk or the network. */
class ApprovedFilesResolver extends BaseResolver {
  constructor(private readonly approved: Map<string, string>) {
    super({ http: { headers: [] } });
  }

  override async loadExternalRef(absoluteRef: string) {
    const body = this.approved.get(absoluteRef);
    if (body === undefined) throw new Error(`${absoluteRef} was not approved for reading`);
    return new Source(absoluteRef, body);
  }
}

async function runBundler(rootFile: string, files: BundledSpec['files'], show: Show): Promise<BundledSpec | { problems: SpecProblem[] }> {
  const approved = new Map(files.map((entry) => [entry.file, entry.bytes.toString('utf8')]));
  try {
    const result = await bundle({
      ref: rootFile,
      config: await createConfig({}),
      externalRefResolver: new ApprovedFilesResolver(approved),
      dereference: false,
    });
    const unresolved = result.problems.filter((problem) => problem.severity === 'error');
    if (unresolved.length > 0) {
      return {
        problems: unresolved.slice(0, 20).map((problem) => {
          const location = problem.location[0];
          const file = location?.source.absoluteRef ?? rootFile;
          return problemAt(show(file), [], problem.message.split('\n')[0] ?? problem.message);
        }),
      };
    }
    return { document: result.bundle.parsed, files };
  } catch (error) {
    return { problems: [problemAt(show(rootFile), [], `cannot be bundled: ${String((error as Error).message).split('\n')[0]}`)] };
  }
}

function problemAt(file: string, at: Array<string | number>, message: string, location?: { line: number; column: number }): SpecProblem {
  return { file, path: formatJsonPath(at), message, severity: 'error', line: location?.line, column: location?.column };
}
