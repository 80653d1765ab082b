import { z } from 'zod';
import { renderEmail } from '../layout.ts';

export const payload = z.object({
  apiTitle: z.string(),
  environment: z.string(),
  authMethod: z.string(),
  appName: z.string(),
  clientId: z.string(),
  requesterName: z.string(),
  company: z.string(),
  decideUrl: z.url(),
});

export function render(data: z.infer<typeof payload>) {
  return renderEmail({
    subject: `${data.company} asks for ${data.environment} access to ${data.apiTitle}`,
    paragraphs: [
      `${data.requesterName} (${data.company}) asks for access to ${data.apiTitle} in ${data.environment}, authenticating with ${data.authMethod}.`,
      `Application: ${data.appName} (client id ${data.clientId}).`,
      'Approve or refuse it in the owner console.',
    ],
    action: { label: 'Decide in the owner console', url: data.decideUrl },
  });
}
