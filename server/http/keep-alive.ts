/**
 * Node closes a keep-alive connection 5 s after its last answer, from a timer. The embedded
 * database driver is synchronous, so under a burst the event loop can stay busy that long; the
 * timer then fires before the loop reads a request the client already sent on that connection,
 * and the client gets ECONNRESET for a request the portal never saw (measured with 200
 * consumers at once). Idle connections are kept longer than any plausible stall, and longer
 * than the 60 s idle timeout of common load balancers, which should close first.
 */
const KEEP_ALIVE_MS = 65_000;

export function holdKeepAliveConnections(server: unknown): void {
  (server as { keepAliveTimeout: number }).keepAliveTimeout = KEEP_ALIVE_MS;
}
