/**
 * Spec text is rendered twice over, and neither renderer treats it as plain text:
 * docusaurus-plugin-openapi-docs writes descriptions into MDX, where `<` opens JSX, `{` a
 * JavaScript expression and a line starting with `import`/`export` a module statement; the
 * theme renders the rest with react-markdown and rehype-raw, which keeps raw HTML. These
 * functions make a spec string inert in both while ordinary markdown (emphasis, lists, code,
 * links to https) keeps working.
 *
 * The rule: outside code, every `<`, `{`, `}` and backtick becomes a character reference
 * (shown as the same character, never parsed as markup); code is kept verbatim, and so that
 * both renderers agree on what is code, fenced blocks are re-emitted in a canonical form and
 * only single-line code spans are trusted.
 */

const BACKTICK = '&#96;';
/** Every way markdown text can spell `<`. */
const LESS_THAN_REFERENCE = /&(lt|LT|#0*60|#[xX]0*3[cC]);/;
const ENTITIES: Record<string, string> = { '<': '&lt;', '{': '&#123;', '}': '&#125;', '`': BACKTICK };
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);
const SAFE_URL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
/** Characters a browser ignores or strips when it reads a URL's scheme. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters a browser ignores in a URL scheme include the control characters
const URL_NOISE = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/g;
const NAMED_REFERENCES: Record<string, string> = {
  colon: ':',
  tab: '\t',
  newline: '\n',
  sol: '/',
  lpar: '(',
  rpar: ')',
  period: '.',
  amp: '&',
  num: '#',
  quest: '?',
};

interface Fence {
  indent: number;
  char: string;
  length: number;
  info: string;
}

/** Prose for either renderer: raw HTML, JSX, expressions, ESM and unsafe link targets made inert. */
export function neutralizeMarkdown(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  let destinationNext = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const fence = openingFence(line);
    if (fence) {
      const end = closingLine(lines, index, fence);
      out.push(...canonicalFence(lines.slice(index + 1, end), fence));
      index = end;
      destinationNext = false;
      continue;
    }
    const neutralized = neutralizeLine(line, destinationNext);
    out.push(neutralized.text);
    destinationNext = neutralized.destinationNext;
  }
  return breakHtmlAdmonitions(out).join('\n');
}

/**
 * The theme's markdown turns a one-paragraph `:::note … :::` into HTML from the paragraph's
 * decoded text (dangerouslySetInnerHTML), so there a character reference for `<` becomes a
 * tag again. Such a paragraph that holds one loses its admonition: a zero-width space before
 * the `:::` (admonitions without `<` keep working).
 */
function breakHtmlAdmonitions(lines: string[]): string[] {
  return lines.map((line, index) => {
    if (!/^[ \t]*:::/.test(line)) return line;
    const blank = lines.findIndex((candidate, at) => at > index && candidate.trim() === '');
    const paragraph = lines.slice(index, blank === -1 ? undefined : blank);
    return paragraph.some((candidate) => LESS_THAN_REFERENCE.test(candidate)) ? line.replace(':::', '\u200b:::') : line;
  });
}

/**
 * Data the theme prints inside a markdown code span (enum values, patterns, limits): without
 * a backtick or a line break it cannot leave the span. Backticks become a look-alike (U+02CB).
 */
