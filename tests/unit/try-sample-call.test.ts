import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sampleCallPath } from '../../src/features/try/sample-call.ts';
import { projectRoot } from '../support/fixture-paths.ts';

describe('the call /try samples make', () => {
  it('is a documented GET of each sample API (the sandbox answers nothing at its bare base URL)', async () => {
    for (const slug of ['claims', 'payments', 'policies', 'products', 'quotes']) {
      const spec = parse(await readFile(path.join(projectRoot, 'openapi', `${slug}.yaml`), 'utf8')) as { paths: Record<string, { get?: unknown }> };
      const sample = sampleCallPath(spec);
      expect(sample, slug).not.toBeNull();
      expect(sample, slug).not.toBe('/');
      expect(sample, slug).not.toMatch(/[{}]/);
      // The path is one of the spec's GET templates, parameters filled.
      const templates = Object.entries(spec.paths)
        .filter(([, item]) => item.get)
        .map(([template]) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`));
      expect(
        templates.some((template) => template.test(sample as string)),
        `${slug}: ${sample}`,
      ).toBe(true);
    }
  });

  it('fills a path parameter from its example, else 1, and says null when there is no GET', () => {
    expect(sampleCallPath({ paths: { '/claims/{claimId}': { get: { parameters: [{ name: 'claimId', in: 'path', example: 'CLM-1 2' }] } } } })).toBe(
      '/claims/CLM-1%202',
    );
    expect(sampleCallPath({ paths: { '/claims/{claimId}': { get: {} } } })).toBe('/claims/1');
    expect(sampleCallPath({ paths: { '/claims': {} } })).toBeNull();
    expect(sampleCallPath(null)).toBeNull();
  });
});
