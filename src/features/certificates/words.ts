/** The words the certificates page uses for a certificate's state, its proof and its CA request. */
import type { ApiSummary } from '../../portal/use-apis';
import type { HeldCertificate, HolderCaRequest, Possession } from './types';

/** What each state means for the holder, in words. */
const STATUS_WORDS: Record<HeldCertificate['status'], string> = {
  awaiting_ca:
    'Waiting: the authority that issued it is not accepted on this portal yet. It is kept for 30 days and checked again as soon as that authority is accepted.',
  pending: 'Waiting for the API owners',
  approved: 'Approved',
  refused: 'Refused',
  revoked: 'Revoked',
  expired: 'Expired',
};

/** The state in words; a pending certificate not proved yet waits on its holder first. */
export function certificateStatusWords(row: Pick<HeldCertificate, 'status' | 'possessionProvedAt'>): string {
  if (row.status === 'pending' && !row.possessionProvedAt) return 'Waiting for your proof of the private key (the owners review it after)';
  return STATUS_WORDS[row.status] ?? 'Unknown state';
}

export const day = (at: number | null) => (at ? new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' }) : '');

const METHOD_WORDS = { tls_handshake: 'TLS handshake', signature: 'signature' } as const;

/** "Proved by TLS handshake on 2 Dec 2026". */
export function provedSentence(method: Possession['method'], provedAt: number | null): string {
  const when = day(provedAt);
  return `Proved by ${method ? METHOD_WORDS[method] : 'the holder'}${when ? ` on ${when}` : ''}.`;
}

/** Where the request for this certificate's CA stands, in words. */
export function caRequestSentence(request: HolderCaRequest): string {
  if (request.status === 'pending')
    return `You asked on ${day(request.createdAt)} for “${request.name}” to be accepted. The platform team decides; you are emailed when they do.`;
  if (request.status === 'added') return `The platform team accepted “${request.name}” on ${day(request.decidedAt)}.`;
  return `The platform team did not accept “${request.name}” (${day(request.decidedAt)}). Reason: ${request.decisionReason ?? 'none given'}`;
}

/** The API's title from the catalogue; one no longer listed is said so, not shown as a bare slug. */
export function apiTitle(apis: Pick<ApiSummary, 'slug' | 'title'>[], slug: string): string {
  return apis.find((entry) => entry.slug === slug)?.title ?? `${slug} (no longer in the catalogue)`;
}

/** An upload the portal did not answer in its own words (a proxy's error page, a lost connection). */
export const UPLOAD_FAILED = 'The upload did not go through. Try again in a moment; if it keeps failing, tell the support team.';
