import type { AuthMethod, EnvironmentName } from '../../plugins/portico/contract.ts';
import type { ApiAccessStatus, DocAccessStatus } from '../db/schema.ts';
import { canProvePossession, opensAccess, type CertificateStatus } from './certificate-states.ts';
import { canAskAgain } from './doc-access-states.ts';

/**
 * Where a partner stands with one API, along the path of the guidelines (docs/guides/getting-started.md):
 * documentation access → an app → sandbox with a client secret → a client certificate (uploaded,
 * its key proved, approved) → sandbox with mTLS → production. Pure: the service gathers the facts
 * (the policy's answer for reading the docs included), this module says each step's state and the
 * one next action, so that no page re-derives it.
 */

export const JOURNEY_STEPS = ['documentation', 'app', 'sandbox', 'certificate', 'mtls_sandbox', 'production'] as const;
export type JourneyStepId = (typeof JOURNEY_STEPS)[number];

/**
 * done: nothing left to do. waiting: the provider decides (since `since`). action_needed: the
 * partner must act on something already started (refused, suspended, key not proved). available:
 * the partner may start it now. locked: an earlier step first (`blockedBy`). not_needed: a public
 * API's documentation. not_offered: the API offers no such environment or method.
 */
export const STEP_STATES = ['done', 'waiting', 'action_needed', 'available', 'locked', 'not_needed', 'not_offered'] as const;
export type StepState = (typeof STEP_STATES)[number];

export const NEXT_ACTIONS = [
  'confirm_email',
  'request_documentation',
  'create_app',
  'request_sandbox',
  'upload_certificate',
  'prove_possession',
  'request_mtls_sandbox',
  'request_production',
] as const;
type NextActionKind = (typeof NEXT_ACTIONS)[number];

interface JourneyApi {
  slug: string;
  visibility: 'public' | 'private';
  environments: ReadonlyArray<{ name: EnvironmentName; auth: readonly AuthMethod[] }>;
}

interface Decided {
  createdAt: number;
  decidedAt: number | null;
  decisionReason: string | null;
}

export interface JourneyFacts {
  api: JourneyApi;
  emailVerified: boolean;
  /** The policy's answer (permissions.ts `read_private_docs`), never re-derived here. */
  readsDocs: boolean;
  /** The partner's latest documentation-access request for this API. */
  docRequest?: Decided & { status: DocAccessStatus };
  appCount: number;
  /** The API accesses of the partner's apps to this API. */
  accesses: ReadonlyArray<Decided & { id: string; environment: EnvironmentName; authMethod: AuthMethod; status: ApiAccessStatus }>;
  /** The partner's client certificates for this API. */
  certificates: ReadonlyArray<Decided & { id: string; status: CertificateStatus; possessionProved: boolean }>;
}

interface JourneyStep {
  id: JourneyStepId;
  state: StepState;
  /** Waiting: since when. Done: when it was decided, when known. */
  since: number | null;
  /** The record's own status behind the state (refused, suspended, awaiting_ca…), when there is one. */
  status: string | null;
  /** The provider's reason for a refusal, revocation or suspension. */
  reason: string | null;
  /** The earlier step to complete first (locked, or an action needed that hangs on it). */
  blockedBy: JourneyStepId | null;
  /** The record the step is about (the certificate whose key to prove), when the action needs it. */
  subjectId: string | null;
}

interface NextAction {
  kind: NextActionKind;
  step: JourneyStepId | null;
  subjectId: string | null;
}

export interface Journey {
  steps: JourneyStep[];
  next: NextAction | null;
  /** The steps waiting on the provider, oldest first. */
  waiting: Array<{ step: JourneyStepId; since: number }>;
  /** Every offered step done: the partner is in production. */
  complete: boolean;
}

const step = (id: JourneyStepId, state: StepState, extra: Partial<Omit<JourneyStep, 'id' | 'state'>> = {}): JourneyStep => ({
  id,
  state,
  since: null,
  status: null,
  reason: null,
  blockedBy: null,
  subjectId: null,
  ...extra,
});

const newestFirst = <T extends Decided>(rows: readonly T[]): T[] => [...rows].sort((a, b) => (b.decidedAt ?? b.createdAt) - (a.decidedAt ?? a.createdAt));
const oldestFirst = <T extends Decided>(rows: readonly T[]): T[] => [...rows].sort((a, b) => a.createdAt - b.createdAt);

function documentationStep(facts: JourneyFacts): JourneyStep {
  if (facts.api.visibility === 'public') return step('documentation', 'not_needed');
  const request = facts.docRequest;
  if (facts.readsDocs) return step('documentation', 'done', { since: request?.status === 'approved' ? request.decidedAt : null });
  if (!request || request.status === 'withdrawn') return step('documentation', 'available');
  if (request.status === 'pending') return step('documentation', 'waiting', { since: request.createdAt, status: request.status });
  // Refused or revoked: the reason is shown, and the partner may ask again once none is open.
  const state: StepState = canAskAgain(request.status) ? 'action_needed' : 'waiting';
  return step('documentation', state, { since: request.decidedAt, status: request.status, reason: request.decisionReason });
}

