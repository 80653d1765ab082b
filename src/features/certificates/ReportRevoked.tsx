import type React from 'react';
import { useState } from 'react';
import { api, type ApiFailure } from '../../portal/api-client';

type Reported = { ok: true; dueBy: string } | ApiFailure;

/**
 * "Report revoked", confirmed in the page (no window.confirm): what it does is said before the
 * second click, and Cancel leaves everything as it was.
 */
export default function ReportRevoked({
  certificateId,
  subject,
  onDone,
}: {
  certificateId: string;
  /** Names the certificate to screen readers: there is one such button per row. */
  subject: string;
  onDone: (result: Reported) => Promise<void>;
}): React.JSX.Element {
  const [asking, setAsking] = useState(false);
  const [sending, setSending] = useState(false);
  if (!asking)
    return (
      // The name starts with the visible words, so that speaking them still finds the button.
      <button type="button" className="button button--sm button--link" aria-label={`Report revoked: ${subject}`} onClick={() => setAsking(true)}>
        Report revoked
      </button>
    );
  return (
    <fieldset className="alert alert--danger margin-top--sm" aria-label={`Report ${subject} as revoked`}>
      <p className="margin-bottom--sm">
        Report this certificate as revoked? It stops working at once, with the API access that uses it. The support team handles the case within 5 working days.
      </p>
      <button
        type="button"
        className="button button--sm button--danger"
        disabled={sending}
        onClick={async () => {
          setSending(true);
          const result = await api<{ dueBy: string }>(`/certificates/${certificateId}/report-revoked`, { method: 'POST' });
          setSending(false);
          setAsking(false);
          await onDone(result.ok ? { ok: true, dueBy: result.dueBy } : result);
        }}
      >
        {sending ? 'Reporting…' : 'Yes, report it revoked'}
      </button>{' '}
      <button type="button" className="button button--sm button--secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </fieldset>
  );
}
