import { z } from 'zod';
import { renderEmail } from '../layout.ts';

export const payload = z.object({
  /** handed_over: the certificate stopped but its approved replacement carries its access; renewal_took_over: a renewal approved after the old one stopped. */
  kind: z.enum(['revoked_reported', 'expires_soon', 'expired', 'change_announced', 'ca_accepted', 'handed_over', 'renewal_took_over']),
  subject: z.string(),
  apiTitle: z.string(),
  company: z.string(),
  daysLeft: z.number().int().optional(),
  dueBy: z.string().optional(),
  /** renewal_took_over: the apps whose mTLS access resumed with it, and those waiting for an owner to resume theirs. */
  apps: z.string().optional(),
  waitingApps: z.string().optional(),
  url: z.url(),
});

export function render(data: z.infer<typeof payload>) {
  const subjects = {
    revoked_reported: `Revoked client certificate reported for ${data.apiTitle} (${data.company})`,
    expires_soon: `A client certificate for ${data.apiTitle} expires in ${data.daysLeft} days`,
    expired: `A client certificate for ${data.apiTitle} expired: its access is suspended`,
    change_announced: `${data.company} announces a certificate change for ${data.apiTitle} on ${data.dueBy}`,
    ca_accepted: `The CA of your certificate for ${data.apiTitle} is now accepted`,
    handed_over: `Your renewed certificate now carries your ${data.apiTitle} access`,
    renewal_took_over: `Your renewed certificate for ${data.apiTitle} is approved: your app's mTLS access uses it`,
  };
  const paragraphs = {
    revoked_reported: [
      `${data.company} reported that the certificate ${data.subject} is revoked. It was disabled at once and the API access that used it is suspended.`,
      `Handle the case by ${data.dueBy} (5 working days).`,
    ],
    expires_soon: [
      `The certificate ${data.subject} expires in ${data.daysLeft} days. Upload its renewal and have it approved before then, or the API access that uses it will be suspended.`,
    ],
    expired: [`The certificate ${data.subject} expired. The API access that used it is suspended until a renewed certificate is approved.`],
    change_announced: [
      `${data.company} will switch to the certificate ${data.subject} on ${data.dueBy}, ${data.daysLeft} working day(s) from now${(data.daysLeft ?? 0) < 5 ? ' — less than the 5 working days the guidelines ask: review it quickly to avoid an interruption' : ''}.`,
      'Review the new certificate; once approved, both work until the change date.',
    ],
    handed_over: [
      `The certificate ${data.subject} your app used for ${data.apiTitle} stopped (it expired, or was reported revoked). Its approved replacement carries the access from now on, with no interruption.`,
    ],
    renewal_took_over: [
      `The API owners approved your certificate ${data.subject} for ${data.apiTitle}.`,
      ...(data.apps ? [`The mTLS access of ${data.apps}, suspended when the previous certificate stopped, uses it now and works again.`] : []),
      ...(data.waitingApps ? [`The mTLS access of ${data.waitingApps} now uses it too, and waits for an API owner to resume it.`] : []),
    ],
    ca_accepted: [
      `The certification authority that issued your certificate ${data.subject} is now accepted, and the certificate passed every check again. The API owners review it next; prove you hold its private key on your certificates page if you have not yet.`,
    ],
  };
  return renderEmail({ subject: subjects[data.kind], paragraphs: paragraphs[data.kind], action: { label: 'Open the portal', url: data.url } });
}
