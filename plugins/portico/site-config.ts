import type { Config, PluginConfig } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import { themes as prismThemes } from 'prism-react-renderer';
import type { BuildTarget } from './build/targets.ts';

/**
 * The Docusaurus config of one build target. Everything here is serialized into the
 * build's main.js, so it may only hold what that build is allowed to show: the public
 * config names no private API, a private config names only its own.
 */
export function createSiteConfig(target: BuildTarget): Config {
  const isPublic = target.kind === 'public';
  const apiDocsPlugin: PluginConfig[] = target.apiDocs
    ? [
        [
          '@docusaurus/plugin-content-docs',
          {
            id: 'apis',
            path: target.apiDocs.docsRoot,
            routeBasePath: isPublic ? 'apis' : '/',
            sidebarPath: target.apiDocs.sidebarPath,
            docItemComponent: '@theme/ApiItem',
            // Operations are the API's table of contents: show them all.
            sidebarCollapsed: false,
          },
        ],
      ]
    : [];

  return {
    title: isPublic ? 'Portico' : `${target.title} · Portico`,
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
          docs: isPublic
            ? { path: 'docs/guides', routeBasePath: 'guides', sidebarPath: './sidebars.ts' }
            : false,
          blog: false,
          pages: isPublic ? {} : false,
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
          ...(isPublic ? { catalogFile: target.catalogFile } : {}),
          tokenSchemes: target.tokenSchemes,
          ...(target.rspackCacheDir ? { rspackCacheDir: target.rspackCacheDir } : {}),
        },
      ],
    ],
    themes: ['docusaurus-theme-openapi-docs'],
    themeConfig: {
      colorMode: { respectPrefersColorScheme: true },
      navbar: {
        title: 'Portico',
        logo: { alt: 'Portico', src: 'img/logo.svg', href: isPublic ? '/' : 'pathname:///', target: '_self' },
        items: isPublic
          ? [
              { to: '/', label: 'API catalog', position: 'left', activeBaseRegex: '^/(catalog|apis)?' },
              { to: '/guides/getting-started', label: 'Guides', position: 'left', activeBasePath: '/guides' },
              { type: 'custom-account', position: 'right' },
            ]
          : [
              { to: 'pathname:///', label: 'API catalog', position: 'left', target: '_self' },
              { to: 'pathname:///guides/getting-started', label: 'Guides', position: 'left', target: '_self' },
              { to: '/', label: target.title, position: 'left', activeBasePath: '/' },
              { type: 'custom-account', position: 'right' },
            ],
      },
      footer: {
        style: 'dark',
        copyright: `Portico developer portal. Private API documentation is shown only to approved readers.`,
      },
      prism: { theme: prismThemes.github, darkTheme: prismThemes.dracula, additionalLanguages: ['bash', 'json'] },
    } satisfies Preset.ThemeConfig,
  };
}
