import { createServer, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

/**
 * The second listener: HTTPS that asks every client for a certificate. TLS accepts any
 * certificate (`rejectUnauthorized: false`) because the portal's own rules — the accepted-CA
 * registry, Key Usage, EKU, owner approval — decide, per request, what it opens.
 */
export function startMtlsListener(options: { fetch: Parameters<typeof serve>[0]['fetch']; port: number; hostname: string; cert: string; key: string }): Promise<{ port: number; close(): Promise<void> }> {
  const serverOptions: ServerOptions = { cert: options.cert, key: options.key, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' };
  return new Promise((resolve) => {
    const server = serve({ fetch: options.fetch, port: options.port, hostname: options.hostname, createServer, serverOptions }, (info: AddressInfo) => {
      resolve({ port: info.port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
