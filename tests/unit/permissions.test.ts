import { describe, expect, it } from 'vitest';
import { can, type Actor } from '../../server/rules/permissions.ts';

function actor(overrides: Partial<Actor> = {}): Actor {
  return { userId: 'usr_a', role: 'consumer', emailVerified: true, ownedApis: new Set(), grantedApis: new Set(), ...overrides };
}

describe('can', () => {
  it('asks anonymous visitors to sign in for anything', () => {
    expect(can(null, { kind: 'read_private_docs', api: 'claims' })).toEqual({ allowed: false, reason: 'sign_in' });
    expect(can(null, { kind: 'manage_users' })).toEqual({ allowed: false, reason: 'sign_in' });
  });

  it('opens private docs to a grant holder, the API owners and admins only', () => {
    const read = { kind: 'read_private_docs', api: 'claims' } as const;
    expect(can(actor(), read)).toEqual({ allowed: false, reason: 'forbidden' });
    expect(can(actor({ grantedApis: new Set(['payments']) }), read).allowed).toBe(false);
    expect(can(actor({ grantedApis: new Set(['claims']) }), read).allowed).toBe(true);
    expect(can(actor({ ownedApis: new Set(['claims']) }), read).allowed).toBe(true);
    expect(can(actor({ role: 'admin' }), read).allowed).toBe(true);
    expect(can(actor({ role: 'platform' }), read).allowed).toBe(false);
  });

  it('lets only owners of that API and admins decide its requests', () => {
    const decide = { kind: 'decide_for_api', api: 'claims' } as const;
    expect(can(actor({ ownedApis: new Set(['payments']) }), decide).allowed).toBe(false);
    expect(can(actor({ ownedApis: new Set(['claims']) }), decide).allowed).toBe(true);
    expect(can(actor({ grantedApis: new Set(['claims']) }), decide).allowed).toBe(false);
    expect(can(actor({ role: 'admin' }), decide).allowed).toBe(true);
  });

  it('lets nobody, not even an admin, decide their own request', () => {
    const own = { kind: 'decide_for_api', api: 'claims', requesterId: 'usr_a' } as const;
    expect(can(actor({ ownedApis: new Set(['claims']) }), own)).toEqual({ allowed: false, reason: 'own_request' });
    expect(can(actor({ role: 'admin' }), own)).toEqual({ allowed: false, reason: 'own_request' });
    expect(can(actor({ ownedApis: new Set(['claims']) }), { ...own, requesterId: 'usr_b' }).allowed).toBe(true);
  });

  it('needs a second person to approve after recording a production call-back', () => {
    const approve = { kind: 'decide_for_api', api: 'claims', requesterId: 'usr_c', callBackRecordedBy: 'usr_a' } as const;
    expect(can(actor({ ownedApis: new Set(['claims']) }), approve)).toEqual({ allowed: false, reason: 'second_person' });
    expect(can(actor({ role: 'admin' }), approve)).toEqual({ allowed: false, reason: 'second_person' });
    expect(can(actor({ userId: 'usr_b', role: 'admin' }), approve).allowed).toBe(true);
  });

  it('requires a verified email before any request', () => {
    expect(can(actor({ emailVerified: false }), { kind: 'request_doc_access', api: 'claims' })).toEqual({ allowed: false, reason: 'verify_email' });
    expect(can(actor(), { kind: 'request_doc_access', api: 'claims' }).allowed).toBe(true);
  });

  it('keeps user and email-domain administration to admins', () => {
    for (const kind of ['manage_users', 'manage_email_domains'] as const) {
      expect(can(actor({ role: 'platform' }), { kind }).allowed).toBe(false);
      expect(can(actor({ ownedApis: new Set(['claims']) }), { kind }).allowed).toBe(false);
      expect(can(actor({ role: 'admin' }), { kind }).allowed).toBe(true);
    }
  });
});
