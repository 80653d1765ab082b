import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isObject } from '../../plugins/portico/contract.ts';
import { loadSpecs } from '../../plugins/portico/spec/load-specs.ts';
import { projectRoot } from '../support/fixture-paths.ts';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe('the sample APIs in openapi/', async () => {
  const { apis, problems } = await loadSpecs(path.join(projectRoot, 'openapi'), projectRoot);

  it('are all valid', () => {
    expect(problems).toEqual([]);
  });

  it('cover the insurance journey: at least 5 APIs, 2 private, OpenAPI 3.0 and 3.1', () => {
    expect(apis.length).toBeGreaterThanOrEqual(5);
    expect(apis.filter((api) => api.portal.visibility === 'private').length).toBeGreaterThanOrEqual(2);
    expect(apis.some((api) => api.openapiVersion.startsWith('3.0.'))).toBe(true);
    expect(apis.some((api) => api.openapiVersion.startsWith('3.1.'))).toBe(true);
  });

  it.each(apis.map((api) => [api.slug, api] as const))('%s has tags, examples, OAuth2 client credentials and mTLS where asked', (_slug, api) => {
    const doc = api.document;
    expect(Array.isArray(doc.tags) && doc.tags.length > 0).toBe(true);
    const text = JSON.stringify(doc);
    expect(text).toMatch(/"examples?":/);
    const schemes = isObject(doc.components) && isObject(doc.components.securitySchemes) ? Object.values(doc.components.securitySchemes) : [];
    expect(schemes.some((scheme) => isObject(scheme) && scheme.type === 'oauth2' && isObject(scheme.flows) && 'clientCredentials' in scheme.flows)).toBe(true);
    const usesMtls = Object.values(api.portal.environments).some((environment) => environment?.auth.includes('mtls'));
    if (usesMtls) {
      const declared = schemes.some((scheme) => isObject(scheme) && scheme.type === 'mutualTLS');
      expect(declared || /mTLS|mutual TLS|client certificate/i.test(text)).toBe(true);
    }
    const paths = isObject(doc.paths) ? Object.values(doc.paths) : [];
    const operations = paths.flatMap((item) => (isObject(item) ? HTTP_METHODS.map((method) => item[method]).filter(isObject) : []));
    expect(operations.length).toBeGreaterThanOrEqual(4);
    for (const operation of operations) {
      expect(typeof operation.operationId).toBe('string');
      expect(Array.isArray(operation.tags) && operation.tags.length > 0).toBe(true);
    }
  });
});
