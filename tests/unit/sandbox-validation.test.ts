import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../plugins/portico/contract.ts';
import { loadSpec } from '../../plugins/portico/spec/load-specs.ts';
import { projectRoot } from '../support/fixture-paths.ts';
import { registerVerified } from '../support/make-admin.ts';
import { BOB, JANE } from '../support/people.ts';
import { SpecConformance } from '../support/spec-conformance.ts';
import { createTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * Issue 18 item 2: the sandbox checks a request against its operation with Ajv (decision 025)
 * and answers an invalid one the way the spec documents it. Each sample spec is served in turn
 * under the public test API's slug (`quotes`), with an approved sandbox access; every answer is
 * also checked by the test's own Ajv harness.
 */
interface Served {
  portal: TestPortal;
  token: string;
  harness: SpecConformance;
}

async function serving(document: JsonObject): Promise<Served> {
  const portal = await createTestPortal({}, { quotes: document });
  const jane = await registerVerified(portal, JANE);
  const owner = await registerVerified(portal, { ...BOB, username: 'quotes.owner', email: 'quotes-owner@insurer.example' });
  const app = await (await jane.client.request('/api/apps', { json: { name: 'App', businessContact: 'Jane', technicalContact: 'dev@broker.example' } })).json();
  const access = await (await jane.client.request(`/api/apps/${app.clientId}/api-access`, { json: { apiSlug: 'quotes', environment: 'sandbox' } })).json();
  await owner.client.request(`/api/owner/api-access/${access.id}/approve`, { method: 'POST' });
  const issued = await portal.app.request('http://portal.test/oauth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret }).toString(),
  });
  return { portal, token: (await issued.json()).access_token, harness: new SpecConformance(document) };
}

async function call(served: Served, method: string, pathname: string, init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${served.token}`,
    ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
    ...init.headers,
  };
  const response = await served.portal.app.request(`http://portal.test/sandbox/quotes${pathname}`, {
    method,
    headers,
    body: init.json === undefined ? init.body : JSON.stringify(init.json),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text,
    body: text ? JSON.parse(text) : undefined,
    headers: response.headers,
  };
}

/** The harness's verdict on an answer to `template`: no violation means it is as the spec documents. */
function conforms(served: Served, template: string, method: string, answer: Awaited<ReturnType<typeof call>>): string[] {
  return served.harness.violations(template, method, { status: answer.status, contentType: answer.contentType, text: answer.text });
}

const spec = async (slug: string) => (await loadSpec(path.join(projectRoot, 'openapi', `${slug}.yaml`))).api!.document;
const specs: Record<string, Served> = {};
beforeAll(async () => {
  for (const slug of ['quotes', 'claims', 'payments']) specs[slug] = await serving(await spec(slug));
}, 60_000);
afterAll(async () => {
  for (const served of Object.values(specs)) await served.portal.close();
});

const MOTOR = {
  product: 'motor',
  startDate: '2026-09-01',
  policyholder: {
    firstName: 'Camille',
    lastName: 'Martin',
    birthDate: '1986-04-12',
    email: 'camille@example.org',
    address: { line1: '8 rue', postcode: '69003', city: 'Lyon', country: 'FR' },
  },
  risk: { vehicleRegistration: 'GH-482-KT', firstRegistrationDate: '2021-03-18', annualMileage: 12000, mainDriverLicenceDate: '2005-06-30' },
};

describe('happy: what the spec allows is accepted and answered as documented', () => {
  it('a quote from the spec itself: 201, its documented body, a Location', async () => {
    const answer = await call(specs.quotes!, 'POST', '/quotes', { json: MOTOR });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('location')).toMatch(/^http:\/\/portal\.test\/sandbox\/quotes\/quotes/);
    expect(conforms(specs.quotes!, '/quotes', 'post', answer)).toEqual([]);
  });

  it('a documented multipart/form-data upload is accepted', async () => {
    const form = new FormData();
    form.append('kind', 'accident_report');
    form.append('file', new Blob(['%PDF-1.7'], { type: 'application/pdf' }), 'report.pdf');
    const answer = await call(specs.claims!, 'POST', '/claims/CLM-2026-004512/documents', { body: form });
    expect(answer.status).toBe(201);
    expect(conforms(specs.claims!, '/claims/{claimId}/documents', 'post', answer)).toEqual([]);
  });
});

