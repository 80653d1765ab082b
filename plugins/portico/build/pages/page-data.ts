import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The generator writes each schema, parameter list and response map as a JSON expression inside
 * a JSX attribute (`body={{…}}`). MDX parses such expressions in quadratic time: a 16 KB one takes
 * seconds, a 64 KB one minutes (measured, bench/README.md), and real specs have many. So every
 * large attribute moves into a JSON module beside the page, which the page imports by name: the
 * MDX stays small, Rspack reads the JSON as JSON, and the components get the same values.
 */

/** Smaller attributes stay inline: a page without large data keeps no extra file. */
const INLINE_LIMIT = 256;
/** `  body={…}` on a line of its own: how the generator writes every JSX attribute. */
const ATTRIBUTE_LINE = /^(\s+)([A-Za-z_][\w]*)=\{(.*)\}$/;
const FRONT_MATTER_END = /^---\r?\n[\s\S]*?\r?\n---\r?\n/;
const DATA_NAME = 'pageData';

interface SplitPage {
  mdx: string;
  /** The values moved out, or undefined when nothing was large enough to move. */
  data?: Record<string, unknown>;
}

/** Pure: the page with its large attributes replaced by `pageData.pN`, and those values. */
export function splitPageData(mdx: string, dataFileName: string): SplitPage {
  const data: Record<string, unknown> = {};
  let count = 0;
  const lines = mdx.split('\n').map((line) => {
    const match = line.length > INLINE_LIMIT ? ATTRIBUTE_LINE.exec(line) : null;
    if (!match) return line;
    const value = parseJson(match[3] ?? '');
    if (value === undefined) return line;
    const key = `p${count++}`;
    data[key] = value;
    return `${match[1] ?? ''}${match[2] ?? ''}={${DATA_NAME}.${key}}`;
  });
  if (count === 0) return { mdx };
  const body = lines.join('\n');
  const frontMatter = FRONT_MATTER_END.exec(body)?.[0] ?? '';
  const importLine = `import ${DATA_NAME} from ${JSON.stringify(`./${dataFileName}`)};\n\n`;
  return { mdx: `${frontMatter}\n${importLine}${body.slice(frontMatter.length).replace(/^\n+/, '')}`, data };
}

/** Splits every generated page of a folder in place (`x.api.mdx` → `x.api.mdx` + `x.api.data.json`). */
export async function externalizePageData(outputDir: string, pageFiles: Iterable<string>): Promise<void> {
  for (const name of pageFiles) {
    const file = path.join(outputDir, name);
    const mdx = await readFile(file, 'utf8').catch(() => undefined);
    if (mdx === undefined) continue;
    const dataFileName = `${name.replace(/\.mdx$/, '')}.data.json`;
    const split = splitPageData(mdx, dataFileName);
    if (!split.data) continue;
    await writeFile(path.join(outputDir, dataFileName), JSON.stringify(split.data));
    await writeFile(file, split.mdx);
  }
}

/** The generator's attributes are JSON.stringify output; anything else is left as written. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
