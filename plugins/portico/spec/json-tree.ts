/**
 * A spec must come out of YAML as a finite tree. YAML anchors can make a list or mapping contain
 * itself (`&a { b: *a }`), which every later recursive walk would follow forever; and absurd
 * nesting only exhausts tools further down (the checks, the docs generator). Real OpenAPI
 * documents stay far below this depth.
 */
export const MAX_SPEC_DEPTH = 200;

/** Why `root` is not a finite tree of at most MAX_SPEC_DEPTH levels, or undefined. Iterative: no stack to exhaust. */
export function jsonTreeProblem(root: unknown): string | undefined {
  const ancestors = new Set<object>();
  const pending: Array<{ value: unknown; depth: number } | { leave: object }> = [{ value: root, depth: 0 }];
  while (pending.length > 0) {
    const item = pending.pop() as { value: unknown; depth: number } | { leave: object };
    if ('leave' in item) {
      ancestors.delete(item.leave);
      continue;
    }
    const { value, depth } = item;
    if (typeof value !== 'object' || value === null) continue;
    if (ancestors.has(value)) return 'a YAML alias refers to a mapping or list that contains it: the document would be infinite';
    if (depth > MAX_SPEC_DEPTH) return `the document is nested more than ${MAX_SPEC_DEPTH} levels deep`;
    ancestors.add(value);
    pending.push({ leave: value });
    for (const child of Object.values(value)) pending.push({ value: child, depth: depth + 1 });
  }
  return undefined;
}

/**
 * A document that is JSON (an object at the top), parsed with JSON.parse; undefined for anything
 * else (YAML, broken JSON), which the YAML parser then reads and explains with line and column.
 * JSON.parse keeps "__proto__" as an own key and builds no aliases, so the tree check still applies.
 */
export function parseJsonText(text: string): { doc: unknown } | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  try {
    return { doc: JSON.parse(text) };
  } catch {
    return undefined;
  }
}
