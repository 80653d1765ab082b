import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CODE_SAMPLE_LANGUAGES, createSiteConfig } from '../../plugins/portico/site-config.ts';

/**
 * Issue 18 item 4: the explorer's code samples come in the languages partners use, curl first,
 * then Node, Python, Java, C# and Go, each a language postman-code-generators (the theme's
 * generator) really has. What the explorer draws is the site tests' to see.
 */
const require = createRequire(import.meta.url);
const generators = require('postman-code-generators') as { getLanguageList(): Array<{ key: string }> };

const apiBuild = createSiteConfig({
  kind: 'public-apis',
  siteUrl: 'https://portal.test',
  baseUrl: '/',
  apiDocs: { docsRoot: '/tmp/docs', sidebarPath: '/tmp/sidebars.js' },
  tokenSchemes: {},
});

describe('code sample languages', () => {
  it('are curl, Node, Python, Java, C#, Go in that order in every API build', () => {
    const tabs = (apiBuild.themeConfig as { languageTabs?: Array<{ language: string }> }).languageTabs;
    expect(tabs?.map((tab) => tab.language)).toEqual(['curl', 'nodejs', 'python', 'java', 'csharp', 'go']);
  });

  it('are each a language of the generator the theme runs, highlighted by a loaded Prism grammar', () => {
    const known = generators.getLanguageList().map((language) => language.key);
    for (const tab of CODE_SAMPLE_LANGUAGES) expect(known, tab.language).toContain(tab.language);
    const prism = (apiBuild.themeConfig as { prism: { additionalLanguages: string[] } }).prism;
    expect(prism.additionalLanguages).toEqual(expect.arrayContaining(['bash', 'java', 'csharp']));
  });
});
