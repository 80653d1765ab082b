import { describe, expect, it } from 'vitest';
import { checkPage } from '../../plugins/portico/build/pages/check-pages.ts';
import { splitPageData } from '../../plugins/portico/build/pages/page-data.ts';

/**
 * Issue 14: MDX parses a JSX attribute's expression in quadratic time, and the generator writes
 * every schema as one. Large attributes move to a JSON module the page imports.
 */
const FRONT_MATTER = '---\nid: "create-thing"\ntitle: "Create a thing"\napi: "eJx…"\n---\n';
function page(body: unknown): string {
  return `${FRONT_MATTER}\nimport RequestSchema from "@theme/RequestSchema";\n\n<RequestSchema\n  title={"Body"}\n  body={${JSON.stringify(body)}}\n>\n</RequestSchema>\n`;
}
function wide(fields: number): Record<string, unknown> {
  return {
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: Object.fromEntries(
            Array.from({ length: fields }, (_, index) => [
              `field${index}`,
              { type: 'string', description: `Field {${index}} with "quotes" and </RequestSchema> in it.` },
            ]),
          ),
        },
      },
    },
  };
}

describe('page data out of the MDX', () => {
  it('a large attribute becomes pageData.pN, imported from the JSON file beside the page, with the same value', async () => {
    const body = wide(40);
    const split = splitPageData(page(body), 'create-thing.api.data.json');
    expect(split.data).toEqual({ p0: body });
    expect(split.mdx.startsWith(FRONT_MATTER)).toBe(true);
    expect(split.mdx).toContain('import pageData from "./create-thing.api.data.json";');
    expect(split.mdx).toContain('  body={pageData.p0}');
    // Small attributes stay where they were.
    expect(split.mdx).toContain('  title={"Body"}');
    expect(split.mdx).not.toContain('Field {0}');
    expect(await checkPage(split.mdx)).toBeUndefined();
  });

  it('a page with nothing large is left exactly as it was, with no data file', () => {
    const text = page({ content: { 'application/json': { schema: { type: 'string' } } } });
    expect(splitPageData(text, 'x.data.json')).toEqual({ mdx: text });
  });

  it('an attribute that is not JSON is left as written', () => {
    const text = `${FRONT_MATTER}\n<Thing\n  value={someFunction(${'"x", '.repeat(80)}"y")}\n/>\n`;
    expect(splitPageData(text, 'x.data.json')).toEqual({ mdx: text });
  });

  it('what the MDX parser is left with is small however large the schemas (speed itself: bench/README.md)', () => {
    const inline = page(wide(400));
    const split = splitPageData(inline, 'x.data.json').mdx;
    expect(inline.length).toBeGreaterThan(40_000);
    expect(split.length).toBeLessThan(600);
    expect(Math.max(...split.split('\n').map((line) => line.length))).toBeLessThan(200);
  });
});
