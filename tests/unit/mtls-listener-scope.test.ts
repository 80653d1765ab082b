import { request as httpsRequest } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateDevCertificate } from '../../server/tls/dev-certificate.ts';
import { mtlsOnly, startMtlsListener } from '../../server/tls/mtls-listener.ts';
import { CA_EXTENSIONS, LEAF_EXTENSIONS, OpensslPki, type Credential } from '../support/openssl-pki.ts';
import { ORIGIN, createTestPortal, type TestPortal } from '../support/test-portal.ts';

let dir: string;
let leaf: Credential;
let portal: TestPortal;
let listener: { port: number; close(): Promise<void> };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portico-mtls-scope-'));
  const pki = new OpensslPki(dir);
  leaf = pki.issue('scope.broker-partner.example', pki.selfSigned('Scope Root', { extensions: CA_EXTENSIONS, key: 'ec:P-256' }), {
    extensions: LEAF_EXTENSIONS,
    key: 'ec:P-256',
  });
  // Behind one trusted proxy: the web listener keys its rate limits on X-Forwarded-For.
  portal = await createTestPortal({ trustedProxyHops: 1 });
  const tls = await loadOrCreateDevCertificate(path.join(dir, 'tls'));
  listener = await startMtlsListener({ fetch: portal.app.fetch, port: 0, hostname: '127.0.0.1', cert: tls.cert, key: tls.key });
});
afterAll(async () => {
  await listener?.close();
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

function overTls(method: string, pathname: string, body?: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'Content-Type': 'application/json', Origin: ORIGIN };
    const request = httpsRequest(
      {
        host: '127.0.0.1',
        port: listener.port,
        path: pathname,
        method,
        headers,
        rejectUnauthorized: false,
        cert: readFileSync(leaf.certFile),
        key: readFileSync(leaf.keyFile),
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type'] ?? ''), body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('the mTLS listener serves only what needs a client certificate', () => {
  it.each([
    ['POST', '/api/auth/sign-in', JSON.stringify({ identifier: 'jane.doe', password: 'x' })],
    ['POST', '/api/auth/register', JSON.stringify({})],
    ['POST', '/api/auth/password-reset/request', JSON.stringify({ email: 'jane@broker-partner.example' })],
    ['GET', '/api/me', undefined],
    ['GET', '/api/openapi.json', undefined],
    ['GET', '/api/certificates', undefined],
    ['GET', '/', undefined],
    ['GET', '/signin', undefined],
    ['GET', '/certificates', undefined],
    ['GET', '/private/claims/', undefined],
    ['GET', '/oauth/%2e%2e/api/me', undefined],
    ['GET', '/sandbox/../api/me', undefined],
  ])('%s %s → 404 JSON over a real handshake', async (method, pathname, body) => {
    const answer = await overTls(method, pathname, body);
    expect(answer.status, answer.body).toBe(404);
    expect(answer.type).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body).error.code).toBe('not_found');
  });

  it('the token endpoint, the OAuth metadata and the proof of possession are served', async () => {
    expect((await overTls('POST', '/oauth/token')).status).toBe(400);
    expect((await overTls('GET', '/.well-known/oauth-authorization-server')).status).toBe(200);
    expect((await overTls('POST', '/possession/crt_AAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  });
});

describe('X-Forwarded-For on the mTLS listener', () => {
  const fromSocket = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
  const attempt = (fetch: (request: Request, env: unknown) => Response | Promise<Response>, forwardedFor: string) =>
    fetch(
      new Request(`${ORIGIN}/possession/crt_BBBBBBBBBBBBBBBBBBBB`, { method: 'POST', headers: { 'X-Forwarded-For': forwardedFor } }),
      fromSocket('198.51.100.9'),
    );

  it('is ignored even with TRUSTED_PROXY_HOPS set: a client rotating it still hits the limit of its socket address', async () => {
    const mtls = mtlsOnly(portal.app.fetch);
    const statuses: number[] = [];
    for (let index = 0; index < 25; index++) statuses.push((await attempt(mtls as never, `203.0.113.${index}`)).status);
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
  });

  it('the web listener behind its trusted proxy does key on it (what the mTLS listener must not do)', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 25; index++) statuses.push((await attempt(portal.app.fetch as never, `192.0.2.${index}`)).status);
    expect(statuses.every((status) => status === 401)).toBe(true);
  });
});
