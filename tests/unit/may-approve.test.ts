import { describe, expect, it } from 'vitest';
import { approvalPermission, mayApprove, type AccessUnderReview, type ApprovalFacts } from '../../server/rules/api-access-approval.ts';
import type { Actor } from '../../server/rules/permissions.ts';
import type { StoredReview } from '../../server/rules/review-checklist.ts';

const owner: Actor = { userId: 'usr_owner', role: 'consumer', emailVerified: true, ownedApis: new Set(['claims']), grantedApis: new Set() };
const secondOwner: Actor = { ...owner, userId: 'usr_second' };
const admin: Actor = { userId: 'usr_admin', role: 'admin', emailVerified: true, ownedApis: new Set(), grantedApis: new Set() };
const stranger: Actor = { userId: 'usr_stranger', role: 'consumer', emailVerified: true, ownedApis: new Set(['payments']), grantedApis: new Set(['claims']) };

const entitlement = { businessInformation: true, technicalInformation: true, kyc: true, contractAndTerms: true };
const callBack = {
  phoneFromContract: '+33 1 23 45 67 89',
  calledBy: 'Carl Claims',
  calledAt: '2026-11-23T10:30:00Z',
  subjectConfirmed: true,
  issuerConfirmed: true,
};
const complete: StoredReview = { identity: { confirmed: true }, entitlement, callBack, callBackRecordedBy: 'usr_owner' };

function access(overrides: Partial<AccessUnderReview> = {}): AccessUnderReview {
  return {
    decision: 'approve',
    apiSlug: 'claims',
    requesterId: 'usr_consumer',
    environment: 'sandbox',
    authMethod: 'client_secret',
    review: null,
    ...overrides,
  };
}

const provedCertificate: ApprovalFacts['certificate'] = { status: 'approved', possessionProvedAt: 1 };
const facts = (overrides: Partial<ApprovalFacts> = {}): ApprovalFacts => ({ certificate: undefined, apiIsPrivate: false, ...overrides });

describe('mayApprove: the permission', () => {
  it('lets an owner of the API or an admin approve client-secret access', () => {
    expect(mayApprove(owner, access(), facts())).toEqual({ allowed: true, warnings: [] });
    expect(mayApprove(admin, access(), facts())).toEqual({ allowed: true, warnings: [] });
  });

  it('refuses anyone else, anonymous visitors, and one’s own app', () => {
    expect(mayApprove(stranger, access(), facts())).toEqual({ allowed: false, reason: 'forbidden' });
    expect(mayApprove(null, access(), facts())).toEqual({ allowed: false, reason: 'sign_in' });
    expect(mayApprove(owner, access({ requesterId: owner.userId }), facts())).toEqual({ allowed: false, reason: 'own_request' });
    expect(mayApprove(admin, access({ requesterId: admin.userId }), facts())).toEqual({ allowed: false, reason: 'own_request' });
  });

  it('production mTLS: whoever recorded the call-back does not approve too; a second owner or an admin does, and is told who recorded it', () => {
    const production = access({ environment: 'production', authMethod: 'mtls', review: complete });
    expect(mayApprove(owner, production, facts({ certificate: provedCertificate }))).toEqual({ allowed: false, reason: 'second_person' });
    expect(mayApprove(secondOwner, production, facts({ certificate: provedCertificate }))).toEqual({
      allowed: true,
      callBackRecordedBy: 'usr_owner',
      warnings: [],
    });
    expect(mayApprove(admin, production, facts({ certificate: provedCertificate }))).toMatchObject({ allowed: true, callBackRecordedBy: 'usr_owner' });
  });

  it('the recorder only matters in production mTLS: in the sandbox the same owner approves', () => {
    const sandbox = access({ authMethod: 'mtls', review: complete });
    expect(mayApprove(owner, sandbox, facts({ certificate: provedCertificate }))).toEqual({ allowed: true, warnings: [] });
    expect(approvalPermission(owner, sandbox)).toEqual({ allowed: true });
    expect(approvalPermission(owner, { ...sandbox, environment: 'production' })).toEqual({ allowed: false, reason: 'second_person' });
  });
});

