/**
 * Where a page may send the reader after signing in (`?next=`): a path of this portal only.
 * Pure, so the server can use the same rule and tests can call it directly.
 */

/** My portal: where a partner stands and what to do next (issue 16 item 1). */
const DEFAULT_NEXT = '/dashboard';

/**
 * Browsers drop tab, CR and LF anywhere in a URL, trim other controls and spaces, and read a
 * backslash as a slash: `/\t/evil.example` becomes `//evil.example`, another site. Rather than
 * copy each parser's repairs, a value holding any of them is refused outright.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: a next= holding a control character is refused: the regex names them
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f\\]/;

/**
 * `next` resolved by the URL parser against `origin`; kept only when it stays on that origin.
 * Returns a path with its query and fragment (normalised by the parser), or `fallback`.
 */
export function safeNextPath(next: string | null | undefined, origin: string, fallback = DEFAULT_NEXT): string {
  if (!next || CONTROL_OR_BACKSLASH.test(next)) return fallback;
  let home: URL;
  let target: URL;
  try {
    home = new URL(origin);
    target = new URL(next, home);
  } catch {
    return fallback;
  }
  if (target.origin !== home.origin) return fallback;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // The normalised path may itself start with `//` (`/..//evil.example`): a scheme-relative URL
  // once assigned. Resolving the answer again proves it stays here.
  return new URL(path, home).origin === home.origin && !path.startsWith('//') ? path : fallback;
}
