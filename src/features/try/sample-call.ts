/**
 * The call /try's samples make after the token: a GET operation of the API's own spec, so the
 * sample answers 200 as copied (the sandbox answers only documented operations; `/sandbox/<api>/`
 * alone is a 404). An operation without path parameters first; else the first GET with each path
 * parameter filled from its example (or "1"). Pure: the spec in, a path (after the sandbox base) out.
 */
interface Parameter {
  name?: string;
  in?: string;
  example?: unknown;
  schema?: { example?: unknown };
}
type Operation = { parameters?: Parameter[] };
type PathItem = { get?: Operation; parameters?: Parameter[] };

export function sampleCallPath(spec: unknown): string | null {
  const paths = (spec as { paths?: Record<string, PathItem> } | null | undefined)?.paths ?? {};
  const gets = Object.entries(paths).filter(([path, item]) => path.startsWith('/') && item && typeof item === 'object' && item.get);
  const plain = gets.find(([path]) => !path.includes('{'));
  if (plain) return plain[0];
  const first = gets[0];
  if (!first) return null;
  const [path, item] = first;
  const parameters = [...(item.parameters ?? []), ...(item.get?.parameters ?? [])].filter((parameter) => parameter.in === 'path');
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const parameter = parameters.find((candidate) => candidate.name === name);
    const example = parameter?.example ?? parameter?.schema?.example;
    return encodeURIComponent(typeof example === 'string' || typeof example === 'number' ? String(example) : '1');
  });
}
