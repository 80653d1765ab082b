import { Resend } from 'resend';

export interface OutgoingEmail {
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
  ) {
    super(message);
    this.name = 'EmailSendError';
  }
}

/** The real Resend SDK; `baseUrl` points it at a fake server in tests. */
export function createResendTransport(apiKey: string, baseUrl?: string): EmailTransport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: 'resend',
    async send(email) {
      let result: Awaited<ReturnType<typeof resend.emails.send>>;
      try {
        result = await resend.emails.send({ from: email.from, to: [email.to], subject: email.subject, html: email.html, text: email.text }, { idempotencyKey: email.id });
      } catch (error) {
        throw new EmailSendError(`provider unreachable: ${(error as Error).message}`, true);
      }
      if (result.error || !result.data) {
        const status = (result.error as { statusCode?: number | null } | null)?.statusCode ?? 0;
        // 4xx other than 408/409/429 will not get better by retrying (bad address, bad key).
        const retryable = !status || status >= 500 || status === 408 || status === 409 || status === 429;
        throw new EmailSendError(`provider answered ${status || 'an error'}: ${result.error?.message ?? 'no data'}`, retryable);
      }
      return { providerId: result.data.id };
    },
  };
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
