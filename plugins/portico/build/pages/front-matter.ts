import { stringify } from 'yaml';

/**
 * Front matter by construction: a YAML serializer writes every value, so no spec text (a `\-`
 * from Jira, a quote, a newline, `---`) can end a string or the block early. Strings are always
 * double-quoted with JSON escapes: Docusaurus reads front matter with js-yaml's older schema,
 * where an unquoted `2024-01-01` is a date and `yes` may be a boolean.
 */
export function serializeFrontMatter(fields: Record<string, unknown>): string {
  const body = stringify(fields, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', doubleQuotedAsJSON: true, lineWidth: 0 });
  return `---\n${escapeUnprintable(body)}---\n`;
}

/**
 * js-yaml refuses a document holding C1 controls, U+FFFE/U+FFFF or lone surrogates even inside
 * quotes; JSON escapes leave some of them raw. Inside a double-quoted string `\uXXXX` is the same text.
 */
function escapeUnprintable(yaml: string): string {
  return yaml.replace(
    /[\u007f-\u009f\ufeff\ufffe\uffff\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** What the generator knows about a page when it renders it (docusaurus-plugin-openapi-docs' ApiMetadata). */
export interface PageItem {
  type: 'api' | 'info' | 'tag' | 'schema';
  id: string;
  title?: string;
  frontMatter?: { description?: string };
  api?: { method?: string; deprecated?: boolean };
  /** Set by the generator before rendering: the compressed operation (base64) and the info page's path. */
  json?: string;
  infoPath?: string;
}

/** The fields the generator's own templates write for each kind of page, plus the info page's slug. */
export function pageFrontMatter(item: PageItem, infoSlug: string): Record<string, unknown> {
  const title = item.title ?? '';
  const description = item.frontMatter?.description ?? '';
  if (item.type === 'tag') return { id: item.id, title: description, description, custom_edit_url: null };
  if (item.type === 'info') {
    return { id: item.id, slug: infoSlug, title, description, sidebar_label: 'Introduction', sidebar_position: 0, hide_title: true, custom_edit_url: null };
  }
  const method = item.api?.method ?? '';
  return {
    id: item.id,
    title,
    description,
    sidebar_label: title,
    hide_title: true,
    hide_table_of_contents: true,
    ...(item.json ? { api: item.json } : {}),
    ...(method ? { sidebar_class_name: `${method} api-method${item.api?.deprecated ? ' menu__list-item--deprecated' : ''}` } : {}),
    ...(item.infoPath ? { info_path: item.infoPath } : {}),
    custom_edit_url: null,
  };
}
