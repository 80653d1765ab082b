import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BuildStoppedError } from './build-stopped.ts';
import { boundSchemas } from './pages/bound-schemas.ts';
import { externalizePageData } from './pages/page-data.ts';
import { oneLine, pageWriterOptions, type SandboxSection } from './pages/page-writer.ts';

/**
 * Runs docusaurus-plugin-openapi-docs' own generator (the code behind its
 * `gen-api-docs` command) for one spec, without booting a Docusaurus site: we
 * instantiate the plugin with a minimal context and invoke the command it registers.
 * Its chatter ("Successfully created ...") is swallowed; a failure stops the build with one
 * line naming the spec file, the operation and the cause (pages/page-writer.ts).
 */

const require = createRequire(import.meta.url);

interface CommandRecorder {
  description(): CommandRecorder;
  usage(): CommandRecorder;
  arguments(): CommandRecorder;
  option(): CommandRecorder;
  action(fn: (...args: unknown[]) => Promise<void>): CommandRecorder;
}

type GenAction = (id: string, instance: { opts(): Record<string, unknown> }) => Promise<void>;

export interface GenerateOptions {
  /** The spec as the docs should show it (servers rewritten): written next to the output, never published. */
  document?: Record<string, unknown>;
  /** Folder the docs plugin instance reads (its `path`), absolute. */
  docsRoot: string;
  /** Sub-folder of docsRoot for this API (usually the slug). */
  apiDir: string;
  specFile: string;
  /** Docs plugin `routeBasePath` the pages will be served under. */
  routeBasePath: string;
  /** Slug given to the API's info page, relative to routeBasePath ("/" or "/claims"). */
  infoSlug: string;
  /** The spec file as messages name it (relative to the site), default specFile. */
  shownAs?: string;
  /**
   * How many schema references deep operations' schemas are shown inline; deeper and recursive
   * ones are shown by name (pages/bound-schemas.ts). Default DEFAULT_SCHEMA_DEPTH (2).
   */
  schemaDepth?: number;
  /** The API's sandbox, when it has one: its first page gets a "Sandbox access" section (pages/page-writer.ts). */
  sandbox?: SandboxSection;
}

export interface GeneratedApiDocs {
  outputDir: string;
  /** Number of .mdx pages written. */
  pageCount: number;
  /** The doc id of the info (landing) page, relative to docsRoot. */
  infoDocId: string;
  /** Every page by file name, with the operation it shows (for one-line failures). */
  pages: Map<string, string>;
}

export async function generateApiDocs(options: GenerateOptions): Promise<GeneratedApiDocs> {
  const outputDir = path.join(options.docsRoot, options.apiDir);
  await rm(outputDir, { recursive: true, force: true });
  let specFile = options.specFile;
  if (options.document) {
    specFile = path.join(options.docsRoot, `.${options.apiDir}.openapi.json`);
    await mkdir(options.docsRoot, { recursive: true });
    // The generator would inline every schema without bound: hand it a copy with schemas bounded.
    await writeFile(specFile, JSON.stringify(boundSchemas(options.document, { maxDepth: options.schemaDepth })));
  }
  const docsPluginId = 'portico-apis';
  const writer = pageWriterOptions(options.infoSlug, options.sandbox);
  const pluginFactory = (require('docusaurus-plugin-openapi-docs') as { default: (...args: unknown[]) => unknown }).default;
  const plugin = pluginFactory(
    {
      siteDir: options.docsRoot,
      siteConfig: {
        presets: [],
        plugins: [['@docusaurus/plugin-content-docs', { id: docsPluginId, path: options.docsRoot, routeBasePath: options.routeBasePath }]],
      },
    },
    {
      docsPluginId,
      config: {
        api: {
          specPath: specFile,
          outputDir,
          sidebarOptions: { groupPathsBy: 'tag', categoryLinkSource: 'tag' },
          showSchemas: false,
          hideSendButton: false,
          ...writer.options,
        },
      },
    },
  ) as { extendCli(cli: unknown): void };

  const action = captureGenAction(plugin);
  const stop = (cause: string) => new BuildStoppedError(`${options.shownAs ?? options.specFile}: ${cause}`);
  await withQuietConsole(() => action('api', { opts: () => ({}) })).catch((error: unknown) => {
    throw stop(`cannot generate pages: ${oneLine(error)}`);
  });
  if (writer.record.failures.length > 0) throw stop(`cannot generate the page of ${writer.record.failures[0]}`);
  await externalizePageData(outputDir, writer.record.pages.keys());

  const infoFile = (await readdir(outputDir)).find((name) => name.endsWith('.info.mdx'));
  if (!infoFile) throw stop('docusaurus-plugin-openapi-docs wrote no info page');
  const pageCount = (await readdir(outputDir)).filter((name) => name.endsWith('.mdx')).length;
  return { outputDir, pageCount, infoDocId: `${options.apiDir}/${infoFile.replace(/\.info\.mdx$/, '')}`, pages: writer.record.pages };
}

function captureGenAction(plugin: { extendCli(cli: unknown): void }): GenAction {
  let captured: GenAction | undefined;
  const cli = {
    command(name: string): CommandRecorder {
      const recorder: CommandRecorder = {
        description: () => recorder,
        usage: () => recorder,
        arguments: () => recorder,
        option: () => recorder,
        action: (fn) => {
          if (name === 'gen-api-docs') captured = fn as GenAction;
          return recorder;
        },
      };
      return recorder;
    },
  };
  plugin.extendCli(cli);
  if (!captured) throw new Error('docusaurus-plugin-openapi-docs no longer registers gen-api-docs');
  return captured;
}

/** The generator logs every file it writes; keep our own progress output readable. */
async function withQuietConsole<T>(run: () => Promise<T>): Promise<T> {
  const { log, error, warn } = console;
  const errors: string[] = [];
  console.log = () => {};
  console.warn = () => {};
  console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
  try {
    const result = await run();
    if (errors.length > 0) throw new Error(errors.join('\n'));
    return result;
  } finally {
    console.log = log;
    console.error = error;
    console.warn = warn;
  }
}
