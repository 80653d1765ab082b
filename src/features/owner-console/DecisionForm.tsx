import type React from 'react';
import { useState } from 'react';
import styles from './owner-console.module.css';

export type Decision = 'approve' | 'refuse' | 'revoke' | 'resume';

/**
 * The decision at the foot of the review panel, pinned within reach on a phone. A refusal or a
 * revocation needs a reason (sent to the consumer and shown on their page); when it also stops
 * something else, that is said, and confirmed in the page (no browser dialog).
 */
export function DecisionForm(props: {
  label: string;
  status: string;
  approveBlocked?: string;
  canResume: boolean;
  consequence?: (decision: 'refuse' | 'revoke') => string | undefined;
  onDecide: (decision: Decision, reason: string) => Promise<void>;
}): React.JSX.Element | null {
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState<'refuse' | 'revoke' | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = props.status === 'pending';
  const ending = pending ? 'refuse' : 'revoke';
  const open = pending || props.status === 'approved' || props.status === 'suspended';
  if (!open) return null;
  const consequence = props.consequence?.(ending);
  const decide = async (decision: Decision) => {
    setBusy(true);
    try {
      await props.onDecide(decision, reason.trim());
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };
  const end = () => (consequence && confirming !== ending ? setConfirming(ending) : decide(ending));
  const endWord = ending === 'refuse' ? 'Refuse' : 'Revoke';
  return (
    <div className={styles.decision} data-testid="decision-form">
      <label htmlFor="decision-reason">
        <strong>Reason</strong> <small>(required to {ending}; the consumer reads it)</small>
      </label>
      <textarea id="decision-reason" aria-label={`Reason for ${props.label}`} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
      {consequence ? (
        <p className="margin-vert--xs" data-testid="decision-consequence">
          <small>{consequence}</small>
        </p>
      ) : null}
      <div className={styles.buttons}>
        {pending ? (
          props.approveBlocked ? (
            <span data-testid="approve-blocked">{props.approveBlocked}</span>
          ) : (
            <button type="button" className="button button--success" disabled={busy} onClick={() => decide('approve')}>
              Approve
            </button>
          )
        ) : null}
        {props.status === 'suspended' && props.canResume ? (
          <button type="button" className="button button--success" disabled={busy} onClick={() => decide('resume')}>
            Resume
          </button>
        ) : null}
        <button type="button" className="button button--danger" disabled={busy || !reason.trim()} onClick={end}>
          {confirming === ending ? `Confirm: ${endWord.toLowerCase()}` : endWord}
        </button>
        {confirming ? (
          <button type="button" className="button button--secondary" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        ) : null}
      </div>
    </div>
  );
}
