import { describe, expect, it } from 'vitest';
import { evaluateChecklist, type Checklist } from '../../server/rules/review-checklist.ts';

const entitlement = { businessInformation: true, technicalInformation: true, kyc: true, contractAndTerms: true };
const callBack = { phoneFromContract: '+33 1 23 45 67 89', calledBy: 'Carl Claims', calledAt: '2026-11-23T10:00:00Z', subjectConfirmed: true, issuerConfirmed: true };

describe('the mTLS review checklist', () => {
  it('sandbox: identity is enough to approve; missing entitlement is a warning', () => {
    const verdict = evaluateChecklist('sandbox', {}, { certificateApproved: true });
    expect(verdict.canApprove).toBe(true);
    expect(verdict.warnings[0]).toContain('recommended');
  });

  it('sandbox: no approved certificate, no approval', () => {
    expect(evaluateChecklist('sandbox', { entitlement }, { certificateApproved: false })).toMatchObject({ canApprove: false, missing: [expect.stringContaining('identity')] });
  });

  it('production: entitlement and the call-back are mandatory', () => {
    expect(evaluateChecklist('production', {}, { certificateApproved: true }).missing).toHaveLength(2);
    expect(evaluateChecklist('production', { entitlement }, { certificateApproved: true }).missing).toEqual([expect.stringContaining('call-back')]);
    expect(evaluateChecklist('production', { entitlement, callBack }, { certificateApproved: true })).toEqual({ canApprove: true, missing: [], warnings: [] });
  });

  it.each<[string, Checklist]>([
    ['no phone number', { entitlement, callBack: { ...callBack, phoneFromContract: ' ' } }],
    ['subject not confirmed', { entitlement, callBack: { ...callBack, subjectConfirmed: false } }],
    ['issuer not confirmed', { entitlement, callBack: { ...callBack, issuerConfirmed: false } }],
    ['no date', { entitlement, callBack: { ...callBack, calledAt: 'yesterday' } }],
    ['KYC not done', { entitlement: { ...entitlement, kyc: false }, callBack }],
  ])('production refuses a checklist with %s', (_label, checklist) => {
    expect(evaluateChecklist('production', checklist, { certificateApproved: true }).canApprove).toBe(false);
  });
});
