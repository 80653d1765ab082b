/**
 * The owner console's types are the server's own (the zod schemas of GET /api/owner/queues and
 * GET /api/owner/reviews/{id}), never a hand-written copy: a change of the answer fails the type check here.
 */
import type { OwnerQueuesAnswer, OwnerReviewAnswer } from '../../../server/routes/owner-review-projections.ts';

export type Queue = OwnerQueuesAnswer['queues'][number];
export type QueueName = Queue['name'];
export type QueueEntry = Queue['entries'][number];
export type Review = OwnerReviewAnswer;
export type ChecklistItem = NonNullable<Review['checklist']>['items'][number];
export type RecordedReview = NonNullable<Review['checklist']>['recorded'];
export type QueueState = 'waiting' | 'decided' | 'all';
