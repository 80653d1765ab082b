import { z } from 'zod';
import { renderEmail } from '../layout.ts';

export const payload = z.object({
  apiTitle: z.string(),
  requesterName: z.string(),
  requesterEmail: z.string(),
  company: z.string(),
  justification: z.string(),
  decideUrl: z.url(),
});

export function render(data: z.infer<typeof payload>) {
  return renderEmail({
    subject: `${data.requesterName} (${data.company}) asks to read the ${data.apiTitle} documentation`,
    paragraphs: [
      `${data.requesterName} <${data.requesterEmail}> from ${data.company} asks for access to the full documentation of ${data.apiTitle}.`,
      `What they want to build: ${data.justification}`,
      'You receive this because you own this API on the developer portal. Approve or refuse the request in the owner console.',
    ],
    action: { label: 'Decide in the owner console', url: data.decideUrl },
  });
}
