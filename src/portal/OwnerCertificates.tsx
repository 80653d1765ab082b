import type React from 'react';
import { useState } from 'react';
import { api, type ApiFailure } from './api-client';

/**
 * Beside the queues: the request that the platform team accept a CA. The certificates are
 * reviewed, and the certificate cases (reported revocations, announced changes, expiring
 * certificates) followed, in the console's queues (src/features/owner-console).
 */
export default function OwnerCertificates({ onResult }: { onResult: (result: { ok: boolean } | ApiFailure, success: string) => void }): React.JSX.Element {
  const [caForm, setCaForm] = useState({ name: '', certificate: '', reason: '' });
  return (
    <details className="margin-top--md">
      <summary>Ask the platform team to add a certification authority</summary>
      <p>
        When a partner's certificate waits for a CA that is not accepted yet, send its CA certificate and why; the platform team checks it is an audited EV CA.
      </p>
      <input
        aria-label="CA name"
        placeholder="CA name"
        value={caForm.name}
        onChange={(event) => setCaForm((current) => ({ ...current, name: event.target.value }))}
        style={{ width: '100%' }}
      />
      <textarea
        aria-label="CA certificate (PEM)"
        placeholder="-----BEGIN CERTIFICATE-----"
        rows={5}
        value={caForm.certificate}
        onChange={(event) => setCaForm((current) => ({ ...current, certificate: event.target.value }))}
        style={{ width: '100%', fontFamily: 'monospace' }}
      />
      <input
        aria-label="Why"
        placeholder="Why (which partner needs it)"
        value={caForm.reason}
        onChange={(event) => setCaForm((current) => ({ ...current, reason: event.target.value }))}
        style={{ width: '100%' }}
      />
      <button
        type="button"
        className="button button--sm button--secondary margin-top--sm"
        disabled={!caForm.name || !caForm.certificate || !caForm.reason}
        onClick={async () => onResult(await api('/registry/requests', { json: caForm }), 'The platform team is asked to add this CA.')}
      >
        Send the request
      </button>
    </details>
  );
}
