import { describe, expect, it } from 'vitest';
import { boundSchemas, DEFAULT_SCHEMA_DEPTH, schemaRefName } from '../../plugins/portico/build/pages/bound-schemas.ts';
import type { ParsedJson } from '../support/parsed-json.ts';

/** The pure pass behind pages of bounded size (issue 14 item 4): what the generator is handed. */
type Json = Record<string, ParsedJson>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
function spec(schema: unknown, schemas: Json): Json {
  return {
    openapi: '3.1.0',
    info: { title: 'T', version: '1' },
    paths: { '/x': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } } } },
    components: { schemas },
  };
}
const responseSchema = (document: Json): Json => document.paths['/x'].get.responses['200'].content['application/json'].schema;

describe('bounded schemas', () => {
  it('a recursive schema is expanded once, then named; the original document is unchanged', () => {
    const document = spec(ref('Node'), { Node: { type: 'object', properties: { children: { type: 'array', items: ref('Node') } } } });
    const before = JSON.stringify(document);
    const node = responseSchema(boundSchemas(document));
    expect(node.title).toBe('Node');
    expect(node.properties.children.items).toEqual({ title: 'Node', description: expect.stringMatching(/^A Node: .*component `Node`.*not expanded again/) });
    expect(JSON.stringify(document)).toBe(before);
  });

  it('references deeper than maxDepth become stubs keeping a simple type; the option defaults to 2', () => {
    const schemas = {
      A: { type: 'object', properties: { b: ref('B') } },
      B: { type: 'object', properties: { c: ref('C') } },
      C: { type: 'object', properties: { d: ref('D') } },
      D: { type: 'string', format: 'date' },
    };
    expect(DEFAULT_SCHEMA_DEPTH).toBe(2);
    const shallow = responseSchema(boundSchemas(spec(ref('A'), schemas)));
    expect(shallow.properties.b.title).toBe('B');
    expect(shallow.properties.b.properties.c).toEqual({ title: 'C', description: expect.stringMatching(/^A C: .*not expanded here/) });
    const deeper = responseSchema(boundSchemas(spec(ref('A'), schemas), { maxDepth: 3 }));
    expect(deeper.properties.b.properties.c.properties.d).toMatchObject({ title: 'D', type: 'string' });
    // Bad option values fall back to the default rather than failing the build.
    expect(responseSchema(boundSchemas(spec(ref('A'), schemas), { maxDepth: -1 }))).toEqual(shallow);
  });

  it('allOf inheritance merges whole members even at the limit; oneOf members count as levels', () => {
    const schemas = {
      Pet: { type: 'object', properties: { name: { type: 'string' } } },
      Cat: { allOf: [ref('Pet'), { type: 'object', properties: { purrs: { type: 'boolean' } } }] },
      Owner: { type: 'object', properties: { cat: ref('Cat') } },
    };
    const owner = responseSchema(boundSchemas(spec(ref('Owner'), schemas), { maxDepth: 2 }));
    expect(owner.properties.cat.allOf[0].properties.name).toEqual({ type: 'string' });
    const choice = responseSchema(boundSchemas(spec({ oneOf: [ref('Pet'), ref('Cat')] }, schemas), { maxDepth: 0 }));
    expect(choice.oneOf.map((member: Json) => member.description)).toEqual([expect.stringMatching(/^A Pet/), expect.stringMatching(/^A Cat/)]);
  });

  it('component schemas keep their body with nested references named; examples and a property named $ref are left alone', () => {
    const schemas = {
      Thing: { type: 'object', properties: { $ref: { type: 'string' }, other: ref('Other') }, example: { $ref: '#/components/schemas/Other' } },
      Other: { type: 'object', properties: { x: { type: 'integer' } } },
    };
    const bounded: Json = boundSchemas(spec(ref('Thing'), schemas));
    expect(bounded.components.schemas.Thing.properties.other).toMatchObject({ title: 'Other' });
    expect(bounded.components.schemas.Thing.properties.other.properties).toBeUndefined();
    const thing = responseSchema(bounded);
    expect(thing.properties.$ref).toEqual({ type: 'string' });
    expect(thing.properties.other.properties.x).toEqual({ type: 'integer' });
    expect(thing.example).toEqual({ $ref: '#/components/schemas/Other' });
  });

  it('bad input never throws: missing targets, odd names, no components, non-object nodes', () => {
    const odd = spec({ anyOf: [ref('Missing'), ref('we%20ird~1name'), null, 3, 'text'] }, { 'we ird/name': { type: 'string' } });
    const result = responseSchema(boundSchemas(odd, { maxDepth: 0 }));
    expect(result.anyOf[0]).toEqual(ref('Missing'));
    expect(result.anyOf[1]).toEqual({ title: 'we_ird_name', type: 'string', description: expect.stringMatching(/^A we_ird_name:/) });
    expect(boundSchemas({ openapi: '3.0.0', paths: {} })).toEqual({ openapi: '3.0.0', paths: {} });
    expect(() => boundSchemas({ components: { schemas: [] }, paths: 'nope' } as Json)).not.toThrow();
    expect(schemaRefName({ $ref: '#/components/schemas/A/properties/b' })).toBeUndefined();
    expect(schemaRefName({ $ref: 'other.yaml#/A' })).toBeUndefined();
  });

  it('media types with the same schema: the first is expanded, the others name it', () => {
    const schemas = { Video: { type: 'object', properties: { title: { type: 'string', description: 'The title.' } } } };
    const media = Object.fromEntries(
      ['application/json', 'video/*', 'application/octet-stream'].map((type) => [type, { schema: ref('Video'), example: { title: 'x' } }]),
    );
    const document = spec(ref('Video'), schemas);
    document.paths['/x'].get.requestBody = { content: media };
    const body = (boundSchemas(document) as Json).paths['/x'].get.requestBody.content;
    expect(body['application/json'].schema.properties.title.description).toBe('The title.');
    for (const type of ['video/*', 'application/octet-stream']) {
      expect(body[type].schema).toEqual({ title: 'Video', description: 'The same schema as `application/json`.' });
      expect(body[type].example).toEqual({ title: 'x' });
    }
  });

  it('an operation over its size budget is shown shallower, down to names only', () => {
    // 60 properties, each a distinct schema of 60 described fields: ~250 KB at depth 2.
    const fields = Object.fromEntries(
      Array.from({ length: 60 }, (_, index) => [
        `field${index}`,
        { type: 'string', description: `Field ${index} of a very wide schema, described at length.` },
      ]),
    );
    const schemas: Json = {
      Wide: { type: 'object', properties: Object.fromEntries(Array.from({ length: 60 }, (_, index) => [`part${index}`, ref(`Part${index}`)])) },
    };
    for (let index = 0; index < 60; index++) schemas[`Part${index}`] = { type: 'object', properties: fields };
    const generous = boundSchemas(spec(ref('Wide'), schemas), { operationBudget: 10 * 1024 * 1024 });
    expect(responseSchema(generous).properties.part0.properties.field0.description).toMatch(/^Field 0/);
    const bounded: Json = boundSchemas(spec(ref('Wide'), schemas), { operationBudget: 64 * 1024 });
    expect(JSON.stringify(bounded.paths['/x'].get).length).toBeLessThanOrEqual(64 * 1024);
    expect(responseSchema(bounded).title).toBe('Wide');
    expect(responseSchema(bounded).properties.part0).toMatchObject({ title: 'Part0', description: expect.stringMatching(/^A Part0:/) });
    // However small the budget, the operation keeps its shape: names only, never dropped.
    const tiny = boundSchemas(spec(ref('Wide'), schemas), { operationBudget: 10 });
    expect(responseSchema(tiny)).toMatchObject({ title: 'Wide', description: expect.stringMatching(/^A Wide:/) });
  });

  it('a chain of 300 references (which the generator could not read) leaves no schema reference and stays shallow', () => {
    const schemas = Object.fromEntries(
      Array.from({ length: 300 }, (_, index) => [
        `S${index}`,
        index === 299 ? { type: 'string' } : { type: 'object', properties: { next: ref(`S${index + 1}`) } },
      ]),
    );
    const bounded = boundSchemas(spec(ref('S0'), schemas));
    expect(JSON.stringify(bounded)).not.toContain('"$ref"');
    expect(responseSchema(bounded).properties.next.properties.next).toMatchObject({ title: 'S2', description: expect.stringMatching(/^A S2:/) });
  });
});
