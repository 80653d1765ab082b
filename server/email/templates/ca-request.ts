import { z } from 'zod';
import { renderEmail } from '../layout.ts';

export const payload = z.object({
  event: z.enum(['requested', 'added', 'declined']),
  name: z.string(),
  requesterName: z.string(),
  reason: z.string(),
  url: z.url(),
});

export function render(data: z.infer<typeof payload>) {
  const subjects = {
    requested: `Request to accept the CA "${data.name}"`,
    added: `The CA "${data.name}" is now accepted`,
    declined: `The CA "${data.name}" was not accepted`,
  };
  const paragraphs = {
    requested: [
      `${data.requesterName} asks the platform team to accept the certification authority "${data.name}".`,
      `Why: ${data.reason}`,
      'Check that it is an audited EV CA before adding it.',
    ],
    added: [`The platform team added "${data.name}" to the accepted certification authorities. Certificates that waited for it were checked again.`],
    declined: [`The platform team did not add "${data.name}".`, `Reason: ${data.reason}`],
  };
  return renderEmail({ subject: subjects[data.event], paragraphs: paragraphs[data.event], action: { label: 'Open the portal', url: data.url } });
}
