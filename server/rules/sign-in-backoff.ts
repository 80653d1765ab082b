/**
 * Failed sign-ins per account: the first few are free (typos), then each further attempt
 * waits twice as long as the one before, up to a cap. Counted per account, not per address,
 * so an attacker spreading guesses over many addresses (or a proxy) still slows down.
 */
const FREE_FAILURES = 5;
const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 15 * 60_000;
/** Failures older than this are forgotten: the count starts again. */
export const FAILURE_MEMORY_MS = 60 * 60_000;

/** How long an account is closed to sign-in after its `failures`-th failure in a row. */
export function waitAfterFailures(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(FIRST_WAIT_MS * 2 ** (failures - FREE_FAILURES), MAX_WAIT_MS);
}
