import { z } from 'zod';
import { renderEmail } from '../layout.ts';

export const payload = z.object({
  fullName: z.string(),
  decision: z.enum(['approved', 'refused']),
  apiTitle: z.string(),
  subject: z.string(),
  reason: z.string().optional(),
  accountUrl: z.url(),
});

export function render(data: z.infer<typeof payload>) {
  return renderEmail({
    subject: `Your client certificate for ${data.apiTitle} was ${data.decision}`,
    paragraphs: [
      `Hello ${data.fullName},`,
      `The certificate ${data.subject} for ${data.apiTitle} was ${data.decision}.`,
      ...(data.reason ? [`Reason: ${data.reason}`] : []),
    ],
    action: { label: 'See my certificates', url: data.accountUrl },
  });
}
