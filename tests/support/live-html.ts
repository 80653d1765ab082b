/**
 * Markup in an HTML string that a browser or mail client would run or load: script-capable
 * tags, event-handler attributes, and links or sources that are not https (also accepted:
 * relative links with `relativeOk`, and links into `origin`, e.g. a test portal on http).
 */
export function liveMarkupIn(html: string, options: { relativeOk?: boolean; origin?: string } = {}): string[] {
  const found: string[] = [];
  for (const tag of html.matchAll(/<\s*(script|img|svg|iframe|object|embed|style|link|meta|base|form|math)\b/gi)) found.push(tag[0]);
  for (const element of html.matchAll(/<[a-z][^>]*>/gi)) {
    if (/\son[a-z]+\s*=/i.test(element[0])) found.push(element[0]);
    for (const attribute of element[0].matchAll(/\s(href|src)\s*=\s*"([^"]*)"/gi)) {
      const target = attribute[2] ?? '';
      const allowed =
        /^https:\/\//.test(target) || (options.relativeOk && /^\/(?!\/)/.test(target)) || (options.origin && target.startsWith(`${options.origin}/`));
      if (!allowed) found.push(attribute[0]);
    }
  }
  return found;
}
