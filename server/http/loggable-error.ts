/**
 * An unexpected error as one log line, without the values it carried. Drizzle's message is
 * "Failed query: <sql>\nparams: <values>", and those values can be a reset link's token (an
 * outbox payload) or the token-signing key (settings): only first lines are logged, and the
 * driver's own message (the cause: "SQLITE_CONSTRAINT: UNIQUE constraint failed: …") says why.
 */
export function loggableError(error: Error): string {
  const parts = [`${error.name}: ${firstLine(error.message)}`];
  for (let cause = error.cause, depth = 0; cause instanceof Error && depth < 3; cause = cause.cause, depth += 1) {
    parts.push(`caused by ${cause.name}: ${firstLine(cause.message)}`);
  }
  return parts.join('; ');
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
