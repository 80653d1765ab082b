import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeDestination, neutralizeCodeText, neutralizeMarkdown, neutralizeTitle, neutralizeUrl } from '../../plugins/portico/spec/neutralize-markdown.ts';
import { sanitizeDocumentMarkup } from '../../plugins/portico/spec/sanitize-markup.ts';
import { htmlAdmonitions, liveMarkup, mdxTree, themeTree, visibleText } from '../support/render-markup.ts';
import type { ParsedJson } from '../support/parsed-json.ts';

/** Classic stored-XSS payloads, each tagged so the test can find its text afterwards. */
const PAYLOADS: Record<string, string> = {
  script: '<script>window.__xss="script"</script>',
  img: '<img src=x onerror="window.__xss=\'img\'">',
  imgClosed: '<img src="x" onerror="window.__xss=\'imgClosed\'" />',
  svg: '"><svg onload="window.__xss=\'svg\'">',
  iframe: '<iframe srcdoc="&lt;script&gt;parent.__xss=1&lt;/script&gt;"></iframe>',
  anchor: '<a href="javascript:window.__xss=\'anchor\'">anchor</a>',
  mdLink: '[mdLink](javascript:window.__xss=1) [enc](java&#115;cript:alert(1)) [ws]( JaVa\tScRiPt:x)',
  dataLink: '[dataLink](data:text/html;base64,PHNjcmlwdD4=) ![img](javascript:alert(1))',
  refLink: '[refLink][r]\n\n[r]: javascript:window.__xss=1',
  template: '{{constructor.constructor("window.__xss=1")()}}',
  expression: "{(typeof window === 'object') && (window.__xss = 'expression')}",
  escapedTicks: "\\`{(typeof window==='object')&&(window.__xss='escapedTicks')}\\`",
  esm: "export const leak = typeof window === 'object' && (window.__xss = 'esm')",
  style: '<div style="background:url(javascript:alert(1))">style</div>',
  mutation: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  details: '<details open ontoggle="window.__xss=1">details</details>',
  xlink: '<svg><a xlink:href="javascript:alert(1)"><text y="15">xlink</text></a></svg>',
  fenceDesync: '    ```\nx\n```\n<script>window.__xss="fenceDesync"</script>\n```',
  listFence: '- item\n\n  ```\n<script>window.__xss="listFence"</script>\n  ```',
  tableSpan: '| a | b |\n| - | - |\n| `x | <img src=x onerror=alert(1)>` | y |',
  admonition: ':::note &lt;img src=x onerror="window.__xss=1"&gt; :::',
  admonitionEscaped: ':::note \\<img src=x onerror="window.__xss=1"> :::',
  comment: '<!-- <script>alert(1)</script> -->',
  autolink: '<javascript:alert(1)> <https://fine.example/a>',
  unclosedFence: '```\n<script>window.__xss="unclosed"</script>',
  tildeDesync: '    ~~~\n```\n~~~\n<script>window.__xss="tildeDesync"</script>\n```',
};

async function expectInertEverywhere(text: string): Promise<void> {
  const sanitized = neutralizeMarkdown(text);
  expect(liveMarkup(await mdxTree(sanitized)), `MDX page: ${sanitized}`).toEqual([]);
  expect(liveMarkup(await mdxTree(sanitized, 'component')), `MDX in a component: ${sanitized}`).toEqual([]);
  expect(liveMarkup(await mdxTree(sanitized, 'raw')), `MDX written without the generator's escaping: ${sanitized}`).toEqual([]);
  expect(liveMarkup(themeTree(sanitized)), `theme markdown: ${sanitized}`).toEqual([]);
  expect(htmlAdmonitions(sanitized), `theme admonition: ${sanitized}`).toEqual([]);
}

