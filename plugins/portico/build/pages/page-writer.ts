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

/** What the info page's "Sandbox access" section names: the API and its spec's client-credentials scopes. */
export interface SandboxSection {
  slug: string;
  scopes: string[];
}

export function pageWriterOptions(infoSlug: string, sandbox?: SandboxSection): { options: Record<string, unknown>; record: PageRecord } {
  const record: PageRecord = { pages: new Map(), failures: [] };
  const wrap = (generate: Generate) => (item: GeneratedItem) => {
    const page = writePage(item, generate, infoSlug, record);
    return item.type === 'info' && sandbox && page ? `${page}\n\n${sandboxSection(sandbox)}` : page;
  };
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

/**
 * The API's first page says how to reach its sandbox (issue 18 item 4): the component reads the
 * token URL, the mTLS alias and the token lifetime from the running server's metadata
 * (theme/PorticoSandboxAccess); the scopes are the spec's. Values as JSON: MDX reads them as
 * expressions, never as markup.
 */
function sandboxSection({ slug, scopes }: SandboxSection): string {
  return `import PorticoSandboxAccess from "@theme/PorticoSandboxAccess";

<PorticoSandboxAccess slug={${JSON.stringify(slug)}} scopes={${JSON.stringify(scopes)}} />
`;
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
