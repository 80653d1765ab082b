import { describe, expect, it } from 'vitest';
import { awaitingConfirmation, listedAddresses, ownedApis } from '../../server/rules/ownership.ts';
import { actsOnOwn, answersFor, apisWhere, can, decidableApis, leavesNoAdmin, type Actor } from '../../server/rules/permissions.ts';

function actor(overrides: Partial<Actor> = {}): Actor {
  return { userId: 'usr_a', role: 'consumer', emailVerified: true, ownedApis: new Set(), grantedApis: new Set(), ...overrides };
}

const CATALOG = [
  { slug: 'claims', visibility: 'private' },
  { slug: 'payments', visibility: 'private' },
  { slug: 'quotes', visibility: 'public' },
] as const;
const SLUGS = CATALOG.map((api) => api.slug);

describe('the owner console and asking for a CA', () => {
  it('open to owners of any API and to admins only', () => {
    for (const kind of ['use_owner_console', 'ask_for_ca'] as const) {
      expect(can(actor(), { kind }), kind).toEqual({ allowed: false, reason: 'forbidden' });
      expect(can(actor({ grantedApis: new Set(['claims']) }), { kind }).allowed, kind).toBe(false);
      expect(can(actor({ role: 'platform' }), { kind }).allowed, kind).toBe(false);
      expect(can(actor({ ownedApis: new Set(['quotes']) }), { kind }).allowed, kind).toBe(true);
      expect(can(actor({ role: 'admin' }), { kind }).allowed, kind).toBe(true);
      expect(can(null, { kind }), kind).toEqual({ allowed: false, reason: 'sign_in' });
    }
  });
});

describe('separation of duties', () => {
  it('no admin confirms their own owner account', () => {
    expect(can(actor({ role: 'admin' }), { kind: 'confirm_owner', userId: 'usr_a' })).toEqual({ allowed: false, reason: 'own_request' });
    expect(can(actor({ role: 'admin' }), { kind: 'confirm_owner', userId: 'usr_b' }).allowed).toBe(true);
    expect(can(actor({ ownedApis: new Set(['claims']) }), { kind: 'confirm_owner', userId: 'usr_b' }).allowed).toBe(false);
  });
});

describe('acting on one’s own resource', () => {
  it('only its holder, admins included', () => {
    expect(actsOnOwn('usr_a', 'usr_a')).toBe(true);
    expect(actsOnOwn('usr_admin', 'usr_a')).toBe(false);
  });
});

describe('the last administrator', () => {
  it('is kept: demoting the only admin is refused, other changes are not', () => {
    expect(leavesNoAdmin({ from: 'admin', to: 'consumer' }, 1)).toBe(true);
    expect(leavesNoAdmin({ from: 'admin', to: 'platform' }, 1)).toBe(true);
    expect(leavesNoAdmin({ from: 'admin', to: 'consumer' }, 2)).toBe(false);
    expect(leavesNoAdmin({ from: 'admin', to: 'admin' }, 1)).toBe(false);
    expect(leavesNoAdmin({ from: 'consumer', to: 'platform' }, 1)).toBe(false);
  });
});

describe('the APIs an actor decides for or reads', () => {
  it('owners decide for theirs, admins for every API, sorted', () => {
    expect(decidableApis(actor({ ownedApis: new Set(['quotes', 'claims']) }), SLUGS)).toEqual(['claims', 'quotes']);
    expect(decidableApis(actor({ role: 'admin' }), SLUGS)).toEqual(['claims', 'payments', 'quotes']);
    expect(decidableApis(actor({ grantedApis: new Set(['claims']) }), SLUGS)).toEqual([]);
    expect(decidableApis(null, SLUGS)).toEqual([]);
  });

  it('apisWhere asks can for each API', () => {
    expect(apisWhere(actor({ ownedApis: new Set(['payments']) }), SLUGS, (api) => ({ kind: 'view_audit_log', api }))).toEqual(['payments']);
  });
});

describe('answersFor: what /api/me tells the pages', () => {
  it('a consumer with a grant', () => {
    expect(answersFor(actor({ grantedApis: new Set(['claims']) }), CATALOG)).toEqual({
      permissions: {
        manageApps: true,
        requestDocAccess: true,
        useOwnerConsole: false,
        askForCa: false,
        manageCaRegistry: false,
        manageUsers: false,
        manageEmailDomains: false,
        viewAuditLog: false,
      },
      readableApis: ['claims'],
      decidableApis: [],
    });
  });

  it('an unverified consumer may neither manage apps nor ask for access', () => {
    expect(answersFor(actor({ emailVerified: false }), CATALOG).permissions).toMatchObject({ manageApps: false, requestDocAccess: false });
  });

  it('an owner of a public API reads no private documentation but opens the console', () => {
    expect(answersFor(actor({ ownedApis: new Set(['quotes']) }), CATALOG)).toMatchObject({
      permissions: { useOwnerConsole: true, askForCa: true, manageUsers: false },
      readableApis: [],
      decidableApis: ['quotes'],
    });
  });

  it('the platform team keeps the CA registry and nothing else', () => {
    expect(answersFor(actor({ role: 'platform' }), CATALOG)).toMatchObject({
      permissions: { manageCaRegistry: true, useOwnerConsole: false, manageUsers: false },
      readableApis: [],
      decidableApis: [],
    });
  });

  it('an admin may do everything and reads every private API', () => {
    const answers = answersFor(actor({ role: 'admin' }), CATALOG);
    expect(Object.values(answers.permissions).every(Boolean)).toBe(true);
    expect(answers).toMatchObject({ readableApis: ['claims', 'payments'], decidableApis: ['claims', 'payments', 'quotes'] });
  });
});

describe('ownership facts (rules/ownership.ts)', () => {
  const listed = { fromSpecs: ['claims'], assigned: ['payments', 'claims'] };

  it('a listed address waits for an admin until it is verified and confirmed', () => {
    expect(awaitingConfirmation({ email: 'o@x.example', emailVerified: true, ownerConfirmed: false }, listed)).toEqual(['claims', 'payments']);
    expect(awaitingConfirmation({ email: 'o@x.example', emailVerified: false, ownerConfirmed: true }, listed)).toEqual(['claims', 'payments']);
    expect(awaitingConfirmation({ email: 'o@x.example', emailVerified: true, ownerConfirmed: true }, listed)).toEqual([]);
    expect([...ownedApis({ email: 'o@x.example', emailVerified: true, ownerConfirmed: true }, listed)]).toEqual(['claims', 'payments']);
  });

  it('the addresses told about an API are its spec’s and its assignments’, once each', () => {
    expect(listedAddresses(['a@x.example', 'b@x.example'], ['b@x.example', 'c@x.example'])).toEqual(['a@x.example', 'b@x.example', 'c@x.example']);
  });
});
