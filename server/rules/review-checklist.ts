/**
 * The owners' review checklist for mTLS access (the seed's "Test the API in sandbox / in
 * production via certificate"). Sandbox: identity mandatory (the automatic checks, an approved
 * certificate whose key was proved, and the owner's own confirmation of who asks), entitlement
 * recommended. Production: entitlement and the call-back ("contre-appel", which is how the
 * identity is checked there) mandatory, on top of the automatic checks.
 */

import type { EnvironmentName } from '../../plugins/portico/contract.ts';

interface Entitlement {
  businessInformation: boolean;
  technicalInformation: boolean;
  kyc: boolean;
  contractAndTerms: boolean;
  notes?: string;
}

/** The owner looked at who asks (name, company, verified domain, the certificate's organization) and confirms they belong together. */
interface IdentityConfirmation {
  confirmed: boolean;
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
  identity?: IdentityConfirmation;
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

type ItemId = 'automatic_checks' | 'possession' | 'identity' | 'entitlement' | 'call_back';

/** One line of the checklist as the owner reads it: the seed's words, whether it binds, whether it is done, and who ticks it. */
interface ChecklistItem {
  id: ItemId;
  requirement: 'mandatory' | 'recommended';
  /** automatic: the portal knows (certificate checks, proof of possession); owner: an owner ticks it. */
  source: 'automatic' | 'owner';
  done: boolean;
  /** What must be true, in the seed's words (also the sentence of a refusal). */
  words: string;
}

const WORDS: Record<ItemId, string> = {
  automatic_checks:
    'identity: the client certificate must pass every check and be approved (audited EV CA, Key Usage Digital Signature, EKU Client Authentication)',
  possession: 'identity: the holder must prove the private key of the client certificate',
  identity: 'identity: confirm who asks — their name, company and verified email domain match the organization of the certificate',
  entitlement: 'entitlement: business and technical information, KYC, contract and terms',
  call_back: 'call-back: call the phone number of the contract and confirm the certificate subject and issuer',
};

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

/** The checklist of one environment, item by item, in the order the owner works through it. */
export function checklistItems(environment: EnvironmentName, checklist: Checklist, identity: IdentityFacts): ChecklistItem[] {
  const item = (id: ItemId, requirement: ChecklistItem['requirement'], source: ChecklistItem['source'], done: boolean): ChecklistItem => ({
    id,
    requirement,
    source,
    done,
    words: WORDS[id],
  });
  const automatic = [
    item('automatic_checks', 'mandatory', 'automatic', identity.certificateApproved),
    item('possession', 'mandatory', 'automatic', identity.possessionProved),
  ];
  const entitled = entitlementComplete(checklist.entitlement);
  if (environment === 'production')
    return [...automatic, item('entitlement', 'mandatory', 'owner', entitled), item('call_back', 'mandatory', 'owner', callBackComplete(checklist.callBack))];
  return [...automatic, item('identity', 'mandatory', 'owner', checklist.identity?.confirmed === true), item('entitlement', 'recommended', 'owner', entitled)];
}

export function evaluateChecklist(environment: EnvironmentName, checklist: Checklist, identity: IdentityFacts): ChecklistVerdict {
  const open = checklistItems(environment, checklist, identity).filter((entry) => !entry.done);
  const missing = open.filter((entry) => entry.requirement === 'mandatory').map((entry) => entry.words);
  const warnings = open.filter((entry) => entry.requirement === 'recommended').map((entry) => `${entry.words} not confirmed (recommended for the sandbox)`);
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
