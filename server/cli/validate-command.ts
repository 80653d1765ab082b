import path from 'node:path';
import { loadSpecs } from '../../plugins/portico/spec/load-specs.ts';
import { formatProblem } from '../../plugins/portico/spec/problems.ts';
import { projectRoot } from './paths.ts';

export async function runValidateCommand(values: Record<string, string | boolean | undefined>): Promise<number> {
  const openapiDir = path.resolve(typeof values.openapi === 'string' ? values.openapi : path.join(projectRoot, 'openapi'));
  const { apis, problems } = await loadSpecs(openapiDir);
  for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  if (errors > 0) {
    process.stderr.write(`\n${errors} error(s): fix them and run again.\n`);
    return 1;
  }
  const width = Math.max(24, ...apis.map((api) => api.slug.length));
  for (const api of apis) {
    process.stdout.write(`✓ ${api.slug.padEnd(width)} ${api.portal.visibility.padEnd(8)} OpenAPI ${api.openapiVersion}  ${api.operationCount} operations\n`);
  }
  return 0;
}
