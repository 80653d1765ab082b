import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { deliverDueEmails } from './outbox.ts';
import { createDevTransport, createDisabledTransport, createResendTransport, type EmailTransport } from './transports.ts';

/** Resend with a key; none when said so; otherwise the dev transport (loadConfig refuses that in production). */
export function chooseTransport(config: Pick<Config, 'RESEND_API_KEY' | 'RESEND_BASE_URL' | 'EMAIL_TRANSPORT'>, log?: (line: string) => void): EmailTransport {
  if (config.RESEND_API_KEY) return createResendTransport(config.RESEND_API_KEY, config.RESEND_BASE_URL);
  return config.EMAIL_TRANSPORT === 'none' ? createDisabledTransport(log) : createDevTransport(log);
}

/**
 * Sends due email every few seconds until stopped; a failing round is logged, never fatal.
 * A tick that finds the previous round still running (a slow provider) is skipped, not queued.
 */
export function startEmailWorker(
  db: Database,
  transport: EmailTransport,
  from: string,
  intervalMs = 3000,
  now: () => number = Date.now,
): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = deliverDueEmails(db, transport, from, now())
      .catch((error: Error) => process.stderr.write(`[portico] email delivery round failed: ${error.message}\n`))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
