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
