import { z } from 'zod';
import { renderEmail } from '../layout.ts';

const item = z.object({ kind: z.string(), apiTitle: z.string(), who: z.string(), ageDays: z.number().int().min(0), decideUrl: z.url() });
export const payload = z.object({ day: z.string(), items: z.array(item).min(1) });

export function render(data: z.infer<typeof payload>) {
  const count = data.items.length;
  return renderEmail({
    subject: `${count} request${count === 1 ? '' : 's'} waiting for your decision (${data.day})`,
    paragraphs: [
      `These requests on the APIs you own are waiting for a decision, oldest first:`,
      ...data.items.map(
        (entry) =>
          `• ${entry.kind} — ${entry.apiTitle} — ${entry.who} — waiting ${entry.ageDays === 0 ? 'since today' : `${entry.ageDays} day${entry.ageDays === 1 ? '' : 's'}`}: ${entry.decideUrl}`,
      ),
    ],
    action: { label: 'Open the owner console', url: data.items[0]?.decideUrl ?? '' },
    footer: 'You receive this daily digest because you own APIs on the developer portal. It is sent only on days when something is waiting.',
  });
}