describe('error: what the spec forbids is refused with its own documented answer', () => {
  it.each([
    ['a date that is no date', { ...MOTOR, startDate: '2026-13-45' }, '/startDate'],
    ['an email that is no email', { ...MOTOR, policyholder: { ...MOTOR.policyholder, email: 'not-an-email' } }, '/policyholder/email'],
    ['a risk matching no branch of oneOf', { ...MOTOR, risk: { colour: 'red' } }, '/risk'],
  ])('%s: the documented 400, problem details with errors as objects', async (_name, body, pointer) => {
    const answer = await call(specs.quotes!, 'POST', '/quotes', { json: body });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(pointer);
    expect(conforms(specs.quotes!, '/quotes', 'post', answer)).toEqual([]);
  });

  it('minProperties: an empty update is refused', async () => {
    const answer = await call(specs.quotes!, 'PATCH', '/quotes/QTE-2026-000123', { json: {} });
    expect(answer.status).toBe(400);
    expect(conforms(specs.quotes!, '/quotes/{quoteId}', 'patch', answer)).toEqual([]);
  });

  it('maxItems: eleven third parties where ten are allowed', async () => {
    const claim = {
      policyNumber: 'POL-26-004871',
      occurredAt: '2026-11-14T08:30:00Z',
      type: 'motor_collision',
      description: 'Rear-ended at a red light.',
      reportedBy: { channel: 'web', name: 'Jane' },
      thirdParties: Array.from({ length: 11 }, () => ({ name: 'X' })),
    };
    const answer = await call(specs.claims!, 'POST', '/claims', { json: claim });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { pointer: string }) => error.pointer)).toContain('/thirdParties');
    expect(conforms(specs.claims!, '/claims', 'post', answer)).toEqual([]);
  });

  it('a required Idempotency-Key header missing', async () => {
    const payment = { policyNumber: 'POL-26-004871', amount: { amount: 52.1, currency: 'EUR' }, method: 'card_token', cardToken: 'tok_5Jb2q8XwL0mN3rT7' };
    const answer = await call(specs.payments!, 'POST', '/payments', { json: payment });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('header parameter Idempotency-Key is required');
    expect(conforms(specs.payments!, '/payments', 'post', answer)).toEqual([]);
  });

  it('JSON sent as text/plain: 415 problem details naming the media types accepted', async () => {
    const answer = await call(specs.quotes!, 'POST', '/quotes', { body: JSON.stringify(MOTOR), headers: { 'Content-Type': 'text/plain' } });
    expect(answer.status).toBe(415);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.body.detail).toContain('application/json');
  });

  it('a multipart part whose media type the encoding does not allow', async () => {
    const form = new FormData();
    form.append('kind', 'accident_report');
    form.append('file', new Blob(['MZ'], { type: 'application/x-msdownload' }), 'x.exe');
    const answer = await call(specs.claims!, 'POST', '/claims/CLM-2026-004512/documents', { body: form });
    expect(answer.status).toBe(400);
    expect(conforms(specs.claims!, '/claims/{claimId}/documents', 'post', answer)).toEqual([]);
  });

  it('a get-by-id with an id its pattern forbids answers the documented 404, never an undocumented 400', async () => {
    const answer = await call(specs.quotes!, 'GET', '/quotes/not-a-quote');
    expect(answer.status).toBe(404);
    expect(conforms(specs.quotes!, '/quotes/{quoteId}', 'get', answer)).toEqual([]);
  });

  it('an operation documenting no client error: RFC 9457 problem details', async () => {
    const bare: JsonObject = {
      openapi: '3.0.3',
      info: { title: 'Bare', version: '1' },
      paths: { '/things': { get: { parameters: [{ name: 'n', in: 'query', schema: { type: 'integer' } }], responses: { '200': { description: 'ok' } } } } },
    };
    const served = await serving(bare);
    const answer = await call(served, 'GET', '/things?n=abc');
    await served.portal.close();
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ type: 'about:blank', status: 400, errors: [{ pointer: '/query/n' }] });
  });
});
