import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { Context } from 'hono';

/** The client certificate of this request on the mTLS listener (DER), or undefined. */
export function peerCertificateDer(c: Context): Buffer | undefined {
  const socket = (c.env as { incoming?: { socket?: Partial<TLSSocket> } } | undefined)?.incoming?.socket;
  if (!socket || typeof socket.getPeerCertificate !== 'function') return undefined;
  const peer = socket.getPeerCertificate(false);
  return peer?.raw && peer.raw.length > 0 ? peer.raw : undefined;
}

/** RFC 8705 §3.1: the base64url SHA-256 of the DER certificate, as in `cnf.x5t#S256`. */
export function thumbprintS256(der: Buffer): string {
  return createHash('sha256').update(der).digest('base64url');
}
