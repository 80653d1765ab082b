import { z } from 'zod';
import { renderEmail } from '../layout.ts';

export const payload = z.object({
  apiTitle: z.string(),
  requesterName: z.string(),
  company: z.string(),
  subject: z.string(),
  issuer: z.string(),
  anchor: z.string(),
  directlyIssued: z.boolean(),
  decideUrl: z.url(),
});

export function render(data: z.infer<typeof payload>) {
  return renderEmail({
    subject: `${data.company} submitted a client certificate for ${data.apiTitle}`,
    paragraphs: [
      `${data.requesterName} (${data.company}) uploaded a client certificate to use with ${data.apiTitle}. It passed every automatic check.`,
      `Subject: ${data.subject}`,
      `Issuer: ${data.issuer} — accepted CA: ${data.anchor}${data.directlyIssued ? ' (issued directly)' : ' (through an intermediate CA)'}`,
      'Check the identity of the third party, then approve or refuse the certificate in the owner console.',
    ],
    action: { label: 'Review in the owner console', url: data.decideUrl },
  });
}
