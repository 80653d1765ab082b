import { z } from 'zod';
import { renderEmail } from '../layout.ts';

export const payload = z.object({ fullName: z.string(), apiTitle: z.string(), reason: z.string(), overviewUrl: z.url() });

export function render(data: z.infer<typeof payload>) {
  return renderEmail({
    subject: `Your request to read the ${data.apiTitle} documentation was refused`,
    paragraphs: [
      `Hello ${data.fullName},`,
      `The owners of ${data.apiTitle} refused your request for its documentation.`,
      `Their reason: ${data.reason}`,
      'You can answer their reason in a new request from the API overview.',
    ],
    action: { label: 'See the API overview', url: data.overviewUrl },
  });
}
