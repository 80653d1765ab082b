import path from 'node:path';
import { buildPortal } from '../../plugins/portico/build/build-portal.ts';
import { BuildStoppedError } from '../../plugins/portico/build/build-stopped.ts';
import { DocusaurusBuildError } from '../../plugins/portico/build/docusaurus-build.ts';
import { createConsoleProgress } from '../../plugins/portico/build/progress.ts';
import { SpecValidationError, formatProblem } from '../../plugins/portico/spec/problems.ts';
import type { Config } from '../config.ts';
import { projectRoot } from './paths.ts';
import { UsageError } from './usage-error.ts';

export async function runBuildCommand(values: Record<string, string | boolean | undefined>, _positionals: string[], config: Config): Promise<number> {
  const siteUrl = typeof values['site-url'] === 'string' ? values['site-url'] : config.PORTICO_SITE_URL;
  if (!URL.canParse(siteUrl)) throw new UsageError(`--site-url must be an absolute URL (got "${siteUrl}")`);
  const jobs = typeof values.jobs === 'string' ? Number(values.jobs) : undefined;
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64))
    throw new UsageError(`--jobs must be a whole number from 1 to 64 (got "${values.jobs}")`);
  try {
    await buildPortal({
      siteDir: projectRoot,
      openapiDir: path.resolve(typeof values.openapi === 'string' ? values.openapi : path.join(projectRoot, 'openapi')),
      outDir: path.resolve(typeof values.out === 'string' ? values.out : path.join(projectRoot, 'build')),
      // Scratch space and build caches; benchmarks give each corpus its own.
      workDir: config.PORTICO_WORK_DIR ?? path.join(projectRoot, '.portico'),
      siteUrl: new URL(siteUrl).origin,
      progress: createConsoleProgress(),
      ifChanged: values['if-changed'] === true,
      ...(jobs ? { jobs } : {}),
    });
    return 0;
  } catch (error) {
    if (error instanceof SpecValidationError) {
      process.stderr.write('\nThe build stopped: some OpenAPI files are not valid.\n\n');
      for (const problem of error.problems) process.stderr.write(`${formatProblem(problem)}\n`);
      process.stderr.write(`\n${error.message}. Nothing was published; the previous build is unchanged.\n`);
      return 1;
    }
    if (error instanceof BuildStoppedError) {
      process.stderr.write(`\nThe build stopped: ${error.message}.\n\n`);
      for (const detail of error.details) process.stderr.write(`  ${detail}\n`);
      process.stderr.write('\nNothing was published; the previous build is unchanged.\n');
      return 1;
    }
    if (error instanceof DocusaurusBuildError) {
      process.stderr.write(`\nThe Docusaurus build failed (${error.message}). Last lines of ${error.logFile}:\n\n${error.logTail}\n`);
      process.stderr.write('\nNothing was published; the previous build is unchanged.\n');
      return 1;
    }
    throw error;
  }
}
