import type { Check } from './client-certificate.ts';

/**
 * Is this certificate acceptable, waiting for its CA, or rejected? One answer, from the rule
 * ids of the checks and the chain failure's cause — never from a message, which is written for
 * people and may be reworded. Pure.
 *
 * - acceptable: every rule passed, and the chain reached an accepted CA.
 * - awaiting_ca: the only failure is the chain's, because its issuer is not an accepted CA (or
 *   not known yet): kept until the platform team accepts that CA, then checked again.
 * - rejected: anything else; refused with every failed rule named, nothing stored.
 */
export type CertificateVerdict = 'acceptable' | 'awaiting_ca' | 'rejected';

export function certificateVerdict(checks: ReadonlyArray<Pick<Check, 'rule' | 'ok' | 'cause'>>): CertificateVerdict {
  const failed = checks.filter((check) => !check.ok);
  if (failed.length === 0) return checks.some((check) => check.rule === 'chain' && check.ok) ? 'acceptable' : 'rejected';
  const [only] = failed;
  return failed.length === 1 && only?.rule === 'chain' && only.cause === 'issuer_not_accepted' ? 'awaiting_ca' : 'rejected';
}
