import type React from 'react';
import { useState } from 'react';

/**
 * A button whose action is confirmed in the page (never `window.confirm`, which blocks the page and
 * cannot say enough): the first click shows what will happen and two buttons, Confirm and Cancel.
 */
export function ConfirmButton(props: {
  label: string;
  /** What happens, said before it happens. */
  consequence: string;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  danger?: boolean;
}): React.JSX.Element {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const tone = props.danger ? 'button--danger' : 'button--primary';
  if (!asking)
    return (
      <button
        type="button"
        className={`button button--sm ${props.danger ? 'button--outline button--danger' : 'button--secondary'}`}
        onClick={() => setAsking(true)}
      >
        {props.label}
      </button>
    );
  return (
    <div className={`alert ${props.danger ? 'alert--danger' : 'alert--warning'} margin-vert--sm`} role="alertdialog" aria-label={props.label}>
      <p className="margin-bottom--sm">{props.consequence}</p>
      <button
        type="button"
        className={`button button--sm ${tone}`}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          await props.onConfirm();
          setBusy(false);
          setAsking(false);
        }}
      >
        {props.confirmLabel}
      </button>{' '}
      <button type="button" className="button button--sm button--secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}
