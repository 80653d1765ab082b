import { z } from 'zod';
import { renderEmail } from '../layout.ts';

export const payload = z.object({ fullName: z.string(), verifyUrl: z.url() });

export function render(data: z.infer<typeof payload>) {
  return renderEmail({
    subject: 'Confirm your email address',
    paragraphs: [
      `Hello ${data.fullName},`,
      'Welcome to the developer portal. Confirm your email address to request access to private APIs, create apps and get credentials. The link is valid for 24 hours.',
      'If you did not create this account, ignore this email.',
    ],
    action: { label: 'Confirm my email address', url: data.verifyUrl },
  });
}
