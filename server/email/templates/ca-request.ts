import { z } from 'zod';
import { renderEmail } from '../layout.ts';

export const payload = z.object({
  /** holder_asked: to the API's owners, when the holder of a certificate waiting for this CA asks for it. */
  event: z.enum(['requested', 'added', 'declined', 'holder_asked']),
  name: z.string(),
  requesterName: z.string(),
  reason: z.string(),
  url: z.url(),
  company: z.string().optional(),
  apiTitle: z.string().optional(),
  subject: z.string().optional(),
});

export function render(data: z.infer<typeof payload>) {
  const subjects = {
    requested: `Request to accept the CA "${data.name}"`,
    added: `The CA "${data.name}" is now accepted`,
    declined: `The CA "${data.name}" was not accepted`,
    holder_asked: `${data.company} asks the platform team to accept the CA "${data.name}" (${data.apiTitle})`,
  };
  const paragraphs = {
    requested: [
      `${data.requesterName} asks the platform team to accept the certification authority "${data.name}".`,
      `Why: ${data.reason}`,
      'Check that it is an audited EV CA before adding it.',
    ],
    added: [`The platform team added "${data.name}" to the accepted certification authorities. Certificates that waited for it were checked again.`],
    declined: [`The platform team did not add "${data.name}".`, `Reason: ${data.reason}`],
    holder_asked: [
      `${data.requesterName} (${data.company}) uploaded the client certificate ${data.subject} for ${data.apiTitle}. It fits every other rule but was issued by "${data.name}", which is not an accepted certification authority yet.`,
      `They sent its CA chain and asked the platform team to accept it. Why: ${data.reason}`,
      'The platform team decides; once the CA is accepted the certificate comes to you for review. Tell the platform team if this partner should not use this CA.',
    ],
  };
  return renderEmail({ subject: subjects[data.event], paragraphs: paragraphs[data.event], action: { label: 'Open the portal', url: data.url } });
}
