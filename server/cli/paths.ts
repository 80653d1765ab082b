import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json, docusaurus.config.ts and openapi/. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
