import { createHash } from 'node:crypto';

/**
 * Every Content-Security-Policy the portal sends, in one place.
 *
 * Docusaurus pages carry a few inline scripts (the colour-mode bootstrap that must run before
 * the first paint, the base-URL banner). Rather than 'unsafe-inline', each build's HTML is
 * scanned once when it is loaded and the SHA-256 of every inline script goes into script-src:
 * an injected script, whose text no build contains, does not run.
 */

const SCRIPT_ELEMENT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const SRC_ATTRIBUTE = /(?:^|\s)src\s*=/i;
const TYPE_ATTRIBUTE = /(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
/** Types a browser executes; anything else (application/ld+json) is data and not subject to script-src. */
const EXECUTABLE_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript', 'text/ecmascript', 'application/ecmascript']);

/** `'sha256-…'` sources of the inline scripts of one HTML document. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const [, attributes = '', body = ''] of html.matchAll(SCRIPT_ELEMENT)) {
    if (SRC_ATTRIBUTE.test(attributes)) continue;
    const type = TYPE_ATTRIBUTE.exec(attributes);
    if (!EXECUTABLE_TYPES.has((type?.[1] ?? type?.[2] ?? type?.[3] ?? '').trim().toLowerCase())) continue;
    // The HTML parser turns CRLF and CR into LF before the browser hashes the script's text.
    const text = body.replace(/\r\n?/g, '\n');
    hashes.push(`'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/**
 * The policy of a Docusaurus build's pages. One policy for the whole build, not one per page:
 * the client-side router moves between pages without a new response, and react-helmet may
 * insert another page's inline script into the current document.
 */
export function sitePolicy(scriptHashes: Iterable<string>): string {
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval' lets a page compile WebAssembly (the search box's Pagefind, decision 033),
    // and nothing else: eval and string timers stay refused.
    `script-src ${["'self'", "'wasm-unsafe-eval'", ...[...new Set(scriptHashes)].sort()].join(' ')}`,
    // 'unsafe-inline' for styles only: React renders style="…" attributes into the static HTML
    // (and the API explorer sets more while hydrating); a hash cannot cover attributes without
    // 'unsafe-hashes' on each one. Styles cannot run code; scripts stay locked to hashes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    // "Try it" and the portal's pages call this origin only (/api, /oauth/token, /sandbox).
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Pages the server renders itself (server/pages): no script at all, one inline <style>. */
export const SERVER_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Pagefind's web worker (the search box, decision 033): a worker runs under its own script's
 * policy, and this one compiles the search's WebAssembly and fetches index files from this origin.
 */
export const SEARCH_WORKER_POLICY = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; frame-ancestors 'none'";

/** JSON, assets, redirects: nothing in them may load or run anything, nor be framed. */
export const NON_HTML_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The policy for every page of a build, given each HTML file's text. */
export function buildPolicy(htmlFiles: Iterable<string>): string {
  const hashes = new Set<string>();
  for (const html of htmlFiles) for (const hash of inlineScriptHashes(html)) hashes.add(hash);
  return sitePolicy(hashes);
}
