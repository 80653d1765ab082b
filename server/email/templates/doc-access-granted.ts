import { z } from 'zod';
import { renderEmail } from '../layout.ts';

export const payload = z.object({ fullName: z.string(), apiTitle: z.string(), docsUrl: z.url() });

export function render(data: z.infer<typeof payload>) {
  return renderEmail({
    subject: `You can now read the ${data.apiTitle} documentation`,
    paragraphs: [`Hello ${data.fullName},`, `Your access to the full documentation of ${data.apiTitle} is approved.`],
    action: { label: 'Read the documentation', url: data.docsUrl },
  });
}
