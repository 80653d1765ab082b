import type React from 'react';
import { useEffect, useRef, useState } from 'react';
import styles from './registry.module.css';
import type { Dependent } from './types';

/**
 * Retiring a CA, in the page: first what depends on it (the approved certificates that chain to
 * it, their API, holder and the accesses they open), then a reason and a confirmation. Opened
 * below the table, it is brought into view and focused, so reading goes on from its heading.
 */
export function RetireCa(props: {
  id: string;
  name: string;
  dependents: Dependent[];
  onRetire: (reason: string) => Promise<void>;
  onCancel: () => void;
}): React.JSX.Element {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    panel.current?.scrollIntoView?.({ block: 'nearest' });
    panel.current?.focus();
  }, []);
  const accesses = props.dependents.reduce((sum, dependent) => sum + dependent.accesses, 0);
  return (
    <section id={props.id} ref={panel} tabIndex={-1} aria-labelledby={`${props.id}-heading`} className={styles.panel} data-testid="retire-preview">
      <h3 id={`${props.id}-heading`}>Retire {props.name}</h3>
      {props.dependents.length === 0 ? (
        <p>No approved client certificate depends on it.</p>
      ) : (
        <>
          <p>
            {props.dependents.length === 1 ? '1 approved certificate chains' : `${props.dependents.length} approved certificates chain`} to it, opening{' '}
            {accesses} mTLS access
            {accesses === 1 ? '' : 'es'}. Retiring it stops them at once and no new certificate is accepted under it; their holders and the API owners are told
            by email.
          </p>
          <ul>
            {props.dependents.map((dependent) => (
              <li key={dependent.id}>
                <strong>{dependent.subject}</strong> — {dependent.holder.fullName} ({dependent.holder.company}) · {dependent.apiTitle} · {dependent.accesses}{' '}
                access{dependent.accesses === 1 ? '' : 'es'}
              </li>
            ))}
          </ul>
        </>
      )}
      <label htmlFor={`retire-reason-${props.name}`}>
        <strong>Reason</strong> <small>(kept in the audit log)</small>
      </label>
      <textarea id={`retire-reason-${props.name}`} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
      <div className={styles.buttons}>
        <button
          type="button"
          className="button button--danger"
          disabled={busy || !reason.trim()}
          onClick={async () => {
            setBusy(true);
            try {
              await props.onRetire(reason.trim());
            } finally {
              setBusy(false);
            }
          }}
        >
          Confirm: retire this CA
        </button>
        <button type="button" className="button button--secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
