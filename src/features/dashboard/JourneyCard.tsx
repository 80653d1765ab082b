import type React from 'react';
import styles from './dashboard.module.css';
import type { ApiJourney, JourneyStep } from './types';
import { STATE_WORDS, STEP_TITLES, actionOf, formatDate, recordWords, sinceWords } from './words';

/** One line of what a step's state means, from the server's answer. */
function stepDetail(step: JourneyStep): string | null {
  const record = step.status && step.status !== 'approved' && step.status !== 'pending' ? `${capitalize(recordWords(step.status))}. ` : '';
  switch (step.state) {
    case 'done':
      return step.since ? `Approved on ${formatDate(step.since)}.` : null;
    case 'waiting':
      return `${record}The API provider has had it ${step.since ? sinceWords(step.since) : 'for a while'}.`;
    case 'action_needed':
      // A certificate still in review or waiting for its CA that needs the partner: its key is not proved.
      if (step.id === 'certificate' && (step.status === 'pending' || step.status === 'awaiting_ca')) return 'Uploaded: prove you hold its private key.';
      return (
        `${record}${step.reason ? `Reason given: “${step.reason}”. ` : ''}${step.blockedBy ? `First: ${STEP_TITLES[step.blockedBy].toLowerCase()}.` : ''}`.trim() ||
        null
      );
    case 'locked':
      return step.blockedBy ? `After: ${STEP_TITLES[step.blockedBy].toLowerCase()}.` : null;
    default:
      return null;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function StepBadge({ state }: { state: JourneyStep['state'] }): React.JSX.Element {
  const words = STATE_WORDS[state];
  return <span className={`badge badge--${words.badge} ${styles.badge}`}>{words.label}</span>;
}

/** Where the partner stands with one API: the next action first, then every step of the guidelines. */
export function JourneyCard({ journey }: { journey: ApiJourney }): React.JSX.Element {
  const headingId = `journey-${journey.slug}`;
  const action = journey.next ? actionOf(journey.next, journey) : null;
  return (
    <article className={`card shadow--tl ${styles.card}`} aria-labelledby={headingId} data-testid="journey" data-slug={journey.slug}>
      <div className="card__body">
        <div className={styles.cardHead}>
          <h3 id={headingId}>
            <a href={journey.visibility === 'private' ? journey.overviewPath : journey.docsPath}>{journey.title}</a>
          </h3>
          <span className="badge badge--secondary">{journey.visibility === 'private' ? 'Private API' : 'Public API'}</span>
        </div>
        <div className={styles.next} data-testid="journey-next">
          {action ? (
            <>
              <p>
                <strong>Next:</strong> {action.label.toLowerCase()}.
              </p>
              <a className="button button--primary button--sm" href={action.href} data-action={journey.next?.kind}>
                {action.label}
              </a>
            </>
          ) : journey.complete ? (
            <p className="margin-bottom--none">You are in production with this API: nothing left to do.</p>
          ) : (
            <p className="margin-bottom--none">Nothing for you to do now: the API provider decides.</p>
          )}
          {journey.waiting.length > 0 ? (
            <p className="margin-bottom--none margin-top--sm" data-testid="journey-waiting">
              Waiting for the API provider: {journey.waiting.map((wait) => `${STEP_TITLES[wait.step].toLowerCase()} ${sinceWords(wait.since)}`).join('; ')}.
            </p>
          ) : null}
        </div>
        <ol className={styles.steps} aria-label={`Steps for ${journey.title}`}>
          {journey.steps.map((step) => {
            const detail = stepDetail(step);
            return (
              <li key={step.id} className={styles.step} data-step={step.id} data-state={step.state}>
                <span className={styles.stepTitle}>
                  <span>{STEP_TITLES[step.id]}</span>
                  <StepBadge state={step.state} />
                </span>
                {detail ? <span className={styles.stepDetail}>{detail}</span> : <span />}
              </li>
            );
          })}
        </ol>
      </div>
    </article>
  );
}
