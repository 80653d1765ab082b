import type React from 'react';
import { useState } from 'react';
import type { ApiFailure } from '../../portal/api-client';
import { Field, SelectField } from '../../portal/components';
import type { ApiSummary } from '../../portal/use-apis';
import type { HeldCertificate } from './types';
import { type UploadOutcome, tooLarge, uploadCertificate } from './upload';

const LABEL: React.CSSProperties = { display: 'block', fontWeight: 600, marginBottom: 4 };

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
      <SelectField
        label="API"
        name="apiSlug"
        value={apiSlug}
        onChange={(slug) => {
          // What it replaces is a certificate of the API chosen: another API, nothing chosen yet.
          setApiSlug(slug);
          setReplaces('');
        }}
        options={[{ value: '', label: 'Choose the API it is for' }, ...apis.map((entry) => ({ value: entry.slug, label: entry.title }))]}
      />
      <SelectField
        label="Replaces"
        name="replaces"
        value={replaces}
        onChange={setReplaces}
        required={false}
        options={[
          { value: '', label: 'Nothing: a new certificate' },
          ...rows
            .filter((row) => row.opensAccess && row.apiSlug === apiSlug)
            .map((row) => ({ value: row.id, label: `Renewal or CA change of ${row.subject}` })),
        ]}
        hint="A renewal of a certificate that is still approved: both work until the change date. Announce it at least 5 working days ahead."
      />
      {replaces ? <Field label="Change date" name="changeDate" type="date" value={changeDate} onChange={setChangeDate} /> : null}
      <div className="margin-bottom--md">
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
