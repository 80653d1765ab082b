import { z } from 'zod';
import { renderEmail } from '../layout.ts';

/**
 * Goes to an address nobody has proved yet: it carries no text the registrant typed (an
 * attacker could register someone else's address and greet them in their own words). The
 * page behind the link names the account and lets the holder say "this wasn't me".
 */
export const payload = z.object({ verifyUrl: z.url() });

export function render(data: z.infer<typeof payload>) {
  return renderEmail({
    subject: 'Confirm your email address',
    paragraphs: [
      'Hello,',
      'An account of the developer portal was registered with this email address. If it was you, open the link and sign in to confirm the address; you can then request access to private APIs, create apps and get credentials. The link is valid for 24 hours.',
      'If it was not you, open the link and choose “This wasn’t me”: the registration is deleted. Without an answer it expires in 24 hours.',
    ],
    action: { label: 'Review and confirm', url: data.verifyUrl },
  });
}
