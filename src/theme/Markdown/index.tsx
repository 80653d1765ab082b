import type React from 'react';
import Markdown from '@theme-original/Markdown';
import type MarkdownType from '@theme-original/Markdown';
import type { WrapperProps } from '@docusaurus/types';

type Props = WrapperProps<typeof MarkdownType>;

// A sentence with none of Markdown's (or GFM's autolink, HTML, admonition) syntax in it: it starts
// with a letter (no list, heading or quote marker), is one line, and has no emphasis, code, link,
// HTML, entity, escape, table, strikethrough, URL or e-mail character.
const PLAIN_PROSE = /^\p{L}[^\n\r\t*_`[\]<>!&\\~|#:@]*$/u;

/**
 * The theme renders every description through react-markdown with raw-HTML support (a Markdown
 * parser and an HTML parser per description, again on every render): most of an operation
 * page's descriptions are plain sentences, for which the result is one paragraph.
 */
export default function MarkdownWrapper(props: Props): React.JSX.Element {
  const text: unknown = props.children;
  if (typeof text === 'string' && PLAIN_PROSE.test(text) && text === text.trimEnd() && !text.includes('www.')) return <p>{text}</p>;
  return <Markdown {...props} />;
}
