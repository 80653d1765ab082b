import type { CertificateCase, ConsoleQueue, QueueEntry, QueueState, Review } from './types';

/** The console's words: one place, so a queue, a row and the panel say the same thing. */

export const QUEUE_TITLES: Record<ConsoleQueue, string> = {
  documentation: 'Documentation',
  app_access: 'App access',
  certificates: 'Certificates',
  mtls_reviews: 'mTLS reviews',
  certificate_cases: 'Certificate cases',
};

export const STATE_WORDS: Record<QueueState, string> = {
  waiting: 'Waiting for a decision',
  decided: 'Decided',
  all: 'All',
};

const STATUS_WORDS: Record<string, string> = {
  pending: 'waiting for your decision',
  awaiting_ca: 'waiting for its CA to be accepted',
  approved: 'approved',
  refused: 'refused',
  revoked: 'revoked',
  suspended: 'suspended',
  withdrawn: 'withdrawn by the requester',
  expired: 'expired',
};

export function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

const KIND_WORDS: Record<QueueEntry['kind'], string> = {
  doc_access: 'Documentation access',
  api_access: 'API access',
  certificate: 'Client certificate',
};

export function kindWords(kind: QueueEntry['kind']): string {
  return KIND_WORDS[kind];
}

/** Within a sentence: lower case, but API and mTLS keep their capitals. */
const KIND_IN_SENTENCE: Record<QueueEntry['kind'], string> = {
  doc_access: 'documentation access',
  api_access: 'API access',
  certificate: 'client certificate',
};

/** The banner after a decision: "Jane Doe: API access approved. They are emailed." */
export function decidedWords(fullName: string, kind: QueueEntry['kind'], done: string): string {
  return `${fullName}: ${KIND_IN_SENTENCE[kind]} ${done}. They are emailed.`;
}

/** What one entry of each queue is called, for "No … is waiting". */
export const QUEUE_ENTRY_WORDS: Record<ConsoleQueue, string> = {
  documentation: 'documentation request',
  app_access: 'app access request',
  certificates: 'certificate',
  mtls_reviews: 'mTLS access request',
  certificate_cases: 'certificate case',
};

export const CASE_KIND_WORDS: Record<CertificateCase['kind'], string> = {
  revocation: 'Reported revocation',
  change: 'Announced renewal or CA change',
  expiring: 'Expiring or flagged certificate',
};

const DAY = 86_400_000;

/** A case's deadline in words, so "overdue" never rests on colour alone. */
export function dueWords(entry: Pick<CertificateCase, 'dueAt' | 'handledAt' | 'overdue'>, now: number): string {
  if (entry.handledAt !== null) return `handled ${formatDate(entry.handledAt)}`;
  if (entry.overdue) {
    const late = Math.floor((now - entry.dueAt) / DAY);
    return late === 0 ? 'Overdue: it was due today' : `Overdue by ${ageWords(late)}`;
  }
  const left = Math.floor((entry.dueAt - now) / DAY);
  return left === 0 ? 'due today' : `due in ${ageWords(left)}`;
}

export function ageWords(days: number): string {
  if (days === 0) return 'today';
  return days === 1 ? '1 day' : `${days} days`;
}

export function formatDate(time: number | null): string {
  return time === null ? '—' : new Date(time).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** "sandbox · mTLS" — what an API access asks, in words. */
export function accessWords(environment: string | null, authMethod: string | null): string {
  if (!environment) return '';
  return `${environment} · ${authMethod === 'mtls' ? 'mTLS' : 'client id and secret'}`;
}

/** Why the Approve button is not offered, by the server's reason. */
export const APPROVAL_REFUSED: Record<NonNullable<Review['approvalRefused']>, string> = {
  // Production needs two people: the owner who recorded the call-back does not approve too.
  second_person: 'You recorded the call-back: another owner or an administrator approves.',
  own_request: 'This is your own request: another owner or an administrator decides.',
  forbidden: 'You do not decide for this API.',
  possession_unproven: 'Approval opens once the holder proves the private key (they are shown how on their certificates page).',
};

/** How long ago an account was made, in words an owner weighs ("today", "3 days ago", "2 years ago"). */
export function accountAge(createdAt: number, now: number): string {
  const days = Math.max(0, Math.floor((now - createdAt) / 86_400_000));
  if (days === 0) return 'today';
  if (days < 60) return `${ageWords(days)} ago`;
  if (days < 730) return `${Math.floor(days / 30)} months ago`;
  return `${Math.floor(days / 365)} years ago`;
}