export function neutralizeCodeText(text: string): string {
  return text.replace(/`/g, '\u02cb').replace(/[\r\n\u0085\u2028\u2029\v\f]+/g, ' ');
}

/** Titles are rendered as text (headings, sidebar, front matter): one line, no control characters. */
export function neutralizeTitle(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips from titles
  return text.replace(/[\r\n\u0085\u2028\u2029\v\f]+/g, ' ').replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '');
}

/**
 * A link the generator writes into MDX (contact, licence, terms of service, OAuth URLs): an
 * absolute http(s) or mailto URL, with every character that means something to markdown, JSX
 * or a JavaScript string percent-encoded; anything else is dropped (undefined).
 */
export function neutralizeUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (!SAFE_URL_PROTOCOLS.has(url.protocol)) return undefined;
  return url.href.replace(/[^A-Za-z0-9\-._~:/?#@!$&*+,;=%]/g, (char) =>
    encodeURIComponent(char).replace(/[!'()*]/g, (rest) => `%${rest.charCodeAt(0).toString(16).toUpperCase()}`),
  );
}

/** Whether a markdown link destination stays on http(s), mailto, tel or a relative URL. */
export function isSafeDestination(destination: string): boolean {
  const bare = destination.startsWith('<') && destination.endsWith('>') ? destination.slice(1, -1) : destination;
  const decoded = decodeReferences(bare.replace(/\\([!-/:-@[-`{-~])/g, '$1'))
    .replace(URL_NOISE, '')
    .toLowerCase();
  if (/&[a-z0-9#]+;/.test(decoded)) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(decoded);
  return !scheme || SAFE_SCHEMES.has(scheme[1] ?? '');
}

function decodeReferences(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = /^#x/i.test(name) ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return NAMED_REFERENCES[name.toLowerCase()] ?? whole;
  });
}

function openingFence(line: string): Fence | undefined {
  const match = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(line);
  if (!match) return undefined;
  const [, indent = '', run = '', info = ''] = match;
  if (run.startsWith('`') && info.includes('`')) return undefined;
  return { indent: indent.length, char: run.charAt(0), length: run.length, info: info.trim() };
}

/** The index of the line that closes the fence opened at `start`, or the last line. */
function closingLine(lines: string[], start: number, fence: Fence): number {
  for (let index = start + 1; index < lines.length; index++) {
    const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(lines[index] ?? '');
    if (match?.[1]?.startsWith(fence.char) && (match[1]?.length ?? 0) >= fence.length) return index;
  }
  return lines.length;
}

/**
 * The fence at the start of a line, longer than any backtick run inside, always closed: code
 * to every renderer whatever container the original sat in, and unable to swallow what the
 * generator writes after the description.
 */
function canonicalFence(body: string[], fence: Fence): string[] {
  const content = body.map((line) => stripIndent(line, fence.indent));
  const longestRun = Math.max(2, ...content.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
  const marker = '`'.repeat(longestRun + 1);
  // The blank line first: nothing before (a paragraph, a multi-line link title) can absorb the fence.
  return ['', `${marker}${fence.info.replace(/`/g, '')}`, ...content, marker];
}

function stripIndent(line: string, indent: number): string {
  let removed = 0;
  while (removed < indent && line.charAt(removed) === ' ') removed++;
  return line.slice(removed);
}

/** One prose line: code spans kept, everything else escaped; `destinationNext` carries a link target to the next line. */
function neutralizeLine(line: string, destinationFirst: boolean): { text: string; destinationNext: boolean } {
  if (destinationFirst) {
    const leading = /^[ \t]*/.exec(line)?.[0] ?? '';
    const destination = takeDestination(line, leading.length);
    const rest = line.slice(leading.length + destination.length);
    return { text: leading + destination.emitted + escapeProse(rest), destinationNext: /\]\([ \t]*$/.test(rest) };
  }
  const definition = /^ {0,3}\[(?:\\.|[^\\\]])+\]:[ \t]*/.exec(line);
  if (definition) {
    const destination = takeDestination(line, definition[0].length);
    const rest = line.slice(definition[0].length + destination.length);
    return { text: escapeText(definition[0]) + destination.emitted + escapeProse(rest), destinationNext: destination.length === 0 && rest.trim() === '' };
  }
  return { text: neutralizeModuleLine(escapeProse(line)), destinationNext: /\]\([ \t]*$/.test(line) };
}

/** A line MDX would run as `import`/`export`: its first letter becomes a character reference. */
function neutralizeModuleLine(line: string): string {
  return line.replace(/^([ \t]*)(import|export)\b/, (_whole, space: string, word: string) => `${space}&#${word.charCodeAt(0)};${word.slice(1)}`);
}

