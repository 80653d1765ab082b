import type React from 'react';
import { useState } from 'react';
import styles from './registry.module.css';

/**
 * An owner's request to add a CA, decided in the page: add it once EV is confirmed, or decline
 * it with a reason the owner (and any holder waiting for it) reads. No browser dialog.
 */
export function CaRequestDecision(props: { name: string; onAdd: () => Promise<void>; onDecline: (reason: string) => Promise<void> }): React.JSX.Element {
  const [ev, setEv] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={styles.panel} data-testid="ca-request-decision">
      <label>
        <input type="checkbox" checked={ev} onChange={(event) => setEv(event.target.checked)} /> I checked that “{props.name}” is an audited EV certification
        authority
      </label>
      <div className={styles.buttons}>
        <button type="button" className="button button--sm button--success" disabled={busy || !ev} onClick={() => run(props.onAdd)}>
          Add it
        </button>
      </div>
      <label htmlFor={`decline-${props.name}`} className="margin-top--sm" style={{ display: 'block' }}>
        <strong>Or decline it</strong> <small>(the reason is sent to who asked)</small>
      </label>
      <textarea id={`decline-${props.name}`} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
      <div className={styles.buttons}>
        <button
          type="button"
          className="button button--sm button--danger"
          disabled={busy || !reason.trim()}
          onClick={() => run(() => props.onDecline(reason.trim()))}
        >
          Decline
        </button>
      </div>
    </div>
  );
}
