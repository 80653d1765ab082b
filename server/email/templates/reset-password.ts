import { z } from 'zod';
import { renderEmail } from '../layout.ts';

/** `fullName` only for a confirmed address: an unconfirmed account's name was typed by whoever registered. */
export const payload = z.object({ fullName: z.string().optional(), resetUrl: z.url() });

export function render(data: z.infer<typeof payload>) {
  return renderEmail({
    subject: 'Reset your password',
    paragraphs: [
      data.fullName ? `Hello ${data.fullName},` : 'Hello,',
      'Someone asked to reset the password of your developer portal account. The link is valid for one hour and works once.',
      'If it was not you, ignore this email: your password stays as it is.',
    ],
    action: { label: 'Choose a new password', url: data.resetUrl },
  });
}