function certificateStep(facts: JourneyFacts): JourneyStep {
  if (!facts.api.environments.some((environment) => environment.auth.includes('mtls'))) return step('certificate', 'not_offered');
  const approved = newestFirst(facts.certificates.filter((certificate) => opensAccess(certificate.status)))[0];
  if (approved) return step('certificate', 'done', { since: approved.decidedAt, status: approved.status, subjectId: approved.id });
  const open = oldestFirst(facts.certificates.filter((certificate) => certificate.status === 'pending' || certificate.status === 'awaiting_ca'));
  const unproved = open.find(needsProof);
  if (unproved) return step('certificate', 'action_needed', { since: unproved.createdAt, status: unproved.status, subjectId: unproved.id });
  const waiting = open[0];
  if (waiting) return step('certificate', 'waiting', { since: waiting.createdAt, status: waiting.status, subjectId: waiting.id });
  const last = newestFirst(facts.certificates)[0];
  if (last) return step('certificate', 'action_needed', { since: last.decidedAt, status: last.status, reason: last.decisionReason, subjectId: last.id });
  return step('certificate', 'available');
}

const isComplete = (candidate: JourneyStep) => candidate.state === 'done' || candidate.state === 'not_needed';

/** An access step: one environment, with `methods` (any of them counts), behind `prerequisites`. */
function accessStep(
  id: JourneyStepId,
  facts: JourneyFacts,
  environment: EnvironmentName,
  methods: readonly AuthMethod[],
  prerequisites: readonly JourneyStep[],
): JourneyStep {
  const offered = facts.api.environments.find((candidate) => candidate.name === environment);
  if (methods.length === 0 || !methods.every((method) => offered?.auth.includes(method))) return step(id, 'not_offered');
  const rows = facts.accesses.filter((access) => access.environment === environment && methods.includes(access.authMethod));
  const approved = newestFirst(rows.filter((access) => access.status === 'approved'))[0];
  if (approved) return step(id, 'done', { since: approved.decidedAt, status: approved.status });
  const pending = oldestFirst(rows.filter((access) => access.status === 'pending'))[0];
  if (pending) return step(id, 'waiting', { since: pending.createdAt, status: pending.status });
  const missing = prerequisites.find((prerequisite) => !isComplete(prerequisite))?.id ?? null;
  const suspended = newestFirst(rows.filter((access) => access.status === 'suspended'))[0];
  if (suspended) {
    // What suspended it is the partner's to fix first; once it is, the owners resume the access.
    const extra = { since: suspended.decidedAt, status: suspended.status, reason: suspended.decisionReason, blockedBy: missing };
    return step(id, missing ? 'action_needed' : 'waiting', extra);
  }
  if (missing) return step(id, 'locked', { blockedBy: missing });
  const last = newestFirst(rows.filter((access) => access.status === 'refused' || access.status === 'revoked'))[0];
  if (last) return step(id, 'action_needed', { since: last.decidedAt, status: last.status, reason: last.decisionReason });
  return step(id, 'available');
}

/** Production by any method it offers; it asks for a certificate unless it takes a client secret too. */
function productionMethods(api: JourneyApi): readonly AuthMethod[] {
  return api.environments.find((environment) => environment.name === 'production')?.auth ?? [];
}

const ACTION_OF: Record<JourneyStepId, NextActionKind> = {
  documentation: 'request_documentation',
  app: 'create_app',
  sandbox: 'request_sandbox',
  certificate: 'upload_certificate',
  mtls_sandbox: 'request_mtls_sandbox',
  production: 'request_production',
};

function nextAction(facts: JourneyFacts, steps: readonly JourneyStep[]): NextAction | null {
  const first = steps.find((candidate) => candidate.state === 'available' || (candidate.state === 'action_needed' && candidate.blockedBy === null));
  if (!first) return null;
  // Every request and upload needs a confirmed address first.
  if (!facts.emailVerified) return { kind: 'confirm_email', step: null, subjectId: null };
  const proving = first.id === 'certificate' && facts.certificates.some((candidate) => candidate.id === first.subjectId && needsProof(candidate));
  if (proving) return { kind: 'prove_possession', step: first.id, subjectId: first.subjectId };
  return { kind: ACTION_OF[first.id], step: first.id, subjectId: null };
}

/** A certificate still in review (or waiting for its CA) whose holder has not proved its private key. */
function needsProof(certificate: JourneyFacts['certificates'][number]): boolean {
  return canProvePossession(certificate.status) && !certificate.possessionProved && !opensAccess(certificate.status);
}

export function partnerJourney(facts: JourneyFacts): Journey {
  const documentation = documentationStep(facts);
  const app = step('app', facts.appCount > 0 ? 'done' : 'available');
  const certificate = certificateStep(facts);
  const sandbox = accessStep('sandbox', facts, 'sandbox', ['client_secret'], [documentation, app]);
  const mtlsSandbox = accessStep('mtls_sandbox', facts, 'sandbox', ['mtls'], [documentation, app, certificate]);
  const production = productionMethods(facts.api);
  const prerequisites = production.includes('client_secret') ? [documentation, app] : [documentation, app, certificate];
  const steps = [documentation, app, sandbox, certificate, mtlsSandbox, accessStep('production', facts, 'production', production, prerequisites)];
  const waiting = steps
    .filter((candidate) => candidate.state === 'waiting' && candidate.since !== null)
    .map((candidate) => ({ step: candidate.id, since: candidate.since as number }))
    .sort((a, b) => a.since - b.since);
  const complete = steps.every((candidate) => isComplete(candidate) || candidate.state === 'not_offered');
  return { steps, next: nextAction(facts, steps), waiting, complete };
}
