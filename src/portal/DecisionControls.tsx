import type React from 'react';
import { useState } from 'react';

export type Decision = 'approve' | 'refuse' | 'revoke' | 'resume';

/**
 * Approve / refuse (pending) or revoke (approved, suspended), with the reason the other side
 * receives; a decided request shows its state and reason instead.
 */
export default function DecisionControls(props: {
  label: string;
  status: string;
  decisionReason: string | null;
  onDecide: (decision: Decision, reason: string) => void;
  consequence?: (decision: 'refuse' | 'revoke') => string | undefined /** Why approval is not possible yet (shown instead of the Approve button). */;
  approveBlocked?: string /** A suspended decision can be lifted (API access). */;
  canResume?: boolean;
}): React.JSX.Element {
  const [reason, setReason] = useState('');
  // What the decision also stops is shown beside the button, then confirmed before it is sent.
  const ending = props.status === 'pending' ? 'refuse' : 'revoke';
  const consequence = props.consequence?.(ending);
  const end = () => {
    if (!consequence || window.confirm(`${consequence} Continue?`)) props.onDecide(ending, reason);
  };
  const open = props.status === 'pending' || props.status === 'approved' || props.status === 'suspended';
  if (!open) {
    return (
      <>
        {props.status}
        {props.decisionReason ? `: ${props.decisionReason}` : ''}
      </>
    );
  }
  const needsReason = !reason.trim();
  return (
    <>
      <input aria-label={`Reason for ${props.label}`} placeholder="Reason (sent to them)" value={reason} onChange={(event) => setReason(event.target.value)} />{' '}
      {props.status === 'pending' ? (
        <>
          {props.approveBlocked ? (
            <span data-testid="approve-blocked">{props.approveBlocked}</span>
          ) : (
            <button type="button" className="button button--sm button--success" onClick={() => props.onDecide('approve', reason)}>
              Approve
            </button>
          )}{' '}
          <button type="button" className="button button--sm button--danger" disabled={needsReason} onClick={end}>
            Refuse
          </button>
        </>
      ) : (
        <>
          {props.status === 'suspended' && props.canResume ? (
            <>
              <button type="button" className="button button--sm button--success" onClick={() => props.onDecide('resume', reason)}>
                Resume
              </button>{' '}
            </>
          ) : null}
          <button type="button" className="button button--sm button--danger" disabled={needsReason} onClick={end}>
            Revoke
          </button>
        </>
      )}
      {consequence ? (
        <p className="margin-vert--xs" data-testid="decision-consequence">
          <small>{consequence}</small>
        </p>
      ) : null}
    </>
  );
}
