import { createServer, type AddressInfo } from 'node:net';

/** A listener the server cannot open: one line for the operator (exit 1), never a stack trace. */
export class ListenError extends Error {
  override name = 'ListenError';
}

/** Node's listen errors in words, naming the setting to change; anything else is left as it is. */
export function explainListenError(error: unknown, where: { host: string; port: number; setting: string }): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new ListenError(`port ${where.port} (${where.setting}) is already in use — stop the other process or choose another port`);
  if (code === 'EACCES') return new ListenError(`port ${where.port} (${where.setting}) needs privileges this process does not have — choose a port above 1023`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new ListenError(`cannot listen on ${where.host} (HOST): no such address on this machine`);
  return error;
}

/**
 * Opens and closes the port before anything else starts, so a port in use is reported before
 * the database is migrated or the other listener opened. Listening itself still maps its own
 * error (another process may take the port in between).
 */
export async function checkPortFree(where: { host: string; port: number; setting: string }): Promise<void> {
  if (where.port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error) => reject(explainListenError(error, where)));
    probe.listen({ port: where.port, host: where.host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

interface Listening {
  once(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
}

/** Resolves when `start` has listened; rejects with a ListenError instead of an unhandled 'error' event. */
export function listenOrExplain<S extends Listening>(
  start: (onListening: (info: AddressInfo) => void) => S,
  where: { host: string; port: number; setting: string },
): Promise<{ server: S; info: AddressInfo }> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(explainListenError(error, where));
    const server = start((info) => {
      server.off('error', onError);
      resolve({ server, info });
    });
    server.once('error', onError);
  });
}
