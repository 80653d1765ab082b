import { z } from 'zod';
import { RECHECK_FLAGS } from '../../db/schema.ts';
import { renderEmail } from '../layout.ts';

/** The daily re-check found something (rules/certificate-recheck.ts): told once to the holder and to the API's owners. */
export const payload = z.object({
  audience: z.enum(['holder', 'owners']),
  flag: z.enum(RECHECK_FLAGS),
  subject: z.string(),
  apiTitle: z.string(),
  company: z.string(),
  /** The finding in words (the CA and its date, or the rules that fail). */
  detail: z.string(),
  /** How many approved API accesses were suspended with it. */
  suspended: z.number().int(),
  url: z.url(),
});

type Data = z.infer<typeof payload>;

const HOLDER_SUBJECTS: Record<Data['flag'], (data: Data) => string> = {
  ca_expired: (data) => `Your certificate for ${data.apiTitle} stopped: its certification authority expired`,
  ca_retired: (data) => `Your certificate for ${data.apiTitle} stopped: its certification authority is no longer accepted`,
  rule_failed: (data) => `Your certificate for ${data.apiTitle} no longer meets the portal's rules`,
  expiring_soon: (data) => `Your certificate for ${data.apiTitle} stops working soon: its certification authority expires`,
};

const HOLDER_NEXT: Record<Data['flag'], string> = {
  ca_expired: 'Ask your CA for a certificate under its current certification authority, upload it, and have it approved: your access resumes with it.',
  ca_retired: 'Get a certificate from an accepted certification authority, upload it, and have it approved: your access resumes with it.',
  rule_failed:
    'It keeps working for now; the API owners decide. Ask your CA for a certificate that meets the rules and upload it as a replacement, announcing the change at least 5 working days ahead.',
  expiring_soon:
    'Get a certificate under a current certification authority, upload it as a replacement and announce the change at least 5 working days before it, as the guidelines ask, or your access stops when the CA expires.',
};

export function render(data: Data) {
  const suspended = data.suspended > 0 ? [`${data.suspended} API access(es) that used it are suspended.`] : [];
  if (data.audience === 'holder')
    return renderEmail({
      subject: HOLDER_SUBJECTS[data.flag](data),
      paragraphs: [`The daily check of your certificate ${data.subject} for ${data.apiTitle} found: ${data.detail}`, ...suspended, HOLDER_NEXT[data.flag]],
      action: { label: 'See my certificates', url: data.url },
    });
  const stopped = data.flag === 'ca_expired' || data.flag === 'ca_retired';
  return renderEmail({
    subject: `${stopped ? 'A client certificate stopped' : 'A client certificate needs attention'} for ${data.apiTitle} (${data.company})`,
    paragraphs: [
      `The daily check of the certificate ${data.subject} of ${data.company} found: ${data.detail}`,
      ...suspended,
      stopped
        ? 'Its holder was told to upload a new certificate; review it when it arrives.'
        : 'It still works. Its holder was asked to renew; you may suspend its access from the owner console.',
    ],
    action: { label: 'Open the owner console', url: data.url },
  });
}
