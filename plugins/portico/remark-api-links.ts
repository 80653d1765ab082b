/**
 * Guides live in the catalog build, API docs in builds of their own (decision 018): a guide's
 * link to `/apis/...` must be a full page load, since the catalog's router does not know those
 * pages (and Docusaurus's broken-link check would refuse it). This remark plugin turns such links
 * into `pathname://` links that open in the same tab; `portico build` checks, once every build is
 * merged, that each of them reaches a page, and warns of those that do not (check-api-links.ts).
 */
const API_DOCS = /^\/apis(\/|$|#|\?)/;

interface MarkdownNode {
  type: string;
  url?: string;
  data?: { hProperties?: Record<string, unknown> };
  children?: MarkdownNode[];
}

export default function remarkApiLinks() {
  return (tree: MarkdownNode): void => rewriteApiLinks(tree);
}

export function rewriteApiLinks(node: MarkdownNode): void {
  if ((node.type === 'link' || node.type === 'definition') && node.url && API_DOCS.test(node.url)) {
    node.url = `pathname://${node.url}`;
    node.data = { ...node.data, hProperties: { ...node.data?.hProperties, target: '_self' } };
  }
  for (const child of node.children ?? []) rewriteApiLinks(child);
}
