/**
 * The owner console's queues: which queue a request belongs to, whether it still waits on the
 * owners, and the one filter every queue shares (decision 029). Pure: the service gathers the
 * rows, this sorts them into queues, oldest first, each with its age in days.
 */

export const OWNER_QUEUES = ['documentation', 'app_access', 'certificates', 'mtls_reviews'] as const;
type OwnerQueue = (typeof OWNER_QUEUES)[number];

/** waiting: the owners (or the CA registry) still owe a decision; decided: anything else. */
export const QUEUE_STATES = ['waiting', 'decided', 'all'] as const;
type QueueState = (typeof QUEUE_STATES)[number];

type RequestKind = 'doc_access' | 'api_access' | 'certificate';

/** The statuses in which a request still waits, per kind: pending everywhere; a suspended access waits to be resumed or revoked; a certificate may wait for its CA. */
const WAITING: Record<RequestKind, readonly string[]> = {
  doc_access: ['pending'],
  api_access: ['pending', 'suspended'],
  certificate: ['pending', 'awaiting_ca'],
};

export interface QueueFacts {
  kind: RequestKind;
  apiSlug: string;
  status: string;
  createdAt: number;
  /** API access only: mTLS requests are reviewed with the checklist, client-secret ones are not. */
  authMethod?: 'client_secret' | 'mtls';
}

export function queueOf(facts: Pick<QueueFacts, 'kind' | 'authMethod'>): OwnerQueue {
  if (facts.kind === 'doc_access') return 'documentation';
  if (facts.kind === 'certificate') return 'certificates';
  return facts.authMethod === 'mtls' ? 'mtls_reviews' : 'app_access';
}

/**
 * Where the owner console shows a request, or a queue: the URL it reads (src/features/owner-console
 * keeps its view there), so an email or the digest lands on the queue and opens the request.
 */
export function ownerConsolePath(target: { queue: OwnerQueue | 'certificate_cases'; apiSlug: string; review?: string }): string {
  const query = new URLSearchParams({ queue: target.queue, api: target.apiSlug, ...(target.review ? { review: target.review } : {}) });
  return `/owner?${query.toString()}`;
}

export function isWaiting(facts: Pick<QueueFacts, 'kind' | 'status'>): boolean {
  return WAITING[facts.kind].includes(facts.status);
}

const DAY_MS = 86_400_000;

/** Whole days since the request was made (0 on its first day); never negative, even with a clock behind a row. */
export function ageInDays(createdAt: number, now: number): number {
  return Math.max(0, Math.floor((now - createdAt) / DAY_MS));
}

export interface QueueFilter {
  state: QueueState;
  /** One API, or every API the reader decides for. */
  apiSlug?: string;
}

interface Queue<T> {
  name: OwnerQueue;
  /** How many entries the filter keeps in this queue (every entry is listed; the count is for the tab). */
  count: number;
  entries: Array<T & { queue: OwnerQueue; waiting: boolean; ageDays: number }>;
}

/** Every queue, in a fixed order, with the same filter applied to each; entries oldest first. An empty queue is still listed, with its count 0. */
export function arrangeQueues<T extends QueueFacts>(rows: readonly T[], filter: QueueFilter, now: number): Array<Queue<T>> {
  const kept = rows
    .filter((row) => filter.apiSlug === undefined || row.apiSlug === filter.apiSlug)
    .map((row) => ({ ...row, queue: queueOf(row), waiting: isWaiting(row), ageDays: ageInDays(row.createdAt, now) }))
    .filter((row) => filter.state === 'all' || (filter.state === 'waiting') === row.waiting)
    .sort((a, b) => a.createdAt - b.createdAt);
  return OWNER_QUEUES.map((name) => {
    const entries = kept.filter((row) => row.queue === name);
    return { name, count: entries.length, entries };
  });
}
