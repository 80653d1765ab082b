/**
 * Who owns an API. An address listed as an owner (a spec's x-portal.owners, or an admin's
 * assignment) is public — anyone can type it into the sign-up form — so owning takes three
 * facts: the address is listed, the account proved it reads that mailbox (verified), and an
 * admin confirmed, once, that this account is the person behind it. Pure: the caller gathers
 * the facts.
 */

interface OwnershipFacts {
  email: string;
  emailVerified: boolean;
  ownerConfirmed: boolean;
  /**
   * The account signed in through the insurer's own provider, which said the address is
   * verified (`email_verified`): the company vouches for the person, in place of an admin's
   * confirmation (decision 026). Refreshed at every sign-in.
   */
  vouchedByProvider?: boolean;
  /** False when staff roles may not come from how this account signs in (permissions.ts `staffRolesAllowed`). */
  staffRolesAllowed?: boolean;
}

export interface ListedOwners {
  /** APIs whose x-portal.owners holds the address. */
  fromSpecs: readonly string[];
  /** APIs an admin assigned the address to. */
  assigned: readonly string[];
  /** APIs whose x-portal.owners_group is one of the groups the staff provider gave at the last sign-in. */
  fromGroups?: readonly string[];
}

/** Every API the address is listed for, whether or not that gives rights yet. */
export function listedApis(listed: ListedOwners): string[] {
  return [...new Set([...listed.fromSpecs, ...listed.assigned])].sort();
}

/**
 * The APIs this account owns: listed, verified and confirmed by an admin — or, signed in through
 * the staff provider, listed by a verified address or through an owners group.
 */
export function ownedApis(account: OwnershipFacts, listed: ListedOwners): Set<string> {
  if (account.staffRolesAllowed === false) return new Set();
  const vouched = account.vouchedByProvider === true;
  const byAddress = account.emailVerified && (account.ownerConfirmed || vouched) ? listedApis(listed) : [];
  const byGroup = vouched ? (listed.fromGroups ?? []) : [];
  return new Set([...byAddress, ...byGroup]);
}

/** The APIs that list the address but give it no rights yet: the account waits for an admin. */
export function awaitingConfirmation(account: OwnershipFacts, listed: ListedOwners): string[] {
  const owned = ownedApis(account, listed);
  return listedApis(listed).filter((slug) => !owned.has(slug));
}

/**
 * The addresses listed as one API's owners (its spec's, then an admin's assignments). They are
 * told about the API's queue — the emailed link leads to the console, which still asks `can` —
 * so an address not confirmed yet learns that something waits, and nothing more.
 */
export function listedAddresses(fromSpec: readonly string[], assigned: readonly string[]): string[] {
  return [...new Set([...fromSpec, ...assigned])];
}

type OwnerConfirmationVerdict = { ok: true } | { ok: false; code: 'not_verified' | 'not_listed' | 'already_confirmed'; message: string };

/** Whether an admin may confirm this account as its address's owner now. */
export function judgeOwnerConfirmation(account: OwnershipFacts, listed: ListedOwners): OwnerConfirmationVerdict {
  if (listedApis(listed).length === 0)
    return { ok: false, code: 'not_listed', message: `${account.email} is not listed as an owner of any API: nothing to confirm.` };
  if (!account.emailVerified)
    return { ok: false, code: 'not_verified', message: `${account.email} has not confirmed its address yet: wait until its holder follows the emailed link.` };
  if (account.ownerConfirmed) return { ok: false, code: 'already_confirmed', message: `${account.email} is already confirmed as an owner.` };
  return { ok: true };
}
