import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { pageFrontMatter, serializeFrontMatter, type PageItem } from './front-matter.ts';

/**
 * What Portico hands docusaurus-plugin-openapi-docs so that it writes pages we can trust: our
 * templates, whose front matter is one value we serialize (front-matter.ts) instead of its
 * `title: "{{{title}}}"` lines, and its own markdown generators wrapped so that a page that cannot
 * be generated is recorded with its operation instead of becoming an unhandled rejection.
 */

const require = createRequire(import.meta.url);
type Generate = (item: PageItem) => string;
const generators = require('docusaurus-plugin-openapi-docs/lib/markdown') as Record<
  'createApiPageMD' | 'createInfoPageMD' | 'createTagPageMD' | 'createSchemaPageMD',
  Generate
>;
const TEMPLATES = fileURLToPath(new URL('./templates/', import.meta.url));

interface PageRecord {
  /** Every page by file name (`list-things.api.mdx`) with the operation or page it shows. */
  pages: Map<string, string>;
  /** Pages the generator could not write: `<operation>: <cause>`. */
  failures: string[];
}

interface GeneratedItem extends PageItem {
  api?: PageItem['api'] & { path?: string; operationId?: string };
  tag?: { name?: string };
  porticoFrontMatter?: () => string;
}

export function pageWriterOptions(infoSlug: string): { options: Record<string, unknown>; record: PageRecord } {
  const record: PageRecord = { pages: new Map(), failures: [] };
  const wrap = (generate: Generate) => (item: GeneratedItem) => writePage(item, generate, infoSlug, record);
  return {
    record,
    options: {
      template: `${TEMPLATES}page.mustache`,
      tagTemplate: `${TEMPLATES}tag.mustache`,
      markdownGenerators: {
        createApiPageMD: wrap(generators.createApiPageMD),
        createInfoPageMD: wrap(generators.createInfoPageMD),
        createTagPageMD: wrap(generators.createTagPageMD),
        createSchemaPageMD: wrap(generators.createSchemaPageMD),
      },
    },
  };
}

function writePage(item: GeneratedItem, generate: Generate, infoSlug: string, record: PageRecord): string {
  const label = pageLabel(item);
  record.pages.set(`${item.id}.${item.type}.mdx`, label);
  let cached: string | undefined;
  // Mustache calls this at render time, once `json` and `infoPath` are set on the item.
  item.porticoFrontMatter = () => (cached ??= serializeFrontMatter(pageFrontMatter(item, infoSlug)));
  try {
    return generate(item);
  } catch (error) {
    record.failures.push(`${label}: ${oneLine(error)}`);
    return '';
  }
}

/** How a person finds the page in the spec: `GET /things (listThings)`, `tag "Things"`, `the info page`. */
function pageLabel(item: GeneratedItem): string {
  if (item.type === 'api') {
    const operationId = item.api?.operationId ? ` (${item.api.operationId})` : '';
    return `${String(item.api?.method ?? '').toUpperCase()} ${item.api?.path ?? item.id}${operationId}`;
  }
  if (item.type === 'tag') return `tag "${item.tag?.name ?? item.id}"`;
  return item.type === 'info' ? 'the info page' : `schema ${item.id}`;
}

export function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return (text.split('\n').find((line) => line.trim() !== '') ?? 'unknown error').trim().slice(0, 300);
}
