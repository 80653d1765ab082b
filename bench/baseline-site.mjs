// The baseline of the build benchmark: a bare Docusaurus site with docusaurus-plugin-openapi-docs
// set up as its README says (one plugin entry per spec, the theme's ApiItem), every spec in one
// public build, with the same Docusaurus Faster settings Portico uses. No Portico code involved.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writeBaselineSite({ corpusDir, siteDir }) {
  await rm(siteDir, { recursive: true, force: true });
  await mkdir(path.join(siteDir, 'docs'), { recursive: true });
  const specs = (await readdir(corpusDir)).filter((name) => name.endsWith('.json')).sort();
  const ids = specs.map((name) => name.replace(/\.json$/, ''));
  const config = Object.fromEntries(
    ids.map((id, index) => [
      id.replace(/-/g, '_'),
      { specPath: path.join(corpusDir, specs[index]), outputDir: `docs/${id}`, sidebarOptions: { groupPathsBy: 'tag', categoryLinkSource: 'tag' } },
    ]),
  );
  // No "type": Docusaurus' generated files and server bundle are CommonJS (see decision 006).
  await writeFile(path.join(siteDir, 'package.json'), JSON.stringify({ name: 'baseline', private: true }, null, 2));
  await writeFile(path.join(siteDir, 'docs', 'intro.md'), '# APIs\n\nEvery API of the corpus.\n');
  await writeFile(
    path.join(siteDir, 'sidebars.ts'),
    `${ids.map((id, index) => `import sidebar${index} from './docs/${id}/sidebar';`).join('\n')}\n\nexport default {\n  docs: [\n    'intro',\n${ids.map((id, index) => `    { type: 'category', label: ${JSON.stringify(id)}, items: sidebar${index} },`).join('\n')}\n  ],\n};\n`,
  );
  await writeFile(
    path.join(siteDir, 'docusaurus.config.js'),
    `module.exports = ${JSON.stringify(
      {
        title: 'Baseline',
        url: 'http://localhost:3000',
        baseUrl: '/',
        onBrokenLinks: 'warn',
        future: {
          v4: true,
          faster: {
            swcJsLoader: true,
            swcJsMinimizer: true,
            swcHtmlMinimizer: true,
            lightningCssMinimizer: true,
            rspackBundler: true,
            mdxCrossCompilerCache: true,
            ssgWorkerThreads: true,
            rspackPersistentCache: false,
            gitEagerVcs: false,
          },
        },
        presets: [['classic', { docs: { sidebarPath: './sidebars.ts', docItemComponent: '@theme/ApiItem', routeBasePath: 'apis' }, blog: false }]],
        plugins: [['docusaurus-plugin-openapi-docs', { id: 'openapi', docsPluginId: 'classic', config }]],
        themes: ['docusaurus-theme-openapi-docs'],
      },
      null,
      2,
    )};\n`,
  );
  return { siteDir, ids };
}
