/**
 * The owner console's types are the server's own (the zod schemas of GET /api/owner/queues and
 * GET /api/owner/reviews/{id}), never a hand-written copy: a change of the answer fails the type check here.
 */
import type { CertificateCasesAnswer } from '../../../server/routes/certificate-cases.ts';
import type { OwnerQueuesAnswer, OwnerReviewAnswer } from '../../../server/routes/owner-review-projections.ts';

export type Queue = OwnerQueuesAnswer['queues'][number];
type QueueName = Queue['name'];
/** The console's tabs: the server's queues, then the certificate cases (GET /api/owner/certificate-cases). */
export type ConsoleQueue = QueueName | 'certificate_cases';
export type CertificateCase = CertificateCasesAnswer['cases'][number];
export type QueueEntry = Queue['entries'][number];
export type Review = OwnerReviewAnswer;
export type ChecklistItem = NonNullable<Review['checklist']>['items'][number];
export type RecordedReview = NonNullable<Review['checklist']>['recorded'];
export type QueueState = 'waiting' | 'decided' | 'all';
