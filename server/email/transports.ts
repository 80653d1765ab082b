import { Resend } from 'resend';

interface OutgoingEmail {
  /** The outbox id: also the provider's Idempotency-Key, so a retry never sends twice. */
  id: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface EmailTransport {
  readonly name: string;
  /** Resolves with the provider's id; rejects when the message must be retried. */
  send(email: OutgoingEmail): Promise<{ providerId: string }>;
}

export class EmailSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The provider's Retry-After, when it gave one (429, 503). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'EmailSendError';
  }
}

/**
 * How long one call may take. The SDK sets no timeout, and Node's fetch waits 5 minutes for
 * headers: a provider that accepts the connection and never answers would hold the worker.
 */
const SEND_TIMEOUT_MS = 10_000;

/** The real Resend SDK; `baseUrl` points it at a fake server in tests. */
export function createResendTransport(apiKey: string, baseUrl?: string, options: { timeoutMs?: number } = {}): EmailTransport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  return {
    name: 'resend',
    async send(email) {
      let result: Awaited<ReturnType<typeof resend.emails.send>>;
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        result = await resend.emails.send(
          { from: email.from, to: [email.to], subject: email.subject, html: email.html, text: email.text },
          { idempotencyKey: email.id, signal },
        );
      } catch (error) {
        throw new EmailSendError(`provider unreachable: ${(error as Error).message}`, true);
      }
      if (result.error || !result.data) {
        // The provider may have sent it before the answer was cut off: the retry carries the same key.
        if (signal.aborted) throw new EmailSendError(`provider did not answer within ${timeoutMs} ms`, true);
        const error = result.error as { statusCode?: number | null; name?: string; message?: string } | null;
        const status = error?.statusCode ?? 0;
        throw new EmailSendError(
          `provider answered ${status || 'an error'}: ${error?.message ?? 'no data'}`,
          isRetryable(status, error?.name),
          retryAfterOf(result.headers),
        );
      }
      return { providerId: result.data.id };
    },
  };
}

/**
 * 4xx other than 408/409/429 will not get better by retrying (bad address, bad key). A 409 is
 * Resend's "same key still in progress" — except `invalid_idempotent_request` (same key, other
 * content), which no retry can fix.
 */
function isRetryable(status: number, name: string | undefined): boolean {
  if (status === 409) return name !== 'invalid_idempotent_request';
  return !status || status >= 500 || status === 408 || status === 429;
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterOf(headers: Record<string, string> | null | undefined, now = Date.now()): number | undefined {
  const value = headers?.['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Development: nothing leaves the machine; messages are logged and shown on /dev/mailbox. */
export function createDevTransport(log: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): EmailTransport {
  return {
    name: 'dev',
    async send(email) {
      log(`[email] to ${email.to}: ${email.subject} (see /dev/mailbox)`);
      return { providerId: `dev_${email.id}` };
    },
  };
}

/**
 * EMAIL_TRANSPORT=none: the operator chose a portal without email. Each message is recorded as
 * failed (never "sent", so nobody believes a link went out), and the log names only its id: a
 * reset link in a log file would be as good as the password.
 */
export function createDisabledTransport(log: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): EmailTransport {
  return {
    name: 'none',
    async send(email) {
      log(`[email] not sent: email is disabled (EMAIL_TRANSPORT=none), message ${email.id}`);
      throw new EmailSendError('not sent: email is disabled (EMAIL_TRANSPORT=none)', false);
    },
  };
}
