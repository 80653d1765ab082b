import type React from 'react';
import { useState } from 'react';
import type { ApiFailure } from '../../portal/api-client';
import type { ApiSummary } from '../../portal/use-apis';
import type { HeldCertificate } from './types';
import { type UploadOutcome, tooLarge, uploadCertificate } from './upload';

const LABEL: React.CSSProperties = { display: 'block', fontWeight: 600 };

/**
 * The upload: the API it is for, what it replaces (a renewal or CA change of an approved
 * certificate of that API), the change date, the file. The outcome goes to the page's banner.
 */
export function UploadForm({
  apis,
  rows,
  onOutcome,
  onTooLarge,
}: {
  apis: ApiSummary[];
  rows: HeldCertificate[];
  onOutcome: (outcome: UploadOutcome) => Promise<void>;
  /** Refused before it is sent: nothing changed on the server. */
  onTooLarge: (failure: ApiFailure) => void;
}): React.JSX.Element {
  const [apiSlug, setApiSlug] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [replaces, setReplaces] = useState('');
  const [changeDate, setChangeDate] = useState('');

  const upload = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return;
    const refused = tooLarge(file);
    if (refused) return onTooLarge(refused);
    await onOutcome(await uploadCertificate(file, { apiSlug, replaces, changeDate }));
  };

  return (
    <form onSubmit={upload} className="margin-bottom--lg" data-testid="certificate-upload">
      <div className="margin-bottom--sm">
        <label htmlFor="certificate-api" style={LABEL}>
          API
        </label>
        <select id="certificate-api" value={apiSlug} onChange={(event) => setApiSlug(event.target.value)} required>
          <option value="">Choose the API it is for</option>
          {apis.map((entry) => (
            <option key={entry.slug} value={entry.slug}>
              {entry.title}
            </option>
          ))}
        </select>
      </div>
      <div className="margin-bottom--sm">
        <label htmlFor="certificate-replaces" style={LABEL}>
          Replaces
        </label>
        <select id="certificate-replaces" value={replaces} onChange={(event) => setReplaces(event.target.value)}>
          <option value="">Nothing: a new certificate</option>
          {rows
            .filter((row) => row.opensAccess && row.apiSlug === apiSlug)
            .map((row) => (
              <option key={row.id} value={row.id}>
                Renewal or CA change of {row.subject}
              </option>
            ))}
        </select>
        <br />
        <small>A renewal of a certificate that is still approved: both work until the change date. Announce it at least 5 working days ahead.</small>
      </div>
      {replaces ? (
        <div className="margin-bottom--sm">
          <label htmlFor="certificate-change-date" style={LABEL}>
            Change date
          </label>
          <input id="certificate-change-date" type="date" value={changeDate} required onChange={(event) => setChangeDate(event.target.value)} />
        </div>
      ) : null}
      <div className="margin-bottom--sm">
        <label htmlFor="certificate-file" style={LABEL}>
          Certificate file
        </label>
        <input id="certificate-file" type="file" accept=".pem,.crt,.cer,.der" required onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
      </div>
      <button className="button button--primary" type="submit">
        Upload and check
      </button>
    </form>
  );
}
