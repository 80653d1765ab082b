import { z } from 'zod';
import { renderEmail } from '../layout.ts';

export const payload = z.object({
  fullName: z.string(),
  decision: z.enum(['approved', 'refused', 'revoked']),
  apiTitle: z.string(),
  environment: z.string(),
  appName: z.string(),
  clientId: z.string(),
  reason: z.string().optional(),
  appsUrl: z.url(),
});

export function render(data: z.infer<typeof payload>) {
  const subjects = {
    approved: `Your app ${data.appName} can call ${data.apiTitle} (${data.environment})`,
    refused: `Your ${data.environment} access request to ${data.apiTitle} was refused`,
    revoked: `The ${data.environment} access of ${data.appName} to ${data.apiTitle} was revoked`,
  };
  return renderEmail({
    subject: subjects[data.decision],
    paragraphs: [
      `Hello ${data.fullName},`,
      data.decision === 'approved'
        ? `Use the application ${data.appName} — client id ${data.clientId} — with its client secret to get a token and call ${data.apiTitle} in ${data.environment}.`
        : `Application ${data.appName} (client id ${data.clientId}), ${data.apiTitle} in ${data.environment}: ${data.decision}.`,
      ...(data.reason ? [`Reason: ${data.reason}`] : []),
    ],
    action: { label: 'Open my apps', url: data.appsUrl },
  });
}