describe('mayApprove: the checklist and the certificate', () => {
  it('mTLS needs an approved certificate whose key was proved', () => {
    const sandbox = access({ authMethod: 'mtls', review: { identity: { confirmed: true } } });
    const missing = (certificate: ApprovalFacts['certificate']) => {
      const approval = mayApprove(owner, sandbox, facts({ certificate }));
      return approval.allowed || approval.reason !== 'checklist_incomplete' ? approval : approval.missing.map((item) => item.split(':')[0]);
    };
    expect(missing(undefined)).toEqual(['identity', 'identity']);
    expect(missing({ status: 'pending', possessionProvedAt: 1 })).toEqual(['identity']);
    expect(missing({ status: 'approved', possessionProvedAt: null })).toEqual(['identity']);
    expect(missing({ status: 'revoked', possessionProvedAt: 1 })).toEqual(['identity']);
    expect(mayApprove(owner, sandbox, facts({ certificate: provedCertificate }))).toMatchObject({
      allowed: true,
      warnings: [expect.stringContaining('entitlement')],
    });
  });

  it('sandbox mTLS with nothing ticked is not approved, however good the certificate', () => {
    const approval = mayApprove(owner, access({ authMethod: 'mtls' }), facts({ certificate: provedCertificate }));
    expect(approval).toMatchObject({ allowed: false, reason: 'checklist_incomplete', missing: [expect.stringContaining('identity')] });
  });

  it('a suspended sandbox mTLS access resumes on its new certificate: its identity was confirmed when it was first approved', () => {
    const resume = access({ decision: 'resume', authMethod: 'mtls' });
    expect(mayApprove(owner, resume, facts({ certificate: provedCertificate }))).toMatchObject({ allowed: true });
    expect(mayApprove(owner, resume, facts({ certificate: { status: 'pending', possessionProvedAt: 1 } }))).toMatchObject({ allowed: false });
  });

  it('production mTLS also needs the entitlement and the call-back', () => {
    const production = access({ environment: 'production', authMethod: 'mtls' });
    const approval = mayApprove(owner, production, facts({ certificate: provedCertificate }));
    expect(approval).toMatchObject({ allowed: false, reason: 'checklist_incomplete' });
    expect(approval.allowed === false && approval.reason === 'checklist_incomplete' ? approval.missing.map((item) => item.split(':')[0]) : []).toEqual([
      'entitlement',
      'call-back',
    ]);
    expect(
      mayApprove(owner, { ...production, review: { entitlement, callBack, callBackRecordedBy: 'usr_second' } }, facts({ certificate: provedCertificate })),
    ).toMatchObject({ allowed: true });
  });

  it('client-secret access has no checklist', () => {
    expect(mayApprove(owner, access({ environment: 'production' }), facts())).toEqual({ allowed: true, warnings: [] });
  });

  it('the permission is asked first: a stranger learns nothing of the checklist', () => {
    expect(mayApprove(stranger, access({ environment: 'production', authMethod: 'mtls' }), facts())).toEqual({ allowed: false, reason: 'forbidden' });
  });
});

describe('mayApprove: resuming', () => {
  it("a private API's access resumes only while the requester reads its documentation", () => {
    const resume = access({ decision: 'resume' });
    expect(mayApprove(owner, resume, facts({ apiIsPrivate: true, requesterReadsDocs: false }))).toEqual({ allowed: false, reason: 'needs_doc_access' });
    expect(mayApprove(owner, resume, facts({ apiIsPrivate: true }))).toEqual({ allowed: false, reason: 'needs_doc_access' });
    expect(mayApprove(owner, resume, facts({ apiIsPrivate: true, requesterReadsDocs: true }))).toEqual({ allowed: true, warnings: [] });
    expect(mayApprove(owner, resume, facts({ apiIsPrivate: false }))).toEqual({ allowed: true, warnings: [] });
  });

  it('a first approval does not ask about documentation access (the request did)', () => {
    expect(mayApprove(owner, access(), facts({ apiIsPrivate: true, requesterReadsDocs: false }))).toEqual({ allowed: true, warnings: [] });
  });

  it('the checklist comes before the documentation access', () => {
    const resume = access({ decision: 'resume', authMethod: 'mtls' });
    expect(mayApprove(owner, resume, facts({ apiIsPrivate: true, requesterReadsDocs: false }))).toMatchObject({
      allowed: false,
      reason: 'checklist_incomplete',
    });
  });
});
