/**
 * The owners' review checklist for mTLS access (the seed's "Test the API in sandbox / in
 * production via certificate"). Sandbox: identity checks mandatory, entitlement recommended.
 * Production: identity, entitlement and the call-back ("contre-appel") all mandatory.
 */

import type { EnvironmentName } from '../../plugins/portico/contract.ts';

interface Entitlement {
  businessInformation: boolean;
  technicalInformation: boolean;
  kyc: boolean;
  contractAndTerms: boolean;
  notes?: string;
}

interface CallBack {
  /** The phone number taken from the contract, not from the requester. */
  phoneFromContract: string;
  calledBy: string;
  calledAt: string;
  subjectConfirmed: boolean;
  issuerConfirmed: boolean;
}

export interface Checklist {
  entitlement?: Entitlement;
  callBack?: CallBack;
}

/** The checklist as stored: who recorded the call-back is set by the server from the session, never sent by a client. */
export interface StoredReview extends Checklist {
  callBackRecordedBy?: string;
}

export interface IdentityFacts {
  /** The certificate passed every automatic check (accepted EV CA, Key Usage, EKU…) and is approved. */
  certificateApproved: boolean;
  /** Its holder proved the private key (a certificate is public: approval alone proves nothing). */
  possessionProved: boolean;
}

export interface ChecklistVerdict {
  canApprove: boolean;
  missing: string[];
  warnings: string[];
}

function entitlementComplete(entitlement: Entitlement | undefined): boolean {
  return !!entitlement && entitlement.businessInformation && entitlement.technicalInformation && entitlement.kyc && entitlement.contractAndTerms;
}

function callBackComplete(callBack: CallBack | undefined): boolean {
  return (
    !!callBack &&
    callBack.phoneFromContract.trim() !== '' &&
    callBack.calledBy.trim() !== '' &&
    !Number.isNaN(Date.parse(callBack.calledAt)) &&
    callBack.subjectConfirmed &&
    callBack.issuerConfirmed
  );
}

export function evaluateChecklist(environment: EnvironmentName, checklist: Checklist, identity: IdentityFacts): ChecklistVerdict {
  const missing: string[] = [];
  const warnings: string[] = [];
  if (!identity.certificateApproved) missing.push('identity: the client certificate must pass every check and be approved');
  if (!identity.possessionProved) missing.push('identity: the holder must prove the private key of the client certificate');
  if (!entitlementComplete(checklist.entitlement)) {
    const sentence = 'entitlement: business and technical information, KYC, contract and terms';
    if (environment === 'production') missing.push(sentence);
    else warnings.push(`${sentence} not confirmed (recommended for the sandbox)`);
  }
  if (environment === 'production' && !callBackComplete(checklist.callBack)) {
    missing.push('call-back: call the phone number of the contract and confirm the certificate subject and issuer');
  }
  return { canApprove: missing.length === 0, missing, warnings };
}

/**
 * Who recorded the call-back after a save by `actorId`: whoever last changed it. Saving the
 * same call-back again (a second owner ticking entitlement) keeps its recorder, so the second
 * person cannot become the first by re-saving; no call-back, no recorder.
 */
export function callBackRecorder(previous: StoredReview | null, next: Checklist, actorId: string): string | undefined {
  if (!next.callBack) return undefined;
  const same = previous?.callBack !== undefined && sameCallBack(previous.callBack, next.callBack);
  return same && previous?.callBackRecordedBy ? previous.callBackRecordedBy : actorId;
}

function sameCallBack(a: CallBack, b: CallBack): boolean {
  const fields: Array<keyof CallBack> = ['phoneFromContract', 'calledBy', 'calledAt', 'subjectConfirmed', 'issuerConfirmed'];
  return fields.every((field) => a[field] === b[field]);
}
