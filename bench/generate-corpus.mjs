#!/usr/bin/env node
// Writes a synthetic OpenAPI corpus: N specs × M operations, a share of them private.
// Deterministic (same arguments → same files), so builds of it can be compared and cached.
//
//   node bench/generate-corpus.mjs --specs 100 --operations 30 --private 0.3 --out .portico/bench/corpus-100
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

const RESOURCES = ['policy', 'claim', 'quote', 'invoice', 'payment', 'document', 'vehicle', 'driver', 'broker', 'contract'];
const VERBS = [
  ['get', 'List', 'list'],
  ['post', 'Create', 'item'],
  ['get', 'Get', 'one'],
];

export function generateSpec(index, operations, visibility) {
  const slug = `bench-${String(index).padStart(3, '0')}`;
  const paths = {};
  for (let op = 0; op < operations; op += 1) {
    const resource = RESOURCES[op % RESOURCES.length];
    const [method, verb, shape] = VERBS[Math.floor(op / RESOURCES.length) % VERBS.length];
    const group = Math.floor(op / (RESOURCES.length * VERBS.length));
    const base = `/v${group + 1}/${resource}s`;
    const route = shape === 'one' ? `${base}/{${resource}Id}` : base;
    paths[route] ??= {};
    paths[route][method] = operation(slug, resource, verb, shape, group);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `Bench API ${index}`,
      version: '1.0.0',
      summary: `Synthetic API number ${index} for build benchmarks.`,
      description: `Synthetic API **${slug}** with ${operations} operations.\n\nEach operation has parameters, a request body or a response schema and examples, like a real API.`,
    },
    servers: [{ url: `https://sandbox.bench.example/${slug}` }],
    tags: RESOURCES.map((resource) => ({ name: resource, description: `Operations on ${resource}s.` })),
    security: [{ oauth2: [] }],
    paths,
    components: {
      securitySchemes: {
        oauth2: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://auth.bench.example/token', scopes: { read: 'Read', write: 'Write' } } } },
      },
      schemas: Object.fromEntries(RESOURCES.map((resource) => [capitalize(resource), resourceSchema(resource)])),
    },
    'x-portal': {
      visibility,
      owners: [`${slug}-owner@bench.example`],
      audience: ['partners'],
      summary: `Synthetic API ${index} (${visibility}).`,
      tags: ['Bench'],
      environments: { sandbox: { url: `https://sandbox.bench.example/${slug}`, auth: ['client_secret'] } },
      contacts: { support: `${slug}-support@bench.example`, team: `Bench team ${index}` },
    },
  };
}

function operation(slug, resource, verb, shape, group) {
  const name = capitalize(resource);
  const ref = { $ref: `#/components/schemas/${name}` };
  const result = {
    operationId: `${verb.toLowerCase()}${name}V${group + 1}`,
    summary: `${verb} ${shape === 'list' ? `${resource}s` : `a ${resource}`} (v${group + 1})`,
    description: `${verb} ${resource} records of ${slug}. Pagination, filtering and errors follow the portal's conventions.`,
    tags: [resource],
    parameters:
      shape === 'one'
        ? [{ name: `${resource}Id`, in: 'path', required: true, schema: { type: 'string' }, example: `${resource}_123` }]
        : [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } }],
    responses: {
      [shape === 'item' ? '201' : '200']: {
        description: 'Success',
        content: { 'application/json': { schema: shape === 'list' ? { type: 'array', items: ref } : ref } },
      },
      400: {
        description: 'Invalid request',
        content: { 'application/problem+json': { schema: { type: 'object', properties: { title: { type: 'string' }, detail: { type: 'string' } } } } },
      },
    },
  };
  if (shape === 'item') result.requestBody = { required: true, content: { 'application/json': { schema: ref } } };
  return result;
}

function resourceSchema(resource) {
  return {
    type: 'object',
    required: ['id', 'status'],
    properties: {
      id: { type: 'string', example: `${resource}_123` },
      status: { type: 'string', enum: ['draft', 'active', 'closed'] },
      createdAt: { type: 'string', format: 'date-time' },
      amount: { type: 'number', minimum: 0 },
      holder: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } } },
      notes: { type: 'array', items: { type: 'string' } },
    },
  };
}

function capitalize(text) {
  return text[0].toUpperCase() + text.slice(1);
}

/** Every k-th spec is private so the share holds at any N (30% → 3 of every 10). */
export function isPrivate(index, share) {
  return Math.floor(index * share) !== Math.floor((index - 1) * share);
}

export async function writeCorpus({ specs, operations, privateShare, out }) {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const files = [];
  for (let index = 1; index <= specs; index += 1) {
    const visibility = isPrivate(index, privateShare) ? 'private' : 'public';
    const file = path.join(out, `bench-${String(index).padStart(3, '0')}.json`);
    await writeFile(file, `${JSON.stringify(generateSpec(index, operations, visibility), null, 2)}\n`);
    files.push({ file, visibility });
  }
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      specs: { type: 'string', default: '10' },
      operations: { type: 'string', default: '30' },
      private: { type: 'string', default: '0.3' },
      out: { type: 'string' },
    },
  });
  const specs = Number(values.specs);
  const operations = Number(values.operations);
  const out = path.resolve(values.out ?? `.portico/bench/corpus-${specs}x${operations}`);
  const files = await writeCorpus({ specs, operations, privateShare: Number(values.private), out });
  const privateCount = files.filter((entry) => entry.visibility === 'private').length;
  console.log(`wrote ${files.length} specs × ${operations} operations (${privateCount} private) to ${out}`);
}
