import type React from 'react';
import { useCallback, useEffect, useState } from 'react';
import { docAccessEndConsequence } from '../../portal/access-words';
import { api, type ApiFailure } from '../../portal/api-client';
import ReviewChecklist from './ReviewChecklist';
import { type Decision, DecisionForm } from './DecisionForm';
import styles from './owner-console.module.css';
import { AppFacts, CertificateFacts, RequesterFacts } from './ReviewFacts';
import type { Review } from './types';
import { APPROVAL_REFUSED, accessWords, ageWords, decidedWords, formatDate, kindWords, statusWords } from './words';

const DONE: Record<Decision, string> = { approve: 'approved', refuse: 'refused', revoke: 'revoked', resume: 'resumed' };

/** Where each kind of request is decided (the routes that apply the lifecycle and the policy). */
function decisionPath(review: Review, decision: Decision): string {
  const { id, kind } = review.request;
  if (kind === 'doc_access') return `/owner/requests/${id}/${decision}`;
  if (kind === 'api_access') return `/owner/api-access/${id}/${decision}`;
  return `/owner/certificates/${id}/${decision}`;
}

/** Certificates are approved or refused while pending; a decided one is revoked by its holder's report, not here. */
function decidable(review: Review): boolean {
  return review.request.kind !== 'certificate' || review.request.status === 'pending';
}

/** Everything needed to decide one request, then the decision. */
export function ReviewPanel(props: {
  id: string;
  apiTitle: (slug: string) => string;
  onClose: () => void;
  onDecided: (result: { ok: boolean } | ApiFailure, success: string) => void;
}): React.JSX.Element {
  const [review, setReview] = useState<Review | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const load = useCallback(async () => {
    const result = await api<Review>(`/owner/reviews/${props.id}`);
    if (result.ok) {
      const { ok: _ok, status: _status, ...body } = result;
      setReview(body as Review);
      setFailure(null);
    } else setFailure(result.message);
  }, [props.id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (failure)
    return (
      <section className={styles.panel} aria-label="Review">
        <p className="text--danger" role="alert">
          {failure}
        </p>
        <button type="button" className="button button--sm button--secondary" onClick={props.onClose}>
          Close
        </button>
      </section>
    );
  if (!review) return <section className={styles.panel}>Loading the review…</section>;

  const { request } = review;
  const decide = async (decision: Decision, reason: string) => {
    const result = await api(decisionPath(review, decision), decision === 'approve' || decision === 'resume' ? { method: 'POST' } : { json: { reason } });
    props.onDecided(result, decidedWords(review.requester.fullName, request.kind, DONE[decision]));
    await load();
  };
  const consequence = request.kind === 'doc_access' ? (action: 'refuse' | 'revoke') => docAccessEndConsequence(action, review.dependentApiAccess) : undefined;

  return (
    <section className={styles.panel} aria-labelledby="review-heading" data-testid="review-panel" data-id={request.id} data-status={request.status}>
      <div className={styles.buttons} style={{ justifyContent: 'space-between', marginTop: 0 }}>
        <h2 id="review-heading" className="margin-bottom--sm">
          {kindWords(request.kind)} · {props.apiTitle(request.apiSlug)}
          {request.environment ? ` · ${accessWords(request.environment, request.authMethod)}` : ''}
        </h2>
        <button type="button" className="button button--sm button--secondary" onClick={props.onClose}>
          Close
        </button>
      </div>
      <p>
        <strong>{statusWords(request.status)}</strong> · asked {formatDate(request.createdAt)}
        {request.status === 'pending' ? ` (waiting ${ageWords(Math.floor((Date.now() - request.createdAt) / 86_400_000))})` : ''}
        {request.decisionReason ? ` · reason given: “${request.decisionReason}”` : ''}
      </p>
      {request.justification ? (
        <blockquote>
          <strong>Why they ask:</strong> {request.justification}
        </blockquote>
      ) : null}
      <div className={styles.facts}>
        <RequesterFacts review={review} apiTitle={props.apiTitle} />
        {review.app ? <AppFacts app={review.app} apiTitle={props.apiTitle} /> : null}
        {review.certificate ? <CertificateFacts certificate={review.certificate} /> : null}
      </div>
      {review.checklist && request.status === 'pending' && request.environment ? (
        <ReviewChecklist
          key={`${request.id}-${JSON.stringify(review.checklist.recorded)}`}
          accessId={request.id}
          environment={request.environment}
          items={review.checklist.items}
          recorded={review.checklist.recorded}
          certificate={review.certificate ? { subject: review.certificate.subject, issuer: review.certificate.issuer } : null}
          onSaved={(verdict) => {
            props.onDecided({ ok: true }, verdict.canApprove ? 'The review is saved: every mandatory item is complete.' : 'The review is saved.');
            void load();
          }}
        />
      ) : null}
      {review.checklist && request.status === 'pending' && !review.checklist.canApprove ? (
        <p className="text--warning" data-testid="checklist-missing">
          Still needed before approval: {review.checklist.missing.join('; ')}
        </p>
      ) : null}
      {decidable(review) ? (
        <DecisionForm
          key={request.id}
          label={review.requester.fullName}
          status={request.status}
          approveBlocked={review.approvalRefused ? APPROVAL_REFUSED[review.approvalRefused] : undefined}
          canResume={request.kind === 'api_access'}
          consequence={consequence}
          onDecide={decide}
        />
      ) : null}
    </section>
  );
}
