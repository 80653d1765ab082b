import { z } from 'zod';
import { renderEmail } from '../layout.ts';

const stopped = z.object({
  appName: z.string(),
  clientId: z.string(),
  environment: z.string(),
  authMethod: z.string(),
  outcome: z.enum(['suspended', 'refused']),
});

/** The consumer's documentation access to a private API ended: what it stopped, in one email. */
export const payload = z.object({ fullName: z.string(), apiTitle: z.string(), reason: z.string(), accesses: z.array(stopped).min(1), appsUrl: z.url() });

export function render(data: z.infer<typeof payload>) {
  return renderEmail({
    subject: `Your apps’ access to ${data.apiTitle} is suspended`,
    paragraphs: [
      `Hello ${data.fullName},`,
      `Because ${data.reason}, your apps can no longer call ${data.apiTitle}. Their tokens stopped working at once:`,
      ...data.accesses.map(
        (access) =>
          `• ${access.appName} (client id ${access.clientId}) — ${access.environment}, ${access.authMethod}: ${access.outcome === 'suspended' ? 'suspended' : 'request refused'}`,
      ),
      `This access stays stopped even if your documentation access is granted again: the API owners decide on it.`,
    ],
    action: { label: 'Open my apps', url: data.appsUrl },
  });
}
