/** The badge of each registry state (the words come from the server's rule, rules/ca-state.ts). */
const BADGES: Record<string, string> = {
  active: 'badge--success',
  expiring: 'badge--warning',
  expired: 'badge--danger',
  retired: 'badge--secondary',
  awaiting_certificate: 'badge--info',
  not_yet_valid: 'badge--info',
};

export function stateBadge(state: string): string {
  return `badge ${BADGES[state] ?? 'badge--secondary'}`;
}

/** A day in words (12 Mar 2025), in the reader's language. */
export function dayWords(at: number): string {
  return new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A moment in words (12 Mar 2025, 14:05), in the reader's language and time zone. */
export function momentWords(at: number): string {
  return new Date(at).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The SHA-256 in colon-separated pairs, the way certificate viewers show it, so it wraps between pairs. */
export function fingerprintWords(sha256: string): string {
  return (sha256.toUpperCase().match(/.{1,2}/g) ?? []).join(':');
}

/** How a CCADB import went, with its counts. */
export function importedWords(standing: { report: { entryCount: number } | null; warnings: unknown[] }): string {
  const entries = standing.report?.entryCount ?? 0;
  const warnings = standing.warnings.length;
  const listed = `${entries} certificate${entries === 1 ? '' : 's'}`;
  return `Imported: the report lists ${listed}; ${warnings === 0 ? 'no warning' : `${warnings} warning${warnings === 1 ? '' : 's'}`} for the registry.`;
}

/** An add-CA request's state in words, with its badge. */
export const CA_REQUEST_STATES: Record<string, { words: string; badge: string }> = {
  pending: { words: 'Waiting for your decision', badge: 'badge--warning' },
  added: { words: 'Added to the registry', badge: 'badge--success' },
  declined: { words: 'Declined', badge: 'badge--secondary' },
};
