import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { compile } from '@mdx-js/mdx';
import { DEFAULT_PARSE_FRONT_MATTER } from '@docusaurus/utils';
import remarkGfm from 'remark-gfm';
import { oneLine } from './page-writer.ts';

/**
 * A quick look at every generated page before any Docusaurus build starts: its front matter
 * parsed by the parser Docusaurus uses, its body compiled by the MDX compiler Docusaurus ships.
 * A page that fails here would have failed a build minutes later, among pages of stack trace.
 */

interface GeneratedPages {
  outputDir: string;
  /** File name → the operation or page it shows. */
  pages: Map<string, string>;
}

/** One line per page that would not build: `<operation>: <cause>`. */
export async function checkGeneratedPages(generated: GeneratedPages): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, label] of generated.pages) {
    const text = await readFile(path.join(generated.outputDir, name), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const problem = await checkPage(text);
    if (problem) problems.push(`${label}: ${problem} (${name})`);
  }
  return problems;
}

export async function checkPage(text: string): Promise<string | undefined> {
  let content: string;
  try {
    content = (await DEFAULT_PARSE_FRONT_MATTER({ filePath: 'page.mdx', fileContent: text })).content;
  } catch (error) {
    return `invalid front matter: ${oneLine(error)}`;
  }
  try {
    await compile(content, { remarkPlugins: [remarkGfm] });
    return undefined;
  } catch (error) {
    const place = error as { line?: number; column?: number; reason?: string };
    const offset = text.slice(0, text.length - content.length).split('\n').length - 1;
    const at = place.line ? ` at line ${place.line + offset}` : '';
    return `the page does not compile as MDX${at}: ${place.reason ?? oneLine(error)}`;
  }
}