describe('neutralizeMarkdown', () => {
  it('the payloads are live without it: each one is markup in MDX (description or raw) or in the theme, or breaks the MDX build', async () => {
    for (const [name, payload] of Object.entries(PAYLOADS)) {
      if (['autolink', 'dataLink', 'mdLink', 'refLink'].includes(name)) continue; // links: judged by isSafeDestination below
      const mdx = [
        ...(await mdxTree(payload).then(liveMarkup, () => ['MDX compile error'])),
        ...(await mdxTree(payload, 'raw').then(liveMarkup, () => ['MDX compile error'])),
      ];
      const theme = [...liveMarkup(themeTree(payload)), ...htmlAdmonitions(payload)];
      expect([...mdx, ...theme].length, name).toBeGreaterThan(0);
    }
  });

  it('makes every payload inert for MDX (page and component) and for the theme, and keeps its text readable', async () => {
    for (const [name, payload] of Object.entries(PAYLOADS)) {
      await expectInertEverywhere(payload);
      const text = visibleText(themeTree(neutralizeMarkdown(payload)));
      const marker = /__xss|alert\(1\)|constructor|export const|background/.exec(payload)?.[0];
      if (marker && !['mdLink', 'dataLink', 'refLink'].includes(name)) expect(text, name).toContain(marker);
    }
  });

  it('keeps ordinary markdown exactly as it renders today', async () => {
    const ordinary = [
      '# Claims',
      '',
      'Declare a **claim** and follow it: *three* steps, `GET /claims/{id}` and `List<Claim>`.',
      '',
      '- one [docs](https://insurer.example/docs) and [relative](../guides/start) and [anchor](#errors)',
      '- two <b',
      '',
      '1. first',
      '2. second',
      '',
      '> A quote with [mail](mailto:claims@insurer.example).',
      '',
      '| field | meaning |',
      '| ----- | ------- |',
      '| `id`  | the claim |',
      '',
      '```json',
      '{ "amount": 12, "xml": "<a/>" }',
      '```',
    ]
      .join('\n')
      .replace('- two <b', '- two');
    const stripped = (tree: unknown) => JSON.stringify(tree, (key, value) => (key === 'position' ? undefined : value));
    expect(stripped(await mdxTree(neutralizeMarkdown(ordinary)))).toBe(stripped(await mdxTree(ordinary)));
    expect(stripped(themeTree(neutralizeMarkdown(ordinary)))).toBe(stripped(themeTree(ordinary)));
  });

  it('shows <, { and } as the same characters, and turns <https://…> into a link both renderers read', async () => {
    const text = 'If a < b then {x} & `code <T>` see <https://insurer.example/a_(b)>';
    const theme = themeTree(neutralizeMarkdown(text));
    expect(visibleText(theme)).toBe('If a < b then {x} & code <T> see https://insurer.example/a_(b)');
    expect(visibleText(await mdxTree(neutralizeMarkdown(text)))).toBe(visibleText(theme));
    expect(JSON.stringify(theme)).toContain('"href":"https://insurer.example/a_%28b%29"');
  });

  it('holds against arbitrary mixes of markup, code fences, escapes and links (property)', async () => {
    const tokens = [
      '<script>',
      '</script>',
      '<img src=x onerror=alert(1)>',
      '<',
      '>',
      '{',
      '}',
      '`',
      '``',
      '```',
      '~~~',
      '\\',
      '\n',
      '\n\n',
      '    ',
      '  ',
      '- ',
      '> ',
      '| ',
      ':::note ',
      ' :::',
      'export const a = 1',
      'import a from "b"',
      '[x](',
      'javascript:',
      ')',
      '[r]: ',
      '&lt;',
      '&#60;',
      'a',
      ' ',
      '"',
      "'",
      '=',
      'ok',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...tokens), { maxLength: 40 }).map((parts) => parts.join('')),
        async (text) => {
          await expectInertEverywhere(text);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('the other string kinds', () => {
  it('titles stay on one line, without control characters', () => {
    expect(neutralizeTitle('Get a claim\n---\n<script>x</script>\u0007')).toBe('Get a claim --- <script>x</script>');
  });

  it('URLs: only http(s) and mailto, percent-encoded so they cannot leave a markdown link or a JavaScript string', () => {
    expect(neutralizeUrl('javascript:alert(1)')).toBeUndefined();
    expect(neutralizeUrl(' data:text/html,x')).toBeUndefined();
    expect(neutralizeUrl("x'}{alert(1)}{'")).toBeUndefined();
    expect(neutralizeUrl("https://insurer.example/a'b(c){d}`e<f> g")).toBe('https://insurer.example/a%27b%28c%29%7Bd%7D%60e%3Cf%3E%20g');
    expect(neutralizeUrl('mailto:claims@insurer.example')).toBe('mailto:claims@insurer.example');
  });

  it('link destinations: schemes other than http(s), mailto and tel are refused however they are spelled', () => {
    for (const bad of [
      'javascript:x',
      'JAVASCRIPT:x',
      ' java\tscript:x',
      '&#106;avascript:x',
      '&#x6A;avascript:x',
      'javascript&colon;x',
      'vbscript:x',
      'data:text/html,x',
      '<javascript:x>',
    ]) {
      expect(isSafeDestination(bad), bad).toBe(false);
    }
    for (const good of ['https://x.example', 'http://x.example/a?b=1&c=2', 'mailto:a@b.example', '/relative', '../up', '#anchor', 'page.html'])
      expect(isSafeDestination(good), good).toBe(true);
  });

  it('code-span data: no backtick or line break left to close the span', () => {
    expect(neutralizeCodeText('v` <iframe srcdoc=x>\n\n`')).toBe('vˋ <iframe srcdoc=x> ˋ');
    expect(neutralizeCodeText('^[0-9]{4}$')).toBe('^[0-9]{4}$');
  });
});

describe('sanitizeDocumentMarkup', () => {
  const hostile = {
    openapi: '3.1.0',
    info: {
      title: 'T\n---\nx',
      version: '1',
      summary: 'S\nline',
      description: '<script>alert(1)</script>',
      termsOfService: "x'}{alert(1)}{'",
      contact: { name: '<b>n</b>', url: 'javascript:alert(1)' },
      license: { name: 'L', url: 'https://l.example/(x)' },
    },
    servers: [
      {
        url: 'https://{region}.api.example/v1',
        description: '<img src=x onerror=alert(1)>',
        variables: { region: { default: 'eu', enum: ['eu', 'us'], description: '{x}' } },
      },
    ],
    tags: [{ name: 'Tag\nname', description: '<svg onload=alert(1)>' }],
    paths: {
      '/things/{id}': {
        get: {
          summary: 'Get {id}\nnow',
          tags: ['Tag\nname'],
          parameters: [
            {
              name: 'id',
              in: 'path',
              description: '[x](javascript:alert(1))',
              schema: { type: 'string', pattern: '^[0-9]{4}$', enum: ['a`<b>', 'plain'], default: '<d>', example: '<e>' },
            },
          ],
          responses: {
            200: {
              description: '<iframe>',
              content: {
                'application/json': { examples: { one: { summary: '<i>s</i>', value: { xml: '<a/>' } } }, schema: { $ref: '#/components/schemas/Thing' } },
              },
            },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        oauth: {
          type: 'oauth2',
          description: 'export const a = 1',
          flows: { clientCredentials: { tokenUrl: 'javascript:x', scopes: { 'read<x>': '<script>' } } },
        },
      },
      schemas: {
        Thing: {
          type: 'object',
          properties: { default: { type: 'string', description: '<img src=x onerror=alert(1)>' }, enum: { type: 'string', description: '{x}' } },
          examples: [{ default: '<keep>' }],
        },
      },
    },
    'x-portal': { visibility: 'public', summary: '<script>kept: rendered as React text</script>' },
    ['__proto__']: { polluted: true },
  } as Record<string, unknown>;

  it('escapes prose, flattens titles, drops unsafe URLs, keeps data as written, changes nothing in place', () => {
    const before = structuredClone(hostile);
    const out = sanitizeDocumentMarkup(hostile) as ParsedJson;
    expect(hostile).toEqual(before);
    expect(out.info).toMatchObject({
      title: 'T --- x',
      summary: 'S line',
      description: '&lt;script>alert(1)&lt;/script>',
      contact: { name: '&lt;b>n&lt;/b>' },
      license: { url: 'https://l.example/%28x%29' },
    });
    expect(out.info.termsOfService).toBeUndefined();
    expect(out.info.contact.url).toBeUndefined();
    expect(out.servers[0]).toMatchObject({ url: 'https://{region}.api.example/v1', description: '&lt;img src=x onerror=alert(1)>' });
    expect(out.servers[0].variables.region).toEqual({ default: 'eu', enum: ['eu', 'us'], description: '&#123;x&#125;' });
    expect(out.tags[0].name).toBe('Tag name');
    const operation = out.paths['/things/{id}'].get;
    expect(operation.summary).toBe('Get {id} now');
    expect(operation.tags).toEqual(['Tag name']);
    expect(operation.parameters[0].description).toBe('[x](#)');
    expect(operation.parameters[0].schema).toEqual({ type: 'string', pattern: '^[0-9]{4}$', enum: ['aˋ<b>', 'plain'], default: '<d>', example: '<e>' });
    expect(operation.responses[200].description).toBe('&lt;iframe>');
    expect(operation.responses[200].content['application/json'].examples.one).toEqual({ summary: '&lt;i>s&lt;/i>', value: { xml: '<a/>' } });
    const scheme = out.components.securitySchemes.oauth;
    expect(scheme.description).toBe('&#101;xport const a = 1');
    expect(scheme.flows.clientCredentials.tokenUrl).toBeUndefined();
    expect(scheme.flows.clientCredentials.scopes).toEqual({ 'read&lt;x>': '&lt;script>' });
    expect(out.components.schemas.Thing.properties.default.description).toBe('&lt;img src=x onerror=alert(1)>');
    expect(out.components.schemas.Thing.properties.enum.description).toBe('&#123;x&#125;');
    expect(out.components.schemas.Thing.examples).toEqual([{ default: '<keep>' }]);
    expect(out['x-portal']).toEqual(hostile['x-portal']);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
