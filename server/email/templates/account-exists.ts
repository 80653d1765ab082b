import { z } from 'zod';
import { renderEmail } from '../layout.ts';

/** Someone registered with an address that already has an account: its holder is told, nobody else. */
export const payload = z.object({ signInUrl: z.url(), resetUrl: z.url() });

export function render(data: z.infer<typeof payload>) {
  return renderEmail({
    subject: 'Someone tried to register with your email address',
    paragraphs: [
      'Hello,',
      'Someone tried to create a developer portal account with this email address, which already has one. Nothing was changed.',
      `If it was you, sign in with your existing account, or choose a new password at ${data.resetUrl}. If it was not you, you can ignore this email.`,
    ],
    action: { label: 'Sign in', url: data.signInUrl },
  });
}
