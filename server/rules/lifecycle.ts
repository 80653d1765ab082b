/**
 * A status lifecycle as a table (rules/*-states.ts). A start is the status a row is inserted
 * with; a transition moves a row from one of `from` to `to`. Services apply a transition as one
 * guarded `UPDATE … SET status = to WHERE status IN (from)`, so the database, not the code's
 * timing, decides which of two concurrent deciders wins. No service writes a status any other way.
 */
export interface Transition<Status extends string> {
  from: readonly Status[];
  to: Status;
  /** The other side is told why (a refusal, a revocation). */
  needsReason: boolean;
}

/** Whether the transition applies to a row in this status (the guard of its UPDATE). */
export function appliesTo<Status extends string>(transition: Transition<Status>, status: Status): boolean {
  return transition.from.includes(status);
}
