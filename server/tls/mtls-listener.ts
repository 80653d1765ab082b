import { createServer, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { errorBody, statusOf } from '../http/errors.ts';

type Fetch = Parameters<typeof serve>[0]['fetch'];

/** MTLS_PORT's default in the configuration: what the pages show when the runtime does not say. */
export const DEFAULT_MTLS_PORT = 8443;

/**
 * What the mTLS listener serves: what needs a client certificate (the token endpoint with
 * tls_client_auth, the sandbox, the OAuth metadata the token flow reads, the proof of
 * possession). Sign-in, registration, /api and the site are never reachable there.
 */
const MTLS_PATHS = /^\/(oauth|sandbox|\.well-known|possession)\//;

/**
 * Headers a client could write to pose as another address. Nothing stands in front of the
 * mTLS listener (a proxy would end the TLS session and with it the client certificate), so
 * they are dropped whatever TRUSTED_PROXY_HOPS says: its rate limits key on the socket peer.
 */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'x-forwarded-proto'];

/** The app as the mTLS listener exposes it: only MTLS_PATHS (everything else 404 JSON), no forwarding headers. */
export function mtlsOnly(fetch: Fetch): Fetch {
  return (request, ...rest) => {
    // request.url is already parsed (dot segments, %2e%2e resolved): the path the app routes on.
    const { pathname } = new URL(request.url);
    if (!MTLS_PATHS.test(pathname)) {
      const body = errorBody(
        'not_found',
        "The mTLS port serves only the token endpoint (/oauth/token), the sandbox (/sandbox/…) and the proof of possession (/possession/…). Use the portal's web address for everything else.",
      );
      return Response.json(body, { status: statusOf('not_found'), headers: { 'Cache-Control': 'no-store' } });
    }
    const headers = new Headers(request.headers);
    for (const name of FORWARDING_HEADERS) headers.delete(name);
    const init: RequestInit & { duplex?: 'half' } = { headers, duplex: 'half' };
    return fetch(new Request(request, init), ...rest);
  };
}

/**
 * The second listener: HTTPS that asks every client for a certificate. TLS accepts any
 * certificate (`rejectUnauthorized: false`) because the portal's own rules — the accepted-CA
 * registry, Key Usage, EKU, owner approval — decide, per request, what it opens. The handshake
 * still checks that the client signed with the certificate's private key.
 */
export function startMtlsListener(options: {
  fetch: Fetch;
  port: number;
  hostname: string;
  cert: string;
  key: string;
}): Promise<{ port: number; close(): Promise<void> }> {
  const serverOptions: ServerOptions = { cert: options.cert, key: options.key, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' };
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: mtlsOnly(options.fetch), port: options.port, hostname: options.hostname, createServer, serverOptions },
      (info: AddressInfo) => {
        resolve({ port: info.port, close: () => new Promise((done) => server.close(() => done())) });
      },
    );
    // A port taken after the start-up check: the caller turns this into its one-line message.
    server.once('error', reject);
  });
}
