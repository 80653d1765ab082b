import { compile } from '@mdx-js/mdx';
import { clean } from 'docusaurus-plugin-openapi-docs/lib/markdown/utils';
import type { Root } from 'hast';
import Markdown from 'react-markdown';
import rehypeRaw from 'rehype-raw';
import remarkGfm from 'remark-gfm';

/**
 * The two renderers spec text meets, stopped at the HTML tree they build (no browser): MDX as
 * docusaurus-plugin-openapi-docs writes it (its own `clean`, then the description at the top of
 * a page or indented inside a component), and the theme's react-markdown with rehype-raw.
 */

interface TreeNode {
  type: string;
  tagName?: string;
  name?: string | null;
  value?: string;
  properties?: Record<string, unknown>;
  children?: TreeNode[];
}

/**
 * The tree MDX compiles `text` into. `description` (the default) is how the generator writes
 * descriptions (its `clean`, at the top of the page); `component` the same inside a component
 * (security-scheme descriptions); `raw` without `clean`, as it writes contact and licence names
 * and OAuth scope descriptions.
 */
export async function mdxTree(text: string, placement: 'description' | 'component' | 'raw' = 'description'): Promise<TreeNode> {
  const nested = placement !== 'description';
  const body = placement === 'raw' ? text : clean(text);
  const source = nested ? `<Wrapper>\n  <Tab>\n${body.replace(/^/gm, '      ')}\n  </Tab>\n</Wrapper>\n` : `\n\n${body}\n\n`;
  let tree: TreeNode | undefined;
  await compile(source, {
    remarkPlugins: [remarkGfm],
    rehypePlugins: [
      () => (root: Root) => {
        tree = structuredClone(root) as TreeNode;
      },
    ],
  });
  if (!tree) throw new Error('MDX produced no tree');
  return tree;
}

/** The tree the theme's markdown builds from `text` (react-markdown, GFM, raw HTML kept). */
export function themeTree(text: string): TreeNode {
  let tree: TreeNode | undefined;
  Markdown({
    children: text,
    remarkPlugins: [remarkGfm],
    rehypePlugins: [
      rehypeRaw,
      () => (root: Root) => {
        tree = structuredClone(root) as TreeNode;
      },
    ],
  });
  if (!tree) throw new Error('react-markdown produced no tree');
  return tree;
}

const UNSAFE_TAGS = new Set([
  'script',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'svg',
  'math',
  'style',
  'link',
  'meta',
  'base',
  'form',
  'button',
  'input',
  'textarea',
  'select',
  'details',
  'template',
  'video',
  'audio',
  'source',
  'marquee',
  'noscript',
  'div',
  'span',
]);
const URL_PROPERTIES = new Set(['href', 'src', 'srcDoc', 'action', 'formAction', 'data', 'xLinkHref', 'xlinkHref', 'poster', 'background']);
const MDX_CODE = new Set(['mdxFlowExpression', 'mdxTextExpression', 'mdxjsEsm']);
const WRAPPERS = new Set(['Wrapper', 'Tab']);

/** Everything in the tree that is markup rather than text: JSX, expressions, ESM, raw HTML, unsafe elements or attributes (a markdown image is fine). */
export function liveMarkup(tree: TreeNode): string[] {
  const found: string[] = [];
  const visit = (node: TreeNode): void => {
    if (MDX_CODE.has(node.type)) found.push(`${node.type} ${String(node.value ?? '').slice(0, 60)}`);
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && !WRAPPERS.has(node.name ?? '')) found.push(`JSX <${node.name ?? ''}>`);
    if (node.type === 'raw') found.push(`raw ${String(node.value).slice(0, 60)}`);
    if (node.type === 'element') {
      if (UNSAFE_TAGS.has(node.tagName ?? '')) found.push(`<${node.tagName}>`);
      for (const [name, value] of Object.entries(node.properties ?? {})) {
        if (/^on/i.test(name)) found.push(`<${node.tagName} ${name}>`);
        if (URL_PROPERTIES.has(name) && !isSafeUrl(String(value))) found.push(`<${node.tagName} ${name}=${String(value).slice(0, 60)}>`);
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(tree);
  return found;
}

/** The text a reader sees (text and code), markup left out. */
export function visibleText(tree: TreeNode): string {
  if (tree.type === 'text') return tree.value ?? '';
  return (tree.children ?? []).map(visibleText).join('');
}

/**
 * The theme turns a one-paragraph `:::type … :::` into HTML from its decoded text (Markdown's
 * convertAstToHtmlStr, dangerouslySetInnerHTML): such paragraphs that would carry a `<`.
 */
export function htmlAdmonitions(text: string): string[] {
  const found: string[] = [];
  const inspect = () => (tree: { children: Array<{ type: string; children?: Array<{ type: string; value?: string }> }> }) => {
    for (const node of tree.children) {
      const only = node.type === 'paragraph' && node.children?.length === 1 ? node.children[0] : undefined;
      const value = only?.type === 'text' ? (only.value ?? '').trim() : '';
      if (/^:::(\w+)(?:\[(.*?)\])?\s*([\s\S]*?)\s*:::$/.test(value) && value.includes('<')) found.push(value);
    }
  };
  Markdown({ children: text, remarkPlugins: [remarkGfm, inspect] });
  return found;
}

function isSafeUrl(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers strip control characters from a scheme: the check strips them too
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value.replace(/[\u0000-\u0020]/g, ''));
  return !scheme || ['http', 'https', 'mailto', 'tel'].includes((scheme[1] ?? '').toLowerCase());
}
