import { z } from 'zod';
import { renderEmail } from '../layout.ts';

export const payload = z.object({ fullName: z.string(), signInUrl: z.url() });

export function render(data: z.infer<typeof payload>) {
  return renderEmail({
    subject: 'Your password was changed',
    paragraphs: [
      `Hello ${data.fullName},`,
      'The password of your developer portal account was just changed, and every other session was signed out.',
      'If you did not do this, reset your password at once and tell the portal team.',
    ],
    action: { label: 'Sign in', url: data.signInUrl },
  });
}
