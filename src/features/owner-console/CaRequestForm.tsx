import type React from 'react';
import { useState } from 'react';
import { api, type ApiFailure } from '../../portal/api-client';
import { Field, TextAreaField } from '../../portal/components';

const EMPTY = { name: '', certificate: '', reason: '' };

/**
 * Beside the queues: the request that the platform team accept a CA. The certificates are
 * reviewed, and the certificate cases (reported revocations, announced changes, expiring
 * certificates) followed, in the console's queues. A form with required fields, so a missing one
 * is named at the field when sent (no pale button without a reason).
 */
export default function CaRequestForm({ onResult }: { onResult: (result: { ok: boolean } | ApiFailure, success: string) => void }): React.JSX.Element {
  const [form, setForm] = useState(EMPTY);
  const set = (key: keyof typeof EMPTY) => (value: string) => setForm((current) => ({ ...current, [key]: value }));
  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    const result = await api('/registry/requests', { json: form });
    if (result.ok) setForm(EMPTY);
    onResult(result, 'The platform team is asked to add this CA.');
  };
  return (
    <details className="margin-top--md" data-testid="ca-request-form">
      <summary>Ask the platform team to add a certification authority</summary>
      <p>
        When a partner's certificate waits for a CA that is not accepted yet, send its CA certificate and why; the platform team checks it is an audited EV CA.
      </p>
      <form onSubmit={send}>
        <Field label="CA name" name="caName" value={form.name} onChange={set('name')} />
        <TextAreaField
          label="CA certificate (PEM)"
          name="caCertificate"
          rows={5}
          monospace
          value={form.certificate}
          onChange={set('certificate')}
          hint="The CA's own certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----"
        />
        <Field label="Why" name="caReason" value={form.reason} onChange={set('reason')} hint="Which partner needs it, for which API" />
        <button type="submit" className="button button--sm button--secondary">
          Send the request
        </button>
      </form>
    </details>
  );
}
