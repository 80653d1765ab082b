import type React from 'react';
import styles from './dashboard.module.css';
import { useJourney } from './use-journey';

/**
 * The navbar's notices: how many decisions came since the partner last opened their portal and
 * how many steps wait on them, as the server counts them. Nothing when there is nothing.
 */
export function NoticesBadge({ signedIn }: { signedIn: boolean }): React.JSX.Element | null {
  const { journey } = useJourney(signedIn);
  const notices = journey?.notices;
  if (!notices || notices.total === 0) return null;
  const parts = [
    notices.decisions > 0 ? `${notices.decisions} new ${notices.decisions === 1 ? 'decision' : 'decisions'}` : null,
    notices.actions > 0 ? `${notices.actions} ${notices.actions === 1 ? 'thing needs' : 'things need'} your action` : null,
  ].filter(Boolean);
  return (
    <span className="badge badge--danger margin-left--xs" data-testid="notices-badge" title={parts.join(', ')}>
      {notices.total}
      <span className={styles.visuallyHidden}> notices: {parts.join(', ')}</span>
    </span>
  );
}
