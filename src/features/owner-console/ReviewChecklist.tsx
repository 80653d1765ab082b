import type React from 'react';
import { useState } from 'react';
import styles from './owner-console.module.css';
import type { ChecklistItem, RecordedReview } from './types';
import { api } from '../../portal/api-client';
import { Field } from '../../portal/components';

interface Verdict {
  canApprove: boolean;
  missing: string[];
  warnings: string[];
}

type Entitlement = { businessInformation: boolean; technicalInformation: boolean; kyc: boolean; contractAndTerms: boolean };
const NO_ENTITLEMENT: Entitlement = { businessInformation: false, technicalInformation: false, kyc: false, contractAndTerms: false };
const ENTITLEMENT_WORDS: Record<keyof Entitlement, string> = {
  businessInformation: 'Business information provided',
  technicalInformation: 'Technical information provided',
  kyc: 'KYC done',
  contractAndTerms: 'Contract signed, terms and security guidelines accepted',
};

/** A datetime-local value (the browser's time zone) from an ISO date the server stored. */
function localInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * The owners' review of an mTLS request, item by item in the seed's words (the server's list):
 * the automatic facts shown, the owners' items ticked here. Sandbox: identity mandatory,
 * entitlement recommended. Production: entitlement and the call-back, with the certificate's
 * subject and issuer shown to confirm on the phone.
 */
export default function ReviewChecklist(props: {
  accessId: string;
  environment: string;
  items: ChecklistItem[];
  recorded: RecordedReview;
  certificate: { subject: string; issuer: string } | null;
  onSaved: (verdict: Verdict) => void;
}): React.JSX.Element {
  const { recorded } = props;
  const [identity, setIdentity] = useState(recorded.identityConfirmed);
  const [entitlement, setEntitlement] = useState<Entitlement>(() => {
    const stored = recorded.entitlement;
    return stored
      ? {
          businessInformation: stored.businessInformation,
          technicalInformation: stored.technicalInformation,
          kyc: stored.kyc,
          contractAndTerms: stored.contractAndTerms,
        }
      : NO_ENTITLEMENT;
  });
  const [callBack, setCallBack] = useState({
    phoneFromContract: recorded.callBack?.phoneFromContract ?? '',
    calledBy: recorded.callBack?.calledBy ?? '',
    calledAt: recorded.callBack ? localInput(recorded.callBack.calledAt) : '',
    subjectConfirmed: recorded.callBack?.subjectConfirmed ?? false,
    issuerConfirmed: recorded.callBack?.issuerConfirmed ?? false,
  });
  const [failure, setFailure] = useState<string | null>(null);
  const production = props.environment === 'production';

  const save = async () => {
    const withCallBack = production && callBack.phoneFromContract.trim() && callBack.calledBy.trim() && callBack.calledAt;
    const result = await api<Verdict>(`/owner/api-access/${props.accessId}/review`, {
      method: 'PUT',
      json: {
        ...(production ? {} : { identity: { confirmed: identity } }),
        entitlement,
        ...(withCallBack ? { callBack: { ...callBack, calledAt: new Date(callBack.calledAt).toISOString() } } : {}),
      },
    });
    if (result.ok) {
      setFailure(null);
      props.onSaved(result);
    } else setFailure(result.message);
  };

  const owned = (item: ChecklistItem): React.ReactNode => {
    if (item.id === 'identity')
      return (
        <Tick name="identityConfirmed" checked={identity} onChange={setIdentity}>
          I checked who asks: their name, company and verified email domain match the organization of the certificate.
        </Tick>
      );
    if (item.id === 'entitlement')
      return (
        <fieldset>
          <legend>Entitlement ({item.requirement})</legend>
          {(Object.keys(ENTITLEMENT_WORDS) as Array<keyof Entitlement>).map((key) => (
            <Tick key={key} name={key} checked={entitlement[key]} onChange={(checked) => setEntitlement((current) => ({ ...current, [key]: checked }))}>
              {ENTITLEMENT_WORDS[key]}
            </Tick>
          ))}
        </fieldset>
      );
    if (item.id === 'call_back')
      return <CallBackFields value={callBack} onChange={setCallBack} certificate={props.certificate} recordedByYou={recorded.callBackRecordedByYou} />;
    return null;
  };

  return (
    <section data-testid="review-checklist" aria-labelledby="checklist-heading">
      <h3 id="checklist-heading">
        Review checklist ({production ? 'production: entitlement and call-back mandatory' : 'sandbox: identity mandatory, entitlement recommended'})
      </h3>
      <ul className={styles.checklist}>
        {props.items.map((item) => (
          <li key={item.id} data-item={item.id} data-done={String(item.done)}>
            <div>
              {/* Words, not emoji: a browser without an emoji font showed done and to-do alike. */}
              <span className={`badge ${item.done ? 'badge--success' : item.requirement === 'mandatory' ? 'badge--warning' : 'badge--secondary'}`}>
                {item.done ? 'Done' : 'To do'}
              </span>{' '}
              <strong>{item.requirement}</strong> — {item.words}
              {item.source === 'automatic' ? <em> (checked by the portal)</em> : null}
            </div>
            {item.source === 'owner' ? owned(item) : null}
          </li>
        ))}
      </ul>
      <button type="button" className="button button--sm button--secondary" onClick={save}>
        Save the review
      </button>
      {failure ? (
        <p className="text--danger" role="alert">
          {failure}
        </p>
      ) : null}
    </section>
  );
}

/** One labelled checkbox of the checklist: the box, then what ticking it says. */
function Tick(props: { name: string; checked: boolean; onChange: (checked: boolean) => void; children: React.ReactNode }): React.JSX.Element {
  return (
    <label>
      <input type="checkbox" name={props.name} checked={props.checked} onChange={(event) => props.onChange(event.target.checked)} />
      <span>{props.children}</span>
    </label>
  );
}

type CallBackValue = { phoneFromContract: string; calledBy: string; calledAt: string; subjectConfirmed: boolean; issuerConfirmed: boolean };

function CallBackFields(props: {
  value: CallBackValue;
  onChange: (update: (current: CallBackValue) => CallBackValue) => void;
  certificate: { subject: string; issuer: string } | null;
  recordedByYou: boolean;
}): React.JSX.Element {
  const set = (patch: Partial<CallBackValue>) => props.onChange((current) => ({ ...current, ...patch }));
  return (
    <fieldset>
      <legend>Call-back (contre-appel)</legend>
      <p>
        <small>
          Call the phone number written in the contract (not one the requester gave) and have them confirm this subject and issuer. Whoever saves the call-back
          is recorded as having made it; another owner or an administrator then approves (two people for production).
        </small>
      </p>
      {props.recordedByYou ? <p className="text--warning">You recorded this call-back: another owner or an administrator approves.</p> : null}
      <div className={styles.fieldRow}>
        <Field
          label="Phone number from the contract"
          name="phoneFromContract"
          value={props.value.phoneFromContract}
          onChange={(phoneFromContract) => set({ phoneFromContract })}
        />
        <Field label="Who called" name="calledBy" value={props.value.calledBy} onChange={(calledBy) => set({ calledBy })} />
        <Field label="When" name="calledAt" type="datetime-local" value={props.value.calledAt} onChange={(calledAt) => set({ calledAt })} />
      </div>
      <Tick name="subjectConfirmed" checked={props.value.subjectConfirmed} onChange={(checked) => set({ subjectConfirmed: checked })}>
        Subject confirmed on the phone: <code data-testid="call-back-subject">{props.certificate?.subject ?? 'no certificate'}</code>
      </Tick>
      <Tick name="issuerConfirmed" checked={props.value.issuerConfirmed} onChange={(checked) => set({ issuerConfirmed: checked })}>
        Issuer confirmed on the phone: <code data-testid="call-back-issuer">{props.certificate?.issuer ?? 'no certificate'}</code>
      </Tick>
    </fieldset>
  );
}
