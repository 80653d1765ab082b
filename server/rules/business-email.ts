import { createRequire } from 'node:module';

/**
 * The portal's rule for who may register: a business email only. Free providers
 * (`email-providers`) and disposable domains (`mailchecker`) are refused; admins can allow
 * a domain the lists wrongly refuse, or deny one they miss. Pure apart from loading the lists.
 */

type EmailVerdict =
  | { ok: true; email: string; domain: string }
  | { ok: false; email: string; reason: 'invalid' | 'free_provider' | 'disposable' | 'denied'; message: string };

interface DomainOverrides {
  allow: ReadonlySet<string>;
  deny: ReadonlySet<string>;
}

interface DomainLists {
  freeProviders: ReadonlySet<string>;
  disposable: ReadonlySet<string>;
}

const require = createRequire(import.meta.url);
let defaultLists: DomainLists | undefined;

/** The maintained lists, loaded once (mailchecker's list has ~50,000 domains). */
function loadDomainLists(): DomainLists {
  if (!defaultLists) {
    const freeProviders = require('email-providers/all.json') as string[];
    const mailchecker = require('mailchecker') as { blacklist(): Set<string> };
    defaultLists = { freeProviders: new Set(freeProviders), disposable: mailchecker.blacklist() };
  }
  return defaultLists;
}

const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+)$/;

/**
 * Normalizes (trim, NFKC, lowercase) and judges an address. Non-ASCII addresses are refused:
 * look-alike characters in a domain would let "gmaіl.com" (Cyrillic і) past the lists.
 */
export function judgeBusinessEmail(
  input: string,
  lists: DomainLists = loadDomainLists(),
  overrides: DomainOverrides = { allow: new Set(), deny: new Set() },
): EmailVerdict {
  const email = input.normalize('NFKC').trim().toLowerCase();
  const match = email.length <= 254 ? EMAIL.exec(email) : null;
  const domain = match?.[1];
  if (!domain) {
    return { ok: false, email, reason: 'invalid', message: 'Enter a valid email address, like jane.doe@your-company.com (letters, digits and . _ - + only).' };
  }
  if (matchesDomain(domain, overrides.deny)) {
    return { ok: false, email, reason: 'denied', message: `Addresses at ${domain} cannot register on this portal. Use your company email address.` };
  }
  if (matchesDomain(domain, overrides.allow)) return { ok: true, email, domain };
  if (matchesDomain(domain, lists.disposable)) {
    return { ok: false, email, reason: 'disposable', message: `${domain} is a disposable email service. Register with your company email address.` };
  }
  if (lists.freeProviders.has(domain)) {
    return {
      ok: false,
      email,
      reason: 'free_provider',
      message: `${domain} is a personal email provider. Register with your company email address so the API owners know which company is asking.`,
    };
  }
  return { ok: true, email, domain };
}

/** A domain matches a set when it or any parent domain is in it (mail.10minutemail.com). */
function matchesDomain(domain: string, set: ReadonlySet<string>): boolean {
  const labels = domain.split('.');
  for (let index = 0; index < labels.length - 1; index++) {
    if (set.has(labels.slice(index).join('.'))) return true;
  }
  return false;
}
