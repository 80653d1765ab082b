import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_SAMPLE_LANGUAGES, createSiteConfig } from '../../plugins/portico/site-config.ts';
import { projectRoot } from '../support/fixture-paths.ts';

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
    expect(prism.additionalLanguages).toEqual(expect.arrayContaining(['bash']));
    // Java and C# load with the explorer, not in every page's start-up (Lighthouse: +300 ms of TBT on a phone).
    expect(prism.additionalLanguages).not.toContain('java');
    expect(prism.additionalLanguages).not.toContain('csharp');
    const wrapper = readFileSync(path.join(projectRoot, 'src/theme/ApiExplorer/index.tsx'), 'utf8');
    for (const grammar of ['prism-java', 'prism-csharp']) expect(wrapper).toContain(`'prismjs/components/${grammar}'`);
    for (const grammar of ['java', 'csharp']) expect(require.resolve(`prismjs/components/prism-${grammar}`)).toBeTruthy();
  });
});
