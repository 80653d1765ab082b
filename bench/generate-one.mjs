#!/usr/bin/env node
// node bench/generate-one.mjs <spec.json> <out-dir> [schema-depth]
// Generates one real spec's pages the way `portico build` prepares them (site-relative links,
// page names, sanitized markup, then docusaurus-plugin-openapi-docs through Portico's templates),
// without Docusaurus. Prints one JSON line: operations, pages, MDX bytes (total, largest), seconds.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { register } from 'tsx/esm/api';

register();
const [specFile, outDir, depth] = process.argv.slice(2);
const { generateApiDocs } = await import('../plugins/portico/build/generate-api-docs.ts');
const { resolveSiteRelativeLinks } = await import('../plugins/portico/build/pages/site-relative-links.ts');
const { withPageNames, pageNames } = await import('../plugins/portico/spec/page-names.ts');
const { sanitizeDocumentMarkup } = await import('../plugins/portico/spec/sanitize-markup.ts');

const startedAt = process.hrtime.bigint();
const original = JSON.parse(await readFile(specFile, 'utf8'));
const document = sanitizeDocumentMarkup(withPageNames(resolveSiteRelativeLinks(original).document));
const generated = await generateApiDocs({
  docsRoot: outDir,
  apiDir: 'api',
  specFile,
  document,
  routeBasePath: 'apis',
  infoSlug: '/api',
  ...(depth !== undefined ? { schemaDepth: Number(depth) } : {}),
});
const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
let total = 0;
let largest = { name: '', bytes: 0 };
for (const name of (await readdir(generated.outputDir)).filter((file) => file.endsWith('.mdx'))) {
  const { size } = await stat(path.join(generated.outputDir, name));
  total += size;
  if (size > largest.bytes) largest = { name, bytes: size };
}
const usage = process.resourceUsage();
console.log(
  JSON.stringify({
    spec: specFile,
    operations: pageNames(original).length,
    pages: generated.pageCount,
    totalBytes: total,
    largest,
    seconds,
    maxRssKiB: usage.maxRSS,
  }),
);
