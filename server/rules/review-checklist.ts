/**
 * The owners' review checklist for mTLS access (the seed's "Test the API in sandbox / in
 * production via certificate"). Sandbox: identity checks mandatory, entitlement recommended.
 * Production: identity, entitlement and the call-back ("contre-appel") all mandatory.
 */

export interface Entitlement {
  businessInformation: boolean;
  technicalInformation: boolean;
  kyc: boolean;
  contractAndTerms: boolean;
  notes?: string;
}

export interface CallBack {
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

export interface IdentityFacts {
  /** The certificate passed every automatic check (accepted EV CA, Key Usage, EKU…) and is approved. */
  certificateApproved: boolean;
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
  return !!callBack && callBack.phoneFromContract.trim() !== '' && callBack.calledBy.trim() !== '' && !Number.isNaN(Date.parse(callBack.calledAt)) && callBack.subjectConfirmed && callBack.issuerConfirmed;
}

export function evaluateChecklist(environment: 'sandbox' | 'production', checklist: Checklist, identity: IdentityFacts): ChecklistVerdict {
  const missing: string[] = [];
  const warnings: string[] = [];
  if (!identity.certificateApproved) missing.push('identity: the client certificate must pass every check and be approved');
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
