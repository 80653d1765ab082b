import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
}

/**
 * A local stand-in for Resend's HTTP API (POST /emails), for the real SDK to talk to.
 * It can be told to fail, to test retries; it honours Idempotency-Key like Resend does.
 */
export interface FakeResend {
  url: string;
  received: ReceivedEmail[];
  /** Status codes to answer with before accepting again (e.g. [500, 429]). */
  failNext(...statuses: number[]): void;
  inbox(to: string): ReceivedEmail[];
  close(): Promise<void>;
}

export async function startFakeResend(): Promise<FakeResend> {
  const received: ReceivedEmail[] = [];
  const seen = new Map<string, string>();
  const failures: number[] = [];
  let counter = 0;
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const answer = (status: number, payload: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (request.method !== 'POST' || request.url !== '/emails') return answer(404, { name: 'not_found', message: 'not found', statusCode: 404 });
    const failure = failures.shift();
    if (failure) return answer(failure, { name: 'application_error', message: `fake failure ${failure}`, statusCode: failure });
    const key = header(request, 'idempotency-key');
    const known = key ? seen.get(key) : undefined;
    if (known) return answer(200, { id: known });
    const email = JSON.parse(body) as { from: string; to: string[] | string; subject: string; html: string; text: string };
    const id = `fake_${++counter}`;
    if (key) seen.set(key, id);
    received.push({ ...email, to: Array.isArray(email.to) ? email.to : [email.to], idempotencyKey: key, authorization: header(request, 'authorization') });
    answer(200, { id });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext: (...statuses) => failures.push(...statuses),
    inbox: (to) => received.filter((email) => email.to.includes(to)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
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
