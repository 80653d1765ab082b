import type { Config, PluginConfig } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import type { NavbarItem } from '@docusaurus/theme-common';
import { themes as prismThemes } from 'prism-react-renderer';
import type { BuildTarget } from './build/targets.ts';
import remarkApiLinks from './remark-api-links.ts';

/** docusaurus-theme-openapi-docs' `languageTabs`: which postman-code-generators languages, in this order. */
export const CODE_SAMPLE_LANGUAGES = [
  { language: 'curl', highlight: 'bash', logoClass: 'curl' },
  { language: 'nodejs', highlight: 'javascript', logoClass: 'nodejs' },
  { language: 'python', highlight: 'python', logoClass: 'python' },
  { language: 'java', highlight: 'java', logoClass: 'java' },
  { language: 'csharp', highlight: 'csharp', logoClass: 'csharp' },
  { language: 'go', highlight: 'go', logoClass: 'go' },
];

/**
 * The Docusaurus config of one build target. Everything here is serialized into the
 * build's main.js, so it may only hold what that build is allowed to show: the public
 * config names no private API, a private config names only its own.
 */
export function createSiteConfig(target: BuildTarget): Config {
  const isCatalog = target.kind === 'public';
  const isPublic = target.kind !== 'private';
  const apiDocsPlugin: PluginConfig[] =
    target.kind !== 'public'
      ? [
          [
            '@docusaurus/plugin-content-docs',
            {
              id: 'apis',
              path: target.apiDocs.docsRoot,
              routeBasePath: isPublic ? 'apis' : '/',
              sidebarPath: target.apiDocs.sidebarPath,
              ...(target.apiDocs.include ? { include: target.apiDocs.include } : {}),
              docItemComponent: '@theme/ApiItem',
              // Operations are the API's table of contents: show them all.
              sidebarCollapsed: false,
            },
          ],
        ]
      : [];

  return {
    title: target.kind === 'private' ? `${target.title} · Portico` : 'Portico',
    tagline: 'APIs for partners, customers and prospects',
    favicon: 'img/favicon.svg',
    url: target.siteUrl,
    baseUrl: target.baseUrl,
    trailingSlash: undefined,
    onBrokenLinks: 'throw',
    onBrokenAnchors: 'warn',
    markdown: { hooks: { onBrokenMarkdownLinks: 'throw' } },
    future: {
      v4: true,
      // Docusaurus Faster (Rspack, SWC, Lightning CSS): the webpack build of the OpenAPI
      // theme fails or renders broken pages here (see DESIGN.md, "Facts measured here").
      faster: {
        swcJsLoader: true,
        swcJsMinimizer: true,
        swcHtmlMinimizer: true,
        lightningCssMinimizer: true,
        rspackBundler: true,
        mdxCrossCompilerCache: true,
        ssgWorkerThreads: true,
        rspackPersistentCache: target.rspackCacheDir !== undefined,
        gitEagerVcs: false,
      },
    },
    i18n: { defaultLocale: 'en', locales: ['en'] },
    presets: [
      [
        'classic',
        {
          docs: isCatalog ? { path: 'docs/guides', routeBasePath: 'guides', sidebarPath: './sidebars.ts', remarkPlugins: [remarkApiLinks] } : false,
          blog: false,
          pages: isCatalog ? {} : false,
          theme: { customCss: './src/css/custom.css' },
          sitemap: isPublic ? { ignorePatterns: ['/private/**'] } : false,
        } satisfies Preset.Options,
      ],
    ],
    plugins: [
      ...apiDocsPlugin,
      [
        './plugins/portico/index.ts',
        {
          ...(target.kind === 'public' ? { catalogFile: target.catalogFile } : { tokenSchemes: target.tokenSchemes }),
          ...(target.rspackCacheDir ? { rspackCacheDir: target.rspackCacheDir } : {}),
          ...(target.minifyCacheDir ? { minifyCacheDir: target.minifyCacheDir } : {}),
        },
      ],
    ],
    // The catalog build shows no API docs: without the OpenAPI theme it bundles no explorer.
    themes: isCatalog ? [] : ['docusaurus-theme-openapi-docs'],
    themeConfig: {
      colorMode: { respectPrefersColorScheme: true },
      navbar: {
        title: 'Portico',
        // The title beside it says "Portico": an alt saying it again is read twice (Lighthouse).
        logo: { alt: '', src: 'img/logo.svg', href: isCatalog ? '/' : 'pathname:///', target: '_self' },
        items: navbarItemsOf(target),
      },
      footer: {
        style: 'dark',
        copyright: `Portico developer portal. Private API documentation is shown only to approved readers.`,
      },
      // Java and C# (the explorer's samples) load with the explorer (src/theme/ApiExplorer), not on every page.
      prism: { theme: prismThemes.github, darkTheme: prismThemes.dracula, additionalLanguages: ['bash', 'json'] },
      // The explorer's code samples: the languages partners use, curl first (issue 18 item 4).
      ...(isCatalog ? {} : { languageTabs: CODE_SAMPLE_LANGUAGES }),
    } satisfies Preset.ThemeConfig,
  };
}

/**
 * Only the catalog build routes `/` and `/guides`: every other build links there with
 * `pathname://` (a full page load), since its own router does not know those pages.
 */
function navbarItemsOf(target: BuildTarget): NavbarItem[] {
  const account: NavbarItem = { type: 'custom-account', position: 'right' };
  if (target.kind === 'public') {
    return [
      // Active on the catalog, an Overview and API docs only (the optional group matched every page).
      { to: '/', label: 'API catalog', position: 'left', activeBaseRegex: '^/$|^/(catalog|apis)(/|$)' },
      { to: '/guides/getting-started', label: 'Guides', position: 'left', activeBasePath: '/guides' },
      account,
    ];
  }
  // autoAddBaseUrl: false — a private build's baseUrl (/private/<slug>/) must not be put in front
  // of links to the site's root (issue 16: "API catalog" led to the private docs, "Guides" to a 404).
  const catalog: NavbarItem = { to: 'pathname:///', label: 'API catalog', position: 'left', target: '_self', autoAddBaseUrl: false };
  const guides: NavbarItem = { to: 'pathname:///guides/getting-started', label: 'Guides', position: 'left', target: '_self', autoAddBaseUrl: false };
  if (target.kind === 'public-apis') return [{ ...catalog, activeBaseRegex: '^/apis/' }, guides, account];
  // A later part of an API built in parts (decision 027) does not hold the API's first page.
  const apiRoot: NavbarItem = target.apiDocs.include
    ? { to: `pathname://${target.baseUrl}`, label: target.title, position: 'left', target: '_self', autoAddBaseUrl: false }
    : { to: '/', label: target.title, position: 'left', activeBasePath: '/' };
  return [catalog, guides, apiRoot, account];
}
