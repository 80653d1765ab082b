import { Hono, type Context } from 'hono';
import type { Database } from '../db/client.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, throwIfFailed } from '../http/errors.ts';
import { rateLimit } from '../middleware/rate-limit/index.ts';
import { isId } from '../ids.ts';
import { provePossessionByHandshake } from '../services/certificate-possession.ts';
import { peerCertificateDer } from './peer-certificate.ts';

/**
 * `curl --cert client.pem --key client.key -X POST https://<host>:<mTLS port>/possession/<id>`:
 * the TLS handshake itself proves the private key. Served on the mTLS listener (on the web
 * listener there is no client certificate: 401).
 */
export function possessionRoutes(options: { db: Database; clientAddress: (c: Context) => string }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Keyed on the address: on the mTLS listener forwarding headers are dropped, so the socket peer.
  const limit = rateLimit({ db: options.db, name: 'possession', limit: 20, windowMs: 10 * 60_000, key: options.clientAddress });
  app.post('/possession/:id', limit, async (c) => {
    // A browser sends Origin or Sec-Fetch-*: another site must not make a visitor's browser
    // present its installed certificate for somebody else's upload. curl sends neither.
    if (c.req.header('Origin') || c.req.header('Sec-Fetch-Mode'))
      throw new ApiError('use_a_terminal', 'Run the command shown on your certificate page from a terminal (curl), not from a browser.');
    const id = c.req.param('id');
    if (!isId('crt', id)) throw new ApiError('not_found', 'There is no such certificate.');
    const result = await provePossessionByHandshake(c.get('services'), id, peerCertificateDer(c));
    throwIfFailed(result);
    c.header('Cache-Control', 'no-store');
    return c.json(
      {
        proved: true,
        method: result.possession.method,
        provedAt: result.possession.provedAt,
        message: `You proved you hold the private key of ${result.subject}. Go back to the portal: the API owners can now review the certificate.`,
      },
      200,
    );
  });
  return app;
}
