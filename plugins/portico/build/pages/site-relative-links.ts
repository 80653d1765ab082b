import { fromMarkdown } from 'mdast-util-from-markdown';

/**
 * Spec text written for the provider's own site links to `/compute/docs/...`: in the portal such
 * a link leads nowhere, and Docusaurus's broken-link check would stop the build. Each is resolved
 * against the spec's `externalDocs.url` (else the host of `info.termsOfService` or
 * `info.contact.url`); without one, the link becomes its text and the build warns, naming the
 * operation. Examples, defaults and other data are left exactly as written.
 */

const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const', 'x-portal', 'x-codeSamples', 'x-code-samples', 'servers']);
const OPERATIONS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

interface Json {
  [key: string]: unknown;
}

export function resolveSiteRelativeLinks(document: Json): { document: Json; warnings: string[] } {
  const base = baseUrlOf(document);
  const warnings: string[] = [];
  const visit = (node: unknown, at: string[]): unknown => {
    if (Array.isArray(node)) return node.map((item) => visit(item, at));
    if (!node || typeof node !== 'object') return node;
    const entries = Object.entries(node as Json).map(([key, value]) => {
      if (DATA_KEYS.has(key)) return [key, value];
      if (key !== 'description' || typeof value !== 'string') return [key, visit(value, [...at, key])];
      const rewritten = rewriteSiteRelativeLinks(value, base);
      if (!base)
        for (const link of rewritten.links)
          warnings.push(
            `${placeOf(document, at)}: the link "${link}" leads nowhere in the portal and the spec has no externalDocs.url or info URL to resolve it against; shown as text`,
          );
      return [key, rewritten.text];
    });
    return Object.fromEntries(entries);
  };
  return { document: visit(document, []) as Json, warnings };
}

/** `externalDocs.url`, else the origin of `info.termsOfService` or `info.contact.url` (http(s) only). */
export function baseUrlOf(document: Json): string | undefined {
  const info = (document.info ?? {}) as { termsOfService?: unknown; contact?: { url?: unknown } };
  const externalDocs = (document.externalDocs ?? {}) as { url?: unknown };
  const candidates: Array<[unknown, boolean]> = [
    [externalDocs.url, false],
    [info.termsOfService, true],
    [info.contact?.url, true],
  ];
  for (const [candidate, hostOnly] of candidates) {
    if (typeof candidate !== 'string' || !URL.canParse(candidate)) continue;
    const url = new URL(candidate);
    if (url.protocol === 'https:' || url.protocol === 'http:') return hostOnly ? `${url.origin}/` : url.href;
  }
  return undefined;
}

/** An operation as a person finds it (`GET /instances (listInstances)`), else the JSON path. */
function placeOf(document: Json, at: string[]): string {
  const [root, route, method] = at;
  if ((root === 'paths' || root === 'webhooks') && route && method && OPERATIONS.has(method)) {
    const operation = ((document[root] as Json)[route] as Json)[method] as { operationId?: unknown };
    return `${method.toUpperCase()} ${route}${typeof operation.operationId === 'string' ? ` (${operation.operationId})` : ''}`;
  }
  return at.join('.') || 'the document';
}

/** Links and definitions whose destination is neither absolute, protocol-relative nor an anchor. */
function leadsNowhere(url: string): boolean {
  return url !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('//') && !url.startsWith('#');
}

/** Markdown links in `text` resolved against `base`, or unlinked; `links` lists the destinations touched. */
export function rewriteSiteRelativeLinks(text: string, base: string | undefined): { text: string; links: string[] } {
  if (!/\]\(|\]:/.test(text)) return { text, links: [] };
  const edits: Array<{ start: number; end: number; replacement: string }> = [];
  const links: string[] = [];
  const walk = (node: MdNode): void => {
    if ((node.type === 'link' || node.type === 'definition') && node.url !== undefined && leadsNowhere(node.url) && node.position) {
      const edit = editFor(text, node, base);
      if (edit) {
        edits.push(edit);
        links.push(node.url);
      }
    }
    for (const child of node.children ?? []) walk(child);
  };
  walk(fromMarkdown(text) as MdNode);
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.replacement + out.slice(edit.end);
  return { text: out, links };
}

interface MdNode {
  type: string;
  url?: string;
  children?: MdNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

function editFor(text: string, node: MdNode, base: string | undefined): { start: number; end: number; replacement: string } | undefined {
  const start = node.position?.start.offset ?? 0;
  const end = node.position?.end.offset ?? 0;
  const source = text.slice(start, end);
  if (!base) {
    if (node.type === 'definition') return undefined;
    const first = node.children?.[0]?.position?.start.offset;
    const last = node.children?.at(-1)?.position?.end.offset;
    return { start, end, replacement: first !== undefined && last !== undefined ? text.slice(first, last) : '' };
  }
  const resolved = new URL(node.url as string, base).href.replace(/[()\s<>]/g, (char) => encodeURIComponent(char));
  const marker = node.type === 'definition' ? source.indexOf(']:') + 2 : source.lastIndexOf('](') + 2;
  // The destination as written: `<…>`, or a run without spaces or parentheses (all the links this rewrites).
  const found = /^\s*(<[^>]*>|[^\s)]+)/.exec(source.slice(marker));
  if (marker < 2 || !found || found[1] === undefined) return undefined;
  const from = start + marker + found[0].length - found[1].length;
  return { start: from, end: from + found[1].length, replacement: resolved };
}
