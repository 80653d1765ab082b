import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** PORTICO_TEST_ROOT moves the fixture build elsewhere (a second checkout of the theme, say). */
export const testWorkRoot = process.env.PORTICO_TEST_ROOT ? path.resolve(process.env.PORTICO_TEST_ROOT) : path.join(projectRoot, '.portico', 'test');
/** The sample APIs of openapi/ plus the leak fixture, built once per test run. */
export const fixtureOpenapiDir = path.join(testWorkRoot, 'openapi');
export const fixtureBuildDir = path.join(testWorkRoot, 'build');
export const leakFixtureDir = path.join(projectRoot, 'tests', 'fixtures', 'leak');
/** A public API whose every rendered string is hostile markup (tests/site/browser-xss.test.ts). */
export const xssFixtureDir = path.join(projectRoot, 'tests', 'fixtures', 'xss');
export const artifactsDir = path.join(projectRoot, 'test-results');
