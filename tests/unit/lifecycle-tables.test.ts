import { describe, expect, it } from 'vitest';
import { API_ACCESS_STATUSES, CERTIFICATE_STATUSES, DOC_ACCESS_STATUSES, OUTBOX_STATUSES } from '../../server/db/schema.ts';
import { apiAccessStart, apiAccessTransition, type ApiAccessDecision } from '../../server/rules/api-access-states.ts';
import { caRequestStart, caRequestTransition, type CaRequestDecision } from '../../server/rules/ca-request-states.ts';
import { canProvePossession, certificateStart, certificateTransition, opensAccess, type CertificateDecision } from '../../server/rules/certificate-states.ts';
import { emailStart, emailTransition, type EmailOutcome } from '../../server/rules/email-states.ts';
import { docAccessStart, docAccessTransition, isOpen, type DocAccessDecision } from '../../server/rules/doc-access-states.ts';
import { appliesTo, type Transition } from '../../server/rules/lifecycle.ts';

/**
 * Each lifecycle table stated again here, by hand, as the issue and the decisions describe it:
 * decision → the statuses it applies to and the one it leads to. Every status × decision pair is
 * then checked, so an allowed transition that disappears or a refused one that appears fails.
 */
type Expected<Decision extends string, Status extends string> = Record<Decision, { from: Status[]; to: Status; needsReason: boolean }>;

function checkEveryPair<Decision extends string, Status extends string>(
  statuses: readonly Status[],
  expected: Expected<Decision, Status>,
  transitionOf: (decision: Decision) => Transition<Status>,
) {
  for (const decision of Object.keys(expected) as Decision[]) {
    const transition = transitionOf(decision);
    const wanted = expected[decision];
    expect(transition.to, `${decision} leads to`).toBe(wanted.to);
    expect(transition.needsReason, `${decision} needs a reason`).toBe(wanted.needsReason);
    for (const status of statuses) {
      expect(appliesTo(transition, status), `${decision} from ${status}`).toBe(wanted.from.includes(status));
    }
  }
}

describe('documentation access', () => {
  const expected: Expected<DocAccessDecision, (typeof DOC_ACCESS_STATUSES)[number]> = {
    approve: { from: ['pending'], to: 'approved', needsReason: false },
    refuse: { from: ['pending'], to: 'refused', needsReason: true },
    withdraw: { from: ['pending'], to: 'withdrawn', needsReason: false },
    revoke: { from: ['approved'], to: 'revoked', needsReason: true },
  };

  it('allows and refuses every transition as stated', () => checkEveryPair(DOC_ACCESS_STATUSES, expected, docAccessTransition));

  it("a consumer's request starts pending, an admin's grant approved; pending and approved are the open statuses", () => {
    expect(docAccessStart('request')).toBe('pending');
    expect(docAccessStart('grant')).toBe('approved');
    expect(DOC_ACCESS_STATUSES.filter(isOpen)).toEqual(['pending', 'approved']);
  });
});

describe('API access', () => {
  const expected: Expected<ApiAccessDecision, (typeof API_ACCESS_STATUSES)[number]> = {
    approve: { from: ['pending'], to: 'approved', needsReason: false },
    refuse: { from: ['pending'], to: 'refused', needsReason: true },
    withdraw: { from: ['pending'], to: 'withdrawn', needsReason: false },
    revoke: { from: ['approved', 'suspended'], to: 'revoked', needsReason: true },
    suspend: { from: ['approved'], to: 'suspended', needsReason: true },
    resume: { from: ['suspended'], to: 'approved', needsReason: false },
    end_with_app: { from: ['pending', 'approved', 'suspended'], to: 'revoked', needsReason: true },
  };

  it('allows and refuses every transition as stated', () => checkEveryPair(API_ACCESS_STATUSES, expected, apiAccessTransition));

  it('a request starts pending', () => expect(apiAccessStart('request')).toBe('pending'));
});

describe('client certificates', () => {
  const expected: Expected<CertificateDecision, (typeof CERTIFICATE_STATUSES)[number]> = {
    ca_accepted: { from: ['awaiting_ca'], to: 'pending', needsReason: false },
    approve: { from: ['pending'], to: 'approved', needsReason: false },
    refuse: { from: ['pending'], to: 'refused', needsReason: true },
    expire_waiting: { from: ['awaiting_ca'], to: 'refused', needsReason: true },
    report_revoked: { from: ['pending', 'approved'], to: 'revoked', needsReason: true },
    expire: { from: ['approved'], to: 'expired', needsReason: false },
    retire: { from: ['approved'], to: 'revoked', needsReason: true },
    ca_expired: { from: ['approved'], to: 'expired', needsReason: true },
    ca_retired: { from: ['approved'], to: 'revoked', needsReason: true },
  };

  it('allows and refuses every transition as stated', () => checkEveryPair(CERTIFICATE_STATUSES, expected, certificateTransition));

  it('only approval waits for the proof of the private key', () => {
    for (const decision of Object.keys(expected) as CertificateDecision[])
      expect(certificateTransition(decision).needsPossession, decision).toBe(decision === 'approve');
  });

  it('an upload starts from its verdict: acceptable → pending, awaiting_ca → awaiting_ca', () => {
    expect(certificateStart('acceptable')).toBe('pending');
    expect(certificateStart('awaiting_ca')).toBe('awaiting_ca');
  });

  it('only an approved certificate opens access; the key can be proved while it can still be used', () => {
    expect(CERTIFICATE_STATUSES.filter(opensAccess)).toEqual(['approved']);
    expect(CERTIFICATE_STATUSES.filter(canProvePossession)).toEqual(['awaiting_ca', 'pending', 'approved']);
  });
});

describe('CA requests', () => {
  const expected: Expected<CaRequestDecision, 'pending' | 'added' | 'declined'> = {
    add: { from: ['pending'], to: 'added', needsReason: false },
    decline: { from: ['pending'], to: 'declined', needsReason: true },
  };

  it('allows and refuses every transition as stated', () => checkEveryPair(['pending', 'added', 'declined'], expected, caRequestTransition));

  it('a request starts pending', () => expect(caRequestStart('request')).toBe('pending'));
});

describe('an email in the outbox', () => {
  const expected: Expected<EmailOutcome, (typeof OUTBOX_STATUSES)[number]> = {
    sent: { from: ['pending'], to: 'sent', needsReason: false },
    retry: { from: ['pending'], to: 'pending', needsReason: true },
    give_up: { from: ['pending'], to: 'failed', needsReason: true },
  };

  it('allows and refuses every transition as stated, and starts pending', () => {
    checkEveryPair(OUTBOX_STATUSES, expected, emailTransition);
    expect(emailStart()).toBe('pending');
  });
});
