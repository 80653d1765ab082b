import type { RECHECK_FLAGS } from '../db/schema.ts';
import type { CertificateDecision } from './certificate-states.ts';
import type { Check } from './client-certificate.ts';

/**
 * The daily re-check of an approved certificate against today's registry, rules and date
 * (decision 031). Pure: the facts in, a verdict and what to do out. The service
 * (services/certificate-recheck.ts) gathers the facts and applies the effect.
 */

const DAY = 86_400_000;

/**
 * The guides' first expiry reminder (30 days): time to get a certificate under a current CA and
 * announce the change to the support team at least 5 working days ahead, as the guidelines ask.
 */
export const EXPIRING_SOON_DAYS = 30;

export interface RecheckCa {
  name: string;
  notAfter: number;
  /** When the platform team retired it (registry CAs only); null while accepted. */
  retiredAt: number | null;
}

export interface RecheckFacts {
  certificate: { notAfter: number };
  /** The CAs of its path today, the accepted CA last; empty when today's rules find no path to an accepted CA. */
  cas: RecheckCa[];
  /** Today's rules (rules/client-certificate.ts) run at `now` against every registry CA, retired ones included. */
  checks: ReadonlyArray<Pick<Check, 'rule' | 'ok' | 'cause' | 'message'>>;
  now: number;
}

export type RecheckVerdict =
  | { kind: 'ok' }
  | { kind: 'expiring_soon'; days: number; on: number; ends: 'certificate' | { ca: string } }
  | { kind: 'ca_expired'; ca: string; on: number }
  | { kind: 'ca_retired'; ca: string; on: number }
  | { kind: 'rule_failed'; rules: string[]; reasons: string[] };

type RecheckFlag = (typeof RECHECK_FLAGS)[number];

/**
 * Failures of dates: the CAs' dates are the CA facts' business (named, with their day), the
 * certificate's own expiry the lifecycle's (rules/certificate-states.ts `expire`, at its notAfter).
 */
function isDateFailure(check: Pick<Check, 'rule' | 'cause'>): boolean {
  return check.rule === 'validity' || check.rule === 'issuer_validity' || (check.rule === 'chain' && check.cause === 'anchor_not_valid');
}

/** Retired, then expired CA, then any rule failing today, then the nearest end within EXPIRING_SOON_DAYS; else ok. */
export function recheckVerdict(facts: RecheckFacts): RecheckVerdict {
  const { cas, now } = facts;
  const retired = cas.find((ca) => ca.retiredAt !== null && ca.retiredAt <= now);
  if (retired) return { kind: 'ca_retired', ca: retired.name, on: retired.retiredAt as number };
  const expired = cas.find((ca) => ca.notAfter < now);
  if (expired) return { kind: 'ca_expired', ca: expired.name, on: expired.notAfter };
  const failed = facts.checks.filter((check) => !check.ok && !isDateFailure(check));
  if (failed.length > 0) {
    return { kind: 'rule_failed', rules: [...new Set(failed.map((check) => check.rule))].sort(), reasons: failed.map((check) => check.message) };
  }
  const ends = [{ on: facts.certificate.notAfter, ends: 'certificate' as const }, ...cas.map((ca) => ({ on: ca.notAfter, ends: { ca: ca.name } }))].reduce(
    (first, next) => (next.on < first.on ? next : first),
  );
  const days = Math.ceil((ends.on - now) / DAY);
  if (days <= EXPIRING_SOON_DAYS) return { kind: 'expiring_soon', days, on: ends.on, ends: ends.ends };
  return { kind: 'ok' };
}

export interface RecheckEffect {
  /** The certificate's transition (rules/certificate-states.ts); its approved API access is suspended with it. */
  decision: Extract<CertificateDecision, 'ca_expired' | 'ca_retired'> | null;
  /** Shown on both consoles; null clears an earlier flag. */
  flag: RecheckFlag | null;
  /** The flag in words, for the consoles, the emails and the decision's reason. */
  detail: string | null;
  /** What was told, once per certificate (certificate_notices): a new CA or a new set of failing rules is news again. */
  notice: string | null;
  /** The certificate's own expiry is already the lifecycle's reminder to its holder (30, 14 and 7 days). */
  tell: { holder: boolean; owners: boolean };
}

const day = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * What each verdict does, as the guidelines say: a CA that expired or was retired can no
 * longer vouch for the certificate, so it stops and its access is suspended (the guidelines'
 * "risk of interruption of service" when a CA change is not prepared); a rule that changed
 * or an end within a month is flagged: the certificate still works, the owners decide, and its
 * holder is asked to renew before anything stops.
 */
export function recheckEffect(verdict: RecheckVerdict): RecheckEffect {
  const both = { holder: true, owners: true };
  switch (verdict.kind) {
    case 'ok':
      return { decision: null, flag: null, detail: null, notice: null, tell: { holder: false, owners: false } };
    case 'ca_retired':
      return {
        decision: 'ca_retired',
        flag: 'ca_retired',
        detail: `The platform team retired the certification authority "${verdict.ca}" on ${day(verdict.on)}: certificates under it are no longer accepted.`,
        notice: `ca_retired:${verdict.ca}`,
        tell: both,
      };
    case 'ca_expired':
      return {
        decision: 'ca_expired',
        flag: 'ca_expired',
        detail: `The certification authority "${verdict.ca}" of its chain expired on ${day(verdict.on)}: it can no longer vouch for the certificate.`,
        notice: `ca_expired:${verdict.ca}`,
        tell: both,
      };
    case 'rule_failed':
      return {
        decision: null,
        flag: 'rule_failed',
        detail: `It no longer meets the portal's rules (${verdict.rules.join(', ')}): ${verdict.reasons.join(' ')}`,
        notice: `rule_failed:${verdict.rules.join(',')}`,
        tell: both,
      };
    case 'expiring_soon': {
      const ownEnd = verdict.ends === 'certificate';
      const what = ownEnd ? 'It expires' : `Its certification authority "${(verdict.ends as { ca: string }).ca}" expires`;
      return {
        decision: null,
        flag: 'expiring_soon',
        detail: `${what} on ${day(verdict.on)}, in ${verdict.days} day(s): it stops working then.`,
        notice: ownEnd ? 'expiring_soon:certificate' : `expiring_soon:${(verdict.ends as { ca: string }).ca}`,
        tell: { holder: !ownEnd, owners: true },
      };
    }
  }
}
