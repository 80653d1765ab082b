import { describe, expect, it } from 'vitest';
import { callBackRecorder, checklistItems, evaluateChecklist, type Checklist } from '../../server/rules/review-checklist.ts';

const identity = { confirmed: true };
const entitlement = { businessInformation: true, technicalInformation: true, kyc: true, contractAndTerms: true };
const callBack = {
  phoneFromContract: '+33 1 23 45 67 89',
  calledBy: 'Carl Claims',
  calledAt: '2026-11-23T10:00:00Z',
  subjectConfirmed: true,
  issuerConfirmed: true,
};

describe('the mTLS review checklist', () => {
  it('sandbox: nothing ticked approves nothing: the identity item is mandatory even with an approved, proved certificate', () => {
    const verdict = evaluateChecklist('sandbox', {}, { certificateApproved: true, possessionProved: true });
    expect(verdict).toMatchObject({ canApprove: false, missing: [expect.stringContaining('identity')] });
    expect(evaluateChecklist('sandbox', { identity: { confirmed: false } }, { certificateApproved: true, possessionProved: true }).canApprove).toBe(false);
  });

  it('sandbox: identity confirmed is enough to approve; missing entitlement is a warning', () => {
    const verdict = evaluateChecklist('sandbox', { identity }, { certificateApproved: true, possessionProved: true });
    expect(verdict.canApprove).toBe(true);
    expect(verdict.warnings[0]).toContain('recommended');
  });

  it('sandbox: a ticked identity does not stand in for the automatic checks', () => {
    expect(evaluateChecklist('sandbox', { identity, entitlement }, { certificateApproved: false, possessionProved: true }).canApprove).toBe(false);
  });

  it('sandbox: no approved certificate, no approval', () => {
    expect(evaluateChecklist('sandbox', { identity, entitlement }, { certificateApproved: false, possessionProved: true })).toMatchObject({
      canApprove: false,
      missing: [expect.stringContaining('identity')],
    });
  });

  it('production: entitlement and the call-back are mandatory', () => {
    expect(evaluateChecklist('production', {}, { certificateApproved: true, possessionProved: true }).missing).toHaveLength(2);
    expect(evaluateChecklist('production', { entitlement }, { certificateApproved: true, possessionProved: true }).missing).toEqual([
      expect.stringContaining('call-back'),
    ]);
    expect(evaluateChecklist('production', { entitlement, callBack }, { certificateApproved: true, possessionProved: true })).toEqual({
      canApprove: true,
      missing: [],
      warnings: [],
    });
  });

  it.each<[string, Checklist]>([
    ['no phone number', { entitlement, callBack: { ...callBack, phoneFromContract: ' ' } }],
    ['subject not confirmed', { entitlement, callBack: { ...callBack, subjectConfirmed: false } }],
    ['issuer not confirmed', { entitlement, callBack: { ...callBack, issuerConfirmed: false } }],
    ['no date', { entitlement, callBack: { ...callBack, calledAt: 'yesterday' } }],
    ['KYC not done', { entitlement: { ...entitlement, kyc: false }, callBack }],
  ])('production refuses a checklist with %s', (_label, checklist) => {
    expect(evaluateChecklist('production', checklist, { certificateApproved: true, possessionProved: true }).canApprove).toBe(false);
  });
});

describe('identity needs proof of possession', () => {
  it('an approved certificate whose holder never proved the private key is not an identity', () => {
    for (const environment of ['sandbox', 'production'] as const) {
      const verdict = evaluateChecklist(environment, { identity, entitlement, callBack }, { certificateApproved: true, possessionProved: false });
      expect(verdict).toMatchObject({ canApprove: false, missing: [expect.stringContaining('prove the private key')] });
    }
  });
});

describe('who recorded the call-back', () => {
  it('is whoever last changed it; re-saving the same call-back keeps its recorder; no call-back, no recorder', () => {
    expect(callBackRecorder(null, { entitlement, callBack }, 'usr_first')).toBe('usr_first');
    const stored = { entitlement, callBack, callBackRecordedBy: 'usr_first' };
    expect(callBackRecorder(stored, { entitlement: { ...entitlement, notes: 'ok' }, callBack: { ...callBack } }, 'usr_second')).toBe('usr_first');
    expect(callBackRecorder(stored, { entitlement, callBack: { ...callBack, calledAt: '2026-11-24T10:00:00Z' } }, 'usr_second')).toBe('usr_second');
    expect(callBackRecorder(stored, { entitlement }, 'usr_second')).toBeUndefined();
    // A stored call-back without a recorder (saved before recorders existed): the saver records it.
    expect(callBackRecorder({ entitlement, callBack }, { entitlement, callBack }, 'usr_second')).toBe('usr_second');
  });
});

describe('the checklist in the seed words, item by item', () => {
  const facts = { certificateApproved: true, possessionProved: true };
  it('sandbox: identity (automatic checks, approved certificate, confirmed) mandatory, entitlement recommended, no call-back', () => {
    const items = checklistItems('sandbox', { identity }, facts);
    expect(items.map((item) => [item.id, item.requirement, item.done])).toEqual([
      ['automatic_checks', 'mandatory', true],
      ['possession', 'mandatory', true],
      ['identity', 'mandatory', true],
      ['entitlement', 'recommended', false],
    ]);
  });

  it('production: the call-back stands for the identity and is mandatory with the entitlement', () => {
    const items = checklistItems('production', { entitlement }, { certificateApproved: false, possessionProved: true });
    expect(items.map((item) => [item.id, item.requirement, item.done])).toEqual([
      ['automatic_checks', 'mandatory', false],
      ['possession', 'mandatory', true],
      ['entitlement', 'mandatory', true],
      ['call_back', 'mandatory', false],
    ]);
  });
});
