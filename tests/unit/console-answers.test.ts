import { describe, expect, it } from 'vitest';
import { certificateDecidability } from '../../server/rules/certificate-approval.ts';
import { canAskAgain } from '../../server/rules/doc-access-states.ts';
import type { Actor } from '../../server/rules/permissions.ts';
import { DOC_ACCESS_STATUSES } from '../../server/db/schema.ts';

function actor(overrides: Partial<Actor> = {}): Actor {
  return { userId: 'usr_owner', role: 'consumer', emailVerified: true, ownedApis: new Set(['claims']), grantedApis: new Set(), ...overrides };
}

const PROVED = { apiSlug: 'claims', userId: 'usr_partner', status: 'pending', possessionProvedAt: 1 } as const;

describe('what the owner console may offer on a certificate (certificateDecidability)', () => {
  it('an owner of the API approves a pending certificate whose key is proved', () => {
    expect(certificateDecidability(actor(), PROVED)).toEqual({ decidable: true, approvalRefused: null });
  });

  it('approval waits for the proof of possession; refusing does not', () => {
    expect(certificateDecidability(actor(), { ...PROVED, possessionProvedAt: null })).toEqual({ decidable: true, approvalRefused: 'possession_unproven' });
  });

  it("nobody approves their own certificate, an admin neither; someone else's API is not theirs to decide", () => {
    expect(certificateDecidability(actor({ userId: 'usr_partner' }), PROVED).approvalRefused).toBe('own_request');
    expect(certificateDecidability(actor({ userId: 'usr_partner', role: 'admin', ownedApis: new Set() }), PROVED).approvalRefused).toBe('own_request');
    expect(certificateDecidability(actor({ ownedApis: new Set(['payments']) }), PROVED).approvalRefused).toBe('forbidden');
    expect(certificateDecidability(null, PROVED).approvalRefused).toBe('forbidden');
  });

  it('only a pending certificate takes a decision', () => {
    for (const status of ['awaiting_ca', 'approved', 'refused', 'revoked', 'expired'] as const)
      expect(certificateDecidability(actor(), { ...PROVED, status }).decidable, status).toBe(false);
  });
});

describe('asking again for documentation access (canAskAgain)', () => {
  it('possible once the latest access is closed, never while one is pending or approved', () => {
    const again = DOC_ACCESS_STATUSES.filter((status) => canAskAgain(status));
    expect([...again].sort()).toEqual(['refused', 'revoked', 'withdrawn']);
  });
});
