/** One thing wrong with one spec file, said so a person can fix it. */
export interface SpecProblem {
  /** Path of the file as the user named it (relative to the working directory when possible). */
  file: string;
  /** JSON path inside the document, e.g. `x-portal.owners[0]`; empty for the whole file. */
  path: string;
  /** 1-based line and column when the location is known. */
  line?: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
}

export function formatJsonPath(segments: ReadonlyArray<string | number>): string {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

export function formatProblem(problem: SpecProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}:${problem.column ?? 1}` : problem.file;
  const at = problem.path ? ` at ${problem.path}` : '';
  const label = problem.severity === 'warning' ? 'warning' : 'error';
  return `${where}${at}: ${label}: ${problem.message}`;
}

/** Thrown by the build when specs are invalid; carries every problem, never a stack for the user. */
export class SpecValidationError extends Error {
  constructor(readonly problems: SpecProblem[]) {
    super(`${problems.filter((p) => p.severity === 'error').length} problem(s) in OpenAPI files`);
    this.name = 'SpecValidationError';
  }
}

/** Where a JSON path sits in the file (1-based), when the parser can tell. */
export type Locate = (at: ReadonlyArray<string | number>) => { line: number; column: number } | undefined;

export function specProblem(file: string, at: ReadonlyArray<string | number>, message: string, location?: { line: number; column: number }): SpecProblem {
  return { file, path: formatJsonPath(at), message, severity: 'error', line: location?.line, column: location?.column };
}
