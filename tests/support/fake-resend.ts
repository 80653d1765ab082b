import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
}

/** Every POST /emails the fake saw, and what it did with it. */
interface SendAttempt {
  idempotencyKey: string | undefined;
  status: number;
  /** accepted: a new email; replayed: a known key, answered with the first id; the rest are refusals. */
  outcome: 'accepted' | 'replayed' | 'failed' | 'concurrent' | 'mismatch';
}

/**
 * A local stand-in for Resend's HTTP API (POST /emails), for the real SDK to talk to.
 * It can be told to fail, to test retries; it honours Idempotency-Key like Resend does: a
 * known key with the same content is answered with the first id and not sent again, with other
 * content 409 invalid_idempotent_request, while the first is still in progress 409
 * concurrent_idempotent_requests.
 */
export interface FakeResend {
  url: string;
  received: ReceivedEmail[];
  attempts: SendAttempt[];
  /** Status codes to answer with before accepting again (e.g. [500, 429]). */
  failNext(...statuses: number[]): void;
  /** Answers the next `count` sends with 429 and a Retry-After of `seconds`. */
  rateLimitNext(count: number, seconds: number): void;
  /** Slow provider: accepts (sends) at once but answers `ms` later; Infinity never answers. */
  setDelay(ms: number): void;
  /** Stops listening and drops open connections (connection refused), until up(). */
  down(): Promise<void>;
  up(): Promise<void>;
  inbox(to: string): ReceivedEmail[];
  close(): Promise<void>;
}

export async function startFakeResend(): Promise<FakeResend> {
  const received: ReceivedEmail[] = [];
  const attempts: SendAttempt[] = [];
  const seen = new Map<string, { id: string; body: string }>();
  const inProgress = new Set<string>();
  const failures: Array<{ status: number; retryAfter?: number }> = [];
  let counter = 0;
  let delayMs = 0;
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const key = header(request, 'idempotency-key');
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      response.end(JSON.stringify(payload));
    };
    const answer = (status: number, payload: unknown, outcome: SendAttempt['outcome'], headers: Record<string, string> = {}) => {
      attempts.push({ idempotencyKey: key, status, outcome });
      reply(status, payload, headers);
    };
    if (request.method !== 'POST' || request.url !== '/emails') return answer(404, { name: 'not_found', message: 'not found', statusCode: 404 }, 'failed');
    const failure = failures.shift();
    if (failure) {
      const name = failure.status === 429 ? 'rate_limit_exceeded' : 'application_error';
      return answer(
        failure.status,
        { name, message: `fake failure ${failure.status}`, statusCode: failure.status },
        'failed',
        failure.retryAfter === undefined ? {} : { 'Retry-After': String(failure.retryAfter) },
      );
    }
    if (key && inProgress.has(key))
      return answer(409, { name: 'concurrent_idempotent_requests', message: 'same key still in progress', statusCode: 409 }, 'concurrent');
    const known = key ? seen.get(key) : undefined;
    if (known && known.body !== body)
      return answer(409, { name: 'invalid_idempotent_request', message: 'same key, other payload', statusCode: 409 }, 'mismatch');
    if (known) return answer(200, { id: known.id }, 'replayed');
    const email = JSON.parse(body) as { from: string; to: string[] | string; subject: string; html: string; text: string };
    const id = `fake_${++counter}`;
    if (key) seen.set(key, { id, body });
    received.push({ ...email, to: Array.isArray(email.to) ? email.to : [email.to], idempotencyKey: key, authorization: header(request, 'authorization') });
    if (delayMs === 0 || !key) return answer(200, { id }, 'accepted');
    // Sent, but the answer is late: the client may give up and retry with the same key.
    attempts.push({ idempotencyKey: key, status: 200, outcome: 'accepted' });
    inProgress.add(key);
    if (delayMs === Infinity) return;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    inProgress.delete(key);
    reply(200, { id });
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    attempts,
    failNext: (...statuses) => failures.push(...statuses.map((status) => ({ status }))),
    rateLimitNext: (count, seconds) => failures.push(...Array.from({ length: count }, () => ({ status: 429, retryAfter: seconds }))),
    setDelay: (ms) => {
      delayMs = ms;
      if (ms === 0) inProgress.clear();
    },
    down: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    up: () => listen(port),
    inbox: (to) => received.filter((email) => email.to.includes(to)),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
