import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedApi } from '../spec/load-specs.ts';
import { PRIVATE_DIR, PUBLIC_DIR } from '../contract.ts';
import { docIdsInOrder, pagesElsewhere, readGeneratedPages, splitPages, type GeneratedPage, type PagePlace } from './api-parts.ts';
import type { GenerateOptions } from './generate-api-docs.ts';
import { writeSidebars } from './sidebars.ts';
import {
  PRIVATE_PARTS_DIR,
  PUBLIC_PARTS_DIR,
  bearerSchemesOf,
  generateCheckedPages,
  runTargetBuild,
  sandboxSectionOf,
  withSandboxServer,
  type PlanContext,
  type TargetPlan,
} from './target-builds.ts';
import type { BuildTarget } from './targets.ts';

/**
 * One API too large for one Docusaurus build, as `parts` builds (decision 027): its pages are
 * generated and checked once, cut into contiguous runs of its sidebar (api-parts.ts), and each
 * run is a build of its own with the whole sidebar, the other runs' pages as full-page links.
 * A public API's parts merge into the public folder like groups; a private API's later parts
 * merge into its first part's folder, so its gate and its files are those of one build.
 */
export function planApiParts(context: PlanContext, api: LoadedApi, parts: number, groupNumber: number): TargetPlan[] {
  const isPublic = api.portal.visibility === 'public';
  const document = withSandboxServer(context, api);
  const tokenSchemes = { [api.slug]: bearerSchemesOf(api) };
  const name = isPublic ? `public-apis-${groupNumber}` : `private-${api.slug}`;
  const place: PagePlace = isPublic ? { baseUrl: '/', routeBasePath: 'apis' } : { baseUrl: `/${PRIVATE_DIR}/${api.slug}/`, routeBasePath: '/' };
  const generation: GenerateOptions = isPublic
    ? {
        docsRoot: path.join(context.workDir, 'gen', name),
        apiDir: api.slug,
        specFile: api.file,
        document,
        routeBasePath: 'apis',
        infoSlug: `/${api.slug}`,
        sandbox: sandboxSectionOf(api),
      }
    : {
        docsRoot: path.join(context.workDir, 'gen', PRIVATE_DIR, api.slug),
        apiDir: 'api',
        specFile: api.file,
        document,
        routeBasePath: '/',
        infoSlug: '/',
        sandbox: sandboxSectionOf(api),
      };
  let split: Promise<GeneratedPage[][]> | undefined;
  const generateOnce = (label: string) => {
    split ??= (async () => {
      const startedAt = Date.now();
      const pageCount = await generateCheckedPages(context, generation);
      context.progress.done(`${label}: generated and checked ${pageCount} pages of ${api.slug} (built in ${parts} parts)`, startedAt);
      const sidebar = await readFile(path.join(generation.docsRoot, generation.apiDir, 'sidebar.ts'), 'utf8');
      return splitPages(await readGeneratedPages(generation.docsRoot, generation.apiDir), docIdsInOrder(sidebar), parts);
    })();
    return split;
  };
  return Array.from({ length: parts }, (_, index): TargetPlan => {
    const number = index + 1;
    const partName = `${name}-part-${number}`;
    const first = !isPublic && number === 1;
    return {
      name: partName,
      dir: first ? `${PRIVATE_DIR}/${api.slug}` : `${isPublic ? PUBLIC_PARTS_DIR : PRIVATE_PARTS_DIR}/${partName}`,
      ...(first ? {} : { mergesInto: isPublic ? PUBLIC_DIR : `${PRIVATE_DIR}/${api.slug}` }),
      operations: Math.ceil(api.operationCount / parts),
      inputs: { kind: isPublic ? 'public-apis' : 'private', slug: api.slug, title: api.title, document, tokenSchemes, part: number, parts },
      async generate(label) {
        await generateOnce(label);
      },
      async build(outDir, label, rspackCacheDir) {
        const pagesByPart = await generateOnce(label);
        const elsewhere = pagesElsewhere(pagesByPart, index, place);
        const sidebarPath = await writeSidebars(
          generation.docsRoot,
          [{ dir: generation.apiDir, operations: api.operationCount, elsewhere }],
          `sidebars-${number}.ts`,
        );
        const apiDocs = { docsRoot: generation.docsRoot, sidebarPath, include: (pagesByPart[index] ?? []).map((page) => page.file) };
        const target: BuildTarget = isPublic
          ? { kind: 'public-apis', siteUrl: context.siteUrl, baseUrl: '/', apiDocs, tokenSchemes, rspackCacheDir }
          : { kind: 'private', siteUrl: context.siteUrl, slug: api.slug, title: api.title, baseUrl: place.baseUrl, apiDocs, tokenSchemes, rspackCacheDir };
        await runTargetBuild(context, partName, target, outDir, label);
        return { [api.slug]: pagesByPart[index]?.length ?? 0 };
      },
    };
  });
}
