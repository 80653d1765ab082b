import type { Role } from '../db/schema.ts';
import { roleFromGroups } from './permissions.ts';

/**
 * Who an OpenID Provider says signed in, read from the verified ID token's claims (decision 026).
 * Pure: openid-client has checked the signature, issuer, audience, nonce and expiry before.
 */

interface ProviderRules {
  audience: 'staff' | 'partners';
  groupsClaim: string;
  adminGroups: readonly string[];
  platformGroups: readonly string[];
}

export interface ProviderIdentity {
  subject: string;
  email: string;
  fullName: string;
  /** A staff provider's groups (kept for x-portal.owners_group); null for a partner's provider. */
  staffGroups: string[] | null;
  role: Role;
}

type IdentityVerdict = { ok: true; identity: ProviderIdentity } | { ok: false; message: string };

export function readProviderIdentity(claims: Record<string, unknown>, rules: ProviderRules): IdentityVerdict {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  const email = typeof claims.email === 'string' ? claims.email.normalize('NFKC').trim().toLowerCase() : '';
  if (!subject || !email)
    return { ok: false, message: 'The identity provider did not give an email address: ask its administrator to release the email claim.' };
  // Only an address the provider itself verified may stand for a person here (ownership follows it).
  if (claims.email_verified !== true) return { ok: false, message: `The identity provider has not verified ${email}: verify it there, then sign in again.` };
  const fullName = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 100) : email;
  if (rules.audience === 'partners') return { ok: true, identity: { subject, email, fullName, staffGroups: null, role: 'consumer' } };
  const groups = groupsOf(claims[rules.groupsClaim]);
  return { ok: true, identity: { subject, email, fullName, staffGroups: groups, role: roleFromGroups(groups, rules) } };
}

/** A groups claim is a list of names (or ids, in Entra ID); a single value is taken as a list of one. */
function groupsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((group): group is string => typeof group === 'string') : [];
}

type AddressRefusal = 'invalid' | 'free_provider' | 'disposable' | 'denied';

/**
 * Why a partner's provider's address is refused, said for a sign-in: the business-email rule's
 * own words speak to the registration form ("Register with…"), and the person here typed no
 * address — their company's provider gave it.
 */
export function partnerAddressRefusal(providerName: string, email: string, reason: AddressRefusal): string {
  const domain = email.split('@')[1] ?? email;
  const why: Record<AddressRefusal, string> = {
    invalid: 'this portal cannot use that address',
    free_provider: `${domain} is a personal email provider`,
    disposable: `${domain} is a disposable email service`,
    denied: `addresses at ${domain} may not use this portal`,
  };
  return `${providerName} signed you in as ${email}, but ${why[reason]}. Partners sign in with their company address, so the API owners know which company is asking: ask your company's administrator to give your account there your company address, or register here with it.`;
}
