import type { ApiJourney, Decision, JourneyStep, NextAction } from './types';

/**
 * The words and links of the portal page: what the server's codes are called for a person, and
 * which page each action happens on. No rule is decided here: states and actions come from the server.
 */

export const STEP_TITLES: Record<JourneyStep['id'], string> = {
  documentation: 'Access to the documentation',
  app: 'An app (client id and secret)',
  sandbox: 'Sandbox with a client secret',
  certificate: 'Client certificate, proved and approved',
  mtls_sandbox: 'Sandbox with mTLS',
  production: 'Production',
};

export const STATE_WORDS: Record<JourneyStep['state'], { label: string; badge: string }> = {
  done: { label: 'Done', badge: 'success' },
  waiting: { label: 'Waiting for the API provider', badge: 'info' },
  action_needed: { label: 'Your action is needed', badge: 'warning' },
  available: { label: 'To do', badge: 'primary' },
  locked: { label: 'Not yet', badge: 'secondary' },
  not_needed: { label: 'Not needed: public API', badge: 'secondary' },
  not_offered: { label: 'Not offered by this API', badge: 'secondary' },
};

const RECORD_WORDS: Record<string, string> = {
  pending: 'in review',
  awaiting_ca: 'its certification authority is not accepted yet',
  refused: 'refused',
  revoked: 'revoked',
  suspended: 'suspended',
  expired: 'expired',
  withdrawn: 'withdrawn',
  approved: 'approved',
};

export function recordWords(status: string): string {
  return RECORD_WORDS[status] ?? status.replace(/_/g, ' ');
}

const ACTIONS: Record<NextAction['kind'], { label: string; href: (api: ApiJourney) => string }> = {
  confirm_email: { label: 'Confirm your email address', href: () => '/account' },
  request_documentation: { label: 'Request access to the documentation', href: (api) => api.overviewPath },
  create_app: { label: 'Create an app', href: () => '/apps' },
  request_sandbox: { label: 'Request sandbox access with a client secret', href: () => '/apps' },
  upload_certificate: { label: 'Upload a client certificate', href: () => '/certificates' },
  prove_possession: { label: 'Prove you hold the certificate’s private key', href: () => '/certificates' },
  request_mtls_sandbox: { label: 'Request sandbox access with mTLS', href: () => '/apps' },
  request_production: { label: 'Request production access', href: () => '/apps' },
};

export function actionOf(next: NextAction, journey: ApiJourney): { label: string; href: string } {
  const action = ACTIONS[next.kind];
  return { label: action.label, href: action.href(journey) };
}

const METHOD_WORDS: Record<string, string> = { client_secret: 'a client secret', mtls: 'mTLS' };

/** What a decision was about, in words: "Documentation access", "Sandbox with mTLS for Broker app". */
export function decisionSubject(decision: Decision): string {
  if (decision.subject === 'documentation') return 'Documentation access';
  if (decision.subject === 'certificate') return 'Client certificate';
  const environment = decision.environment === 'production' ? 'Production' : 'Sandbox';
  const method = decision.authMethod ? ` with ${METHOD_WORDS[decision.authMethod] ?? decision.authMethod}` : '';
  return `${environment}${method}${decision.appName ? ` for ${decision.appName}` : ''}`;
}

export function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** "since 2 Dec 2026 (3 days)": how long the provider has had it. */
export function sinceWords(ms: number, now = Date.now()): string {
  const days = Math.floor((now - ms) / 86_400_000);
  const waited = days < 1 ? 'today' : days === 1 ? '1 day' : `${days} days`;
  return `since ${formatDate(ms)} (${waited})`;
}