/**
 * The link destination at `start`: kept (unwrapped from `<…>`, escaped) when it is safe,
 * replaced by `#` when not; `length` is how much of `text` it took.
 */
function takeDestination(text: string, start: number): { emitted: string; length: number } {
  const destination = destinationAt(text, start);
  if (destination === '') return { emitted: '', length: 0 };
  if (!isSafeDestination(destination)) return { emitted: '#', length: destination.length };
  const bare = destination.startsWith('<') ? destination.slice(1, destination.endsWith('>') ? -1 : undefined).replace(/ /g, '%20') : destination;
  return { emitted: escapeText(bare), length: destination.length };
}

/** The link destination starting at `start`: `<…>`, or non-space characters with balanced parentheses. */
function destinationAt(text: string, start: number): string {
  if (text.charAt(start) === '<') {
    const end = text.indexOf('>', start);
    return end === -1 ? text.slice(start) : text.slice(start, end + 1);
  }
  let depth = 0;
  let index = start;
  for (; index < text.length; index++) {
    const char = text.charAt(index);
    if (char === '\\') {
      index++;
      continue;
    }
    if (/\s/.test(char)) break;
    if (char === '(') depth++;
    if (char === ')' && depth-- === 0) break;
  }
  return text.slice(start, index);
}

/** Escapes one line of prose, keeping its single-line code spans and dropping unsafe inline-link targets. */
function escapeProse(line: string): string {
  let out = '';
  for (let index = 0; index < line.length; ) {
    const char = line.charAt(index);
    const next = line.charAt(index + 1);
    if (char === '\\' && ASCII_PUNCTUATION.test(next)) {
      out += ENTITIES[next] ?? `\\${next}`;
      index += 2;
    } else if (char === '`') {
      const span = codeSpanAt(line, index);
      const length = span ? span.length : runLength(line, index);
      out += span ?? BACKTICK.repeat(length);
      index += length;
    } else if (char === ']' && next === '(') {
      const start = index + 2 + (/^[ \t]*/.exec(line.slice(index + 2))?.[0].length ?? 0);
      const destination = takeDestination(line, start);
      out += escapeText(line.slice(index, start)) + destination.emitted;
      index = start + destination.length;
    } else if (char === '<') {
      const autolink = safeAutolinkAt(line, index);
      out += autolink ? `[${autolink}](${autolink.replace(/[()]/g, (paren) => (paren === '(' ? '%28' : '%29'))})` : ENTITIES['<'];
      index += autolink ? autolink.length + 2 : 1;
    } else if (char === '~' && /^~{3}/.test(line.slice(index)) && line.slice(0, index).trim() === '') {
      out += '&#126;';
      index++;
    } else {
      out += ENTITIES[char] ?? char;
      index++;
    }
  }
  return out;
}

function escapeText(text: string): string {
  return text.replace(/[<{}`]/g, (char) => ENTITIES[char] ?? char);
}

/** `<https://…>` or `<mailto:…>`: an autolink to keep, as a markdown link both renderers read. */
function safeAutolinkAt(line: string, start: number): string | undefined {
  const match = /^<((?:https?:\/\/|mailto:)[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]+)>/.exec(line.slice(start));
  return match?.[1];
}

function runLength(line: string, start: number): number {
  let end = start;
  while (line.charAt(end) === '`') end++;
  return end - start;
}

/**
 * A code span starting at `start`: a backtick run closed by a run of the same length on the
 * same line. Spans holding `|` are not trusted (a table row splits its cells first).
 */
function codeSpanAt(line: string, start: number): string | undefined {
  const length = runLength(line, start);
  for (let index = start + length; index < line.length; ) {
    if (line.charAt(index) !== '`') {
      index++;
      continue;
    }
    const closing = runLength(line, index);
    if (closing === length) {
      const span = line.slice(start, index + closing);
      return span.includes('|') ? undefined : span;
    }
    index += closing;
  }
  return undefined;
}
