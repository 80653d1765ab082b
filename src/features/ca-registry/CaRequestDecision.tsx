import type React from 'react';
import { useState } from 'react';
import styles from './registry.module.css';
import type { RequestedCa } from './types';
import { dayWords, fingerprintWords } from './words';

/** The requested CA as the server read it from its PEM (issue 17 item 3): what the platform team checks before deciding. */
function CaFacts({ certificate }: { certificate: RequestedCa }): React.JSX.Element {
  return (
    <dl className={styles.facts} data-testid="ca-request-facts">
      <dt>Kind</dt>
      <dd>
        <span className={`badge ${certificate.root ? 'badge--primary' : 'badge--secondary'}`}>{certificate.root ? 'Root CA' : 'Intermediate CA'}</span>
      </dd>
      <dt>Subject</dt>
      <dd>{certificate.subject}</dd>
      <dt>Issuer</dt>
      <dd>{certificate.root ? `${certificate.issuer} (itself)` : certificate.issuer}</dd>
      <dt>Valid</dt>
      <dd>
        from {dayWords(certificate.notBefore)} to {dayWords(certificate.notAfter)}
      </dd>
      <dt>SHA-256</dt>
      <dd>
        <code className={styles.fingerprint} data-testid="ca-sha256">
          <FingerprintPairs sha256={certificate.sha256} />
        </code>
      </dd>
      <dt>EV policy OIDs</dt>
      {/* OIDs may break anywhere; the sentence said instead of them only between words. */}
      <dd className={certificate.evPolicyOids.length > 0 ? styles.oids : undefined}>{evWords(certificate)}</dd>
      <dt>Other policy OIDs</dt>
      <dd className={styles.oids}>{otherPolicies(certificate) || 'none'}</dd>
    </dl>
  );
}

/** The SHA-256 in colon-separated pairs; a line may break after each colon only, never inside a pair. */
function FingerprintPairs({ sha256 }: { sha256: string }): React.JSX.Element {
  const words = fingerprintWords(sha256);
  return <>{[...words.matchAll(/[^:]+/g)].flatMap((pair) => (pair.index === 0 ? [pair[0]] : [':', <wbr key={`wbr-${pair.index}`} />, pair[0]]))}</>;
}

/** A root seldom names a policy (its EV status is the CCADB's), an intermediate without one issues no EV certificate. */
function evWords(certificate: RequestedCa): string {
  if (certificate.evPolicyOids.length > 0) return certificate.evPolicyOids.join(', ');
  return certificate.root ? 'none in the certificate (roots seldom name one): check its EV status in the CCADB report' : 'none: not an EV CA';
}

function otherPolicies(certificate: RequestedCa): string {
  return certificate.policyOids.filter((oid) => !certificate.evPolicyOids.includes(oid)).join(', ');
}

/**
 * An owner's request to add a CA, decided in the page once its facts are read: add it once EV is
 * confirmed, or decline it with a reason the owner (and any holder waiting for it) reads. No browser dialog.
 */
export function CaRequestDecision(props: {
  name: string;
  certificate: RequestedCa;
  onAdd: () => Promise<void>;
  onDecline: (reason: string) => Promise<void>;
}): React.JSX.Element {
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
    <div className={styles.panel}>
      <CaFacts certificate={props.certificate} />
      <div data-testid="ca-request-decision">
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
    </div>
  );
}
