import { z } from 'zod';
import { renderEmail } from '../layout.ts';

export const payload = z.object({ fullName: z.string(), apiTitle: z.string(), reason: z.string(), overviewUrl: z.url() });

export function render(data: z.infer<typeof payload>) {
  return renderEmail({
    subject: `Your access to the ${data.apiTitle} documentation was revoked`,
    paragraphs: [`Hello ${data.fullName},`, `Your access to the full documentation of ${data.apiTitle} was revoked.`, `Reason: ${data.reason}`],
    action: { label: 'See the API overview', url: data.overviewUrl },
  });
}
