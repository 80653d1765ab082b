import { createRequire } from 'node:module';

/**
 * Swagger 2.0 is converted to OpenAPI 3.0 at build time with swagger2openapi, the converter
 * docusaurus-plugin-openapi-docs itself ships (decision 020): API teams whose framework emits
 * Swagger 2.0 commit what it emits, and the build says once, as a note, how to convert for good.
 */

const require = createRequire(import.meta.url);

interface ConvertOptions {
  patch: boolean;
  warnOnly: boolean;
  resolve: boolean;
  resolveInternal: boolean;
  direct?: boolean;
}
type ConvertObj = (swagger: unknown, options: ConvertOptions) => Promise<{ openapi: Record<string, unknown> }>;

export function isSwagger2(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) && String((doc as { swagger?: unknown }).swagger) === '2.0';
}

/** The OpenAPI 3.0 document, or the converter's reason on one line. Extensions (x-portal) are carried over as they are. */
export async function convertSwagger2(doc: unknown): Promise<{ document: Record<string, unknown> } | { error: string }> {
  const { convertObj } = require('swagger2openapi') as { convertObj: ConvertObj };
  try {
    // patch: fix the small mistakes the converter knows; resolve: false: never fetch a remote $ref.
    const { openapi } = await convertObj(structuredClone(doc), { patch: true, warnOnly: true, resolve: false, resolveInternal: false });
    return { document: openapi };
  } catch (error) {
    return { error: String((error as Error)?.message ?? error).split('\n')[0] ?? 'unknown error' };
  }
}

/**
 * The note printed at every build of a converted spec, with the one command that converts the
 * file in place (the converter reads the whole file before it writes; comments are lost).
 */
export function conversionNote(shownAs: string): string {
  const yaml = /\.ya?ml$/i.test(shownAs) ? '--yaml ' : '';
  return `Swagger 2.0, converted to OpenAPI 3.0 for this build (swagger2openapi). To convert the file for good: npx swagger2openapi ${yaml}--outfile ${shownAs} ${shownAs}`;
}
