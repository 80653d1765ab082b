/**
 * A registry CA's state in words, from today's date (issue 17): what the platform team reads
 * beside each CA. Pure: the registry row and the clock in, the state out. A retired CA is
 * retired whatever its dates; one without a certificate accepts nothing until it has one.
 */

export const CA_STATES = ['active', 'awaiting_certificate', 'not_yet_valid', 'expiring', 'expired', 'retired'] as const;
type CaState = (typeof CA_STATES)[number];

/** How far ahead an expiry is announced: time enough to add the CA's successor (and to renew the certificates under it). */
export const EXPIRY_WARNING_DAYS = 90;
const DAY_MS = 86_400_000;

interface CaFacts {
  hasCertificate: boolean;
  notBefore: number | null;
  notAfter: number | null;
  retiredAt: number | null;
}

export interface CaStateAnswer {
  state: CaState;
  /** Whole days until it expires (expiring), or since it expired (expired); null otherwise. */
  days: number | null;
  words: string;
  /** Whether a new certificate under it may be accepted today. */
  acceptsNew: boolean;
}

function plural(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}

export function caState(ca: CaFacts, now: number): CaStateAnswer {
  if (ca.retiredAt !== null) return { state: 'retired', days: null, words: 'retired', acceptsNew: false };
  if (!ca.hasCertificate || ca.notAfter === null) return { state: 'awaiting_certificate', days: null, words: 'awaiting its certificate', acceptsNew: false };
  if (ca.notAfter <= now) {
    const days = Math.floor((now - ca.notAfter) / DAY_MS);
    return { state: 'expired', days, words: days === 0 ? 'expired today' : `expired ${plural(days)} ago`, acceptsNew: false };
  }
  if (ca.notBefore !== null && ca.notBefore > now) return { state: 'not_yet_valid', days: null, words: 'not valid yet', acceptsNew: false };
  const left = Math.ceil((ca.notAfter - now) / DAY_MS);
  if (left <= EXPIRY_WARNING_DAYS) return { state: 'expiring', days: left, words: `expiring in ${plural(left)}`, acceptsNew: true };
  return { state: 'active', days: null, words: 'active', acceptsNew: true };
}
