import type { ManifestApi } from '../../plugins/portico/contract.ts';
import { escapeHtml, renderPage } from './html.ts';

/** Shown instead of a private API's docs to anyone without a grant. Catalog metadata only. */
export function renderPrivateDocsDenied(
  api: Pick<ManifestApi, 'title' | 'summary' | 'owners' | 'overviewPath'>,
  reader?: { fullName: string; email: string; pendingSince?: number },
): string {
  const title = escapeHtml(api.title);
  const overview = escapeHtml(api.overviewPath);
  // A reader whose request is waiting is told so, not offered to ask again (issue 16).
  const ask = reader?.pendingSince
    ? `<p class="note" data-testid="request-pending">Your request is waiting for the owners since ${escapeHtml(new Date(reader.pendingSince).toISOString().slice(0, 10))}. You are emailed when they decide.</p>
<p><a class="button" href="${overview}#request-access">See your request</a>`
    : `<p><a class="button" href="${overview}#request-access">Request access</a>`;
  return renderPage(
    `${api.title} is private`,
    `<h1>The documentation of ${title} is private</h1>
${reader ? `<p>You are signed in as ${escapeHtml(reader.fullName)} (${escapeHtml(reader.email)}), and your account has no access to it yet.</p>` : ''}
<p class="note">Its owners open the full documentation to the partners, customers and prospects they approve.
You can read the API's overview (what it does, its environments and who runs it) without an account.</p>
${api.summary ? `<p>${escapeHtml(api.summary)}</p>` : ''}
${ask}
<a class="button secondary" href="${overview}">Read the overview</a>
<a class="button secondary" href="/">Back to the catalog</a></p>`,
  );
}
