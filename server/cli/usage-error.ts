/** A command was called wrongly: exit 2 and show its usage, never a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}
