import type React from 'react';
import { useState } from 'react';
import { api } from './api-client';

interface Verdict {
  canApprove: boolean;
  missing: string[];
  warnings: string[];
}

/** The owners' review of an mTLS request: entitlement, and for production the call-back. */
export default function ReviewChecklist({
  accessId,
  environment,
  onSaved,
}: {
  accessId: string;
  environment: string;
  onSaved: (verdict: Verdict) => void;
}): React.JSX.Element {
  const [entitlement, setEntitlement] = useState({ businessInformation: false, technicalInformation: false, kyc: false, contractAndTerms: false });
  const [callBack, setCallBack] = useState({ phoneFromContract: '', calledBy: '', calledAt: '', subjectConfirmed: false, issuerConfirmed: false });
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const save = async () => {
    const withCallBack = callBack.phoneFromContract.trim() && callBack.calledBy.trim() && callBack.calledAt;
    const result = await api<Verdict>(`/owner/api-access/${accessId}/review`, {
      method: 'PUT',
      json: { entitlement, ...(withCallBack ? { callBack: { ...callBack, calledAt: new Date(callBack.calledAt).toISOString() } } : {}) },
    });
    if (result.ok) {
      setVerdict(result);
      onSaved(result);
    }
  };
  const box = (key: keyof typeof entitlement, label: string) => (
    <label style={{ display: 'block' }}>
      <input
        type="checkbox"
        name={key}
        checked={entitlement[key]}
        onChange={(event) => setEntitlement((current) => ({ ...current, [key]: event.target.checked }))}
      />{' '}
      {label}
    </label>
  );
  return (
    <details data-testid="review-checklist" open>
      <summary>
        Review checklist ({environment === 'production' ? 'entitlement and call-back mandatory' : 'identity mandatory, entitlement recommended'})
      </summary>
      <fieldset>
        <legend>Entitlement</legend>
        {box('businessInformation', 'Business information provided')}
        {box('technicalInformation', 'Technical information provided')}
        {box('kyc', 'KYC done')}
        {box('contractAndTerms', 'Contract signed, terms and security guidelines accepted')}
      </fieldset>
      {environment === 'production' ? (
        <fieldset>
          <legend>Call-back (contre-appel)</legend>
          <p>
            <small>
              Whoever saves the call-back is recorded as having made it; another owner or an administrator then approves (two people for production).
            </small>
          </p>
          <input
            aria-label="Phone number from the contract"
            placeholder="Phone number from the contract"
            value={callBack.phoneFromContract}
            onChange={(event) => setCallBack((current) => ({ ...current, phoneFromContract: event.target.value }))}
          />{' '}
          <input
            aria-label="Who called"
            placeholder="Who called"
            value={callBack.calledBy}
            onChange={(event) => setCallBack((current) => ({ ...current, calledBy: event.target.value }))}
          />{' '}
          <input
            aria-label="When"
            type="datetime-local"
            value={callBack.calledAt}
            onChange={(event) => setCallBack((current) => ({ ...current, calledAt: event.target.value }))}
          />
          <label style={{ display: 'block' }}>
            <input
              type="checkbox"
              name="subjectConfirmed"
              checked={callBack.subjectConfirmed}
              onChange={(event) => setCallBack((current) => ({ ...current, subjectConfirmed: event.target.checked }))}
            />{' '}
            Subject of the certificate confirmed
          </label>
          <label style={{ display: 'block' }}>
            <input
              type="checkbox"
              name="issuerConfirmed"
              checked={callBack.issuerConfirmed}
              onChange={(event) => setCallBack((current) => ({ ...current, issuerConfirmed: event.target.checked }))}
            />{' '}
            Issuer of the certificate confirmed
          </label>
        </fieldset>
      ) : null}
      <button type="button" className="button button--sm button--secondary" onClick={save}>
        Save the review
      </button>
      {verdict ? (
        <div data-testid="checklist-verdict" data-can-approve={String(verdict.canApprove)}>
          {verdict.canApprove ? 'Ready to approve.' : `Still needed: ${verdict.missing.join('; ')}`}
          {verdict.warnings.map((warning) => (
            <div key={warning} className="text--warning">
              {warning}
            </div>
          ))}
        </div>
      ) : null}
    </details>
  );
}
