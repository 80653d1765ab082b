/**
 * What a service answers: a value, or a failure with a code from one closed list. Services never
 * throw for a user's mistake; the HTTP layer turns the code into a status with one map
 * (`statusOf` in http/errors.ts), so a code the map does not know does not compile.
 */

/** Every code a service may fail with. Adding one here fails the build until it has a status. */
export const DOMAIN_ERROR_CODES = [
  'invalid_input',
  'invalid_token',
  'reason_required',
  'sign_in_required',
  'invalid_credentials',
  'certificate_required',
  'wrong_password',
  'mismatch',
  'no_access',
  'doc_access_required',
  'not_found',
  'conflict',
  'already_open',
  'already_granted',
  'already_confirmed',
  'not_listed',
  'not_verified',
  'last_admin',
  'username_taken',
  'checklist_incomplete',
  'possession_unproven',
  'needs_doc_access',
  'too_many',
  'duplicate',
  'too_many_waiting',
  'no_secret',
  'not_private',
  'not_offered',
  'needs_certificate',
  'email_refused',
  'guidelines',
  'unreadable',
  'rejected',
  'bad_signature',
  'not_a_ca',
  'not_ev',
  'rate_limited',
  'backoff',
  'sign_in_refused',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface Failure<Code extends DomainErrorCode = DomainErrorCode> {
  ok: false;
  code: Code;
  message: string;
  /** Machine-readable specifics (every failed certificate check), sent as `error.details`. */
  details?: unknown;
  /** How long to wait before trying again, sent as Retry-After. */
  retryAfterSeconds?: number;
}

/** Domain results: a service never throws for a user's mistake, it says what went wrong. */
export type Result<T, Code extends DomainErrorCode = DomainErrorCode> = ({ ok: true } & T) | Failure<Code>;

export function failure<Code extends DomainErrorCode>(code: Code, message: string, extra: Pick<Failure, 'details' | 'retryAfterSeconds'> = {}): Failure<Code> {
  return { ok: false, code, message, ...extra };
}
