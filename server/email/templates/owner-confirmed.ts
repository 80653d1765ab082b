import { z } from 'zod';
import { renderEmail } from '../layout.ts';

export const payload = z.object({ fullName: z.string(), apiTitles: z.array(z.string()).min(1), ownerUrl: z.url() });

export function render(data: z.infer<typeof payload>) {
  return renderEmail({
    subject: 'You can now decide for the APIs you own',
    paragraphs: [
      `Hello ${data.fullName},`,
      `An administrator confirmed your account as an owner of: ${data.apiTitles.join(', ')}. You can read their private documentation and decide the requests for them in the owner console.`,
    ],
    action: { label: 'Open the owner console', url: data.ownerUrl },
  });
}
