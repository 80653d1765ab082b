import { describe, expect, it } from 'vitest';
import { API_ACCESS_STATUSES, CERTIFICATE_STATUSES, DOC_ACCESS_STATUSES } from '../../server/db/schema.ts';
import { JOURNEY_STEPS, STEP_STATES, partnerJourney, type JourneyFacts, type JourneyStepId, type StepState } from '../../server/rules/partner-journey.ts';
import { decisionsFor, noticesOf, type DecidedRecord } from '../../server/rules/partner-notices.ts';

/** The seed's private API: a sandbox by client secret or mTLS, production by mTLS only. */
const PRIVATE_API: JourneyFacts['api'] = {
  slug: 'claims',
  visibility: 'private',
  environments: [
    { name: 'sandbox', auth: ['client_secret', 'mtls'] },
    { name: 'production', auth: ['mtls'] },
  ],
};
const T0 = Date.UTC(2026, 10, 2, 9);
const HOUR = 3_600_000;

const facts = (overrides: Partial<JourneyFacts> = {}): JourneyFacts => ({
  api: PRIVATE_API,
  emailVerified: true,
  readsDocs: false,
  appCount: 0,
  accesses: [],
  certificates: [],
  ...overrides,
});
const docs = (status: (typeof DOC_ACCESS_STATUSES)[number], reason: string | null = null) => ({
  status,
  createdAt: T0,
  decidedAt: status === 'pending' ? null : T0 + HOUR,
  decisionReason: reason,
});
let ids = 0;
const access = (
  environment: 'sandbox' | 'production',
  authMethod: 'client_secret' | 'mtls',
  status: (typeof API_ACCESS_STATUSES)[number],
  at = T0,
  reason: string | null = null,
) => ({ id: `sub_${++ids}`, environment, authMethod, status, createdAt: at, decidedAt: status === 'pending' ? null : at + HOUR, decisionReason: reason });
const certificate = (status: (typeof CERTIFICATE_STATUSES)[number], possessionProved = true, at = T0, reason: string | null = null) => ({
  id: `crt_${++ids}`,
  status,
  possessionProved,
  createdAt: at,
  decidedAt: status === 'pending' || status === 'awaiting_ca' ? null : at + HOUR,
  decisionReason: reason,
});
const stateOf = (journey: ReturnType<typeof partnerJourney>, id: JourneyStepId) => journey.steps.find((step) => step.id === id)!;
const states = (journey: ReturnType<typeof partnerJourney>) => Object.fromEntries(journey.steps.map((step) => [step.id, step.state]));

/** Everything a partner in production holds for the private API. */
const inProduction = (): Partial<JourneyFacts> => ({
  readsDocs: true,
  docRequest: docs('approved'),
  appCount: 1,
  certificates: [certificate('approved')],
  accesses: [access('sandbox', 'client_secret', 'approved'), access('sandbox', 'mtls', 'approved'), access('production', 'mtls', 'approved')],
});

describe('the partner journey: the steps, in the order of the guidelines', () => {
  it('always lists the six steps in order, each with one of the known states', () => {
    const journey = partnerJourney(facts());
    expect(journey.steps.map((step) => step.id)).toEqual([...JOURNEY_STEPS]);
    for (const step of journey.steps) expect(STEP_STATES).toContain(step.state);
  });

  it('a new partner on a private API: the documentation first, an app is possible, every access locked behind them', () => {
    const journey = partnerJourney(facts());
    expect(states(journey)).toEqual({
      documentation: 'available',
      app: 'available',
      sandbox: 'locked',
      certificate: 'available',
      mtls_sandbox: 'locked',
      production: 'locked',
    });
    expect(stateOf(journey, 'sandbox').blockedBy).toBe('documentation');
    expect(journey.next).toEqual({ kind: 'request_documentation', step: 'documentation', subjectId: null });
    expect(journey.waiting).toEqual([]);
    expect(journey.complete).toBe(false);
  });

  it('a public API needs no documentation request: the first action is an app', () => {
    const journey = partnerJourney(facts({ api: { ...PRIVATE_API, visibility: 'public' } }));
    expect(stateOf(journey, 'documentation').state).toBe('not_needed');
    expect(stateOf(journey, 'sandbox')).toMatchObject({ state: 'locked', blockedBy: 'app' });
    expect(journey.next).toEqual({ kind: 'create_app', step: 'app', subjectId: null });
  });

  it('an unconfirmed address: the one next action is to confirm it, whatever the step', () => {
    expect(partnerJourney(facts({ emailVerified: false })).next).toEqual({ kind: 'confirm_email', step: null, subjectId: null });
    expect(partnerJourney(facts({ emailVerified: false, ...inProduction() })).next).toBeNull();
  });
});

describe('documentation access', () => {
  it('pending: waiting on the owners since the request, and meanwhile the next action is an app', () => {
    const journey = partnerJourney(facts({ docRequest: docs('pending') }));
    expect(stateOf(journey, 'documentation')).toMatchObject({ state: 'waiting', since: T0, status: 'pending' });
    expect(journey.waiting).toEqual([{ step: 'documentation', since: T0 }]);
    expect(journey.next?.kind).toBe('create_app');
  });

  it('approved (the policy says the partner reads the docs): done, dated by the decision', () => {
    expect(stateOf(partnerJourney(facts({ readsDocs: true, docRequest: docs('approved') })), 'documentation')).toMatchObject({
      state: 'done',
      since: T0 + HOUR,
    });
  });

  it('readable without any request (an admin grant, an owner): done, undated', () => {
    expect(stateOf(partnerJourney(facts({ readsDocs: true })), 'documentation')).toMatchObject({ state: 'done', since: null });
  });

  it.each(['refused', 'revoked'] as const)('%s: the partner acts (asks again), with the owners’ reason', (status) => {
    const journey = partnerJourney(facts({ docRequest: docs(status, 'No contract with us yet') }));
    expect(stateOf(journey, 'documentation')).toMatchObject({ state: 'action_needed', status, reason: 'No contract with us yet' });
    expect(journey.next).toMatchObject({ kind: 'request_documentation' });
  });

  it('withdrawn by the partner: available again', () => {
    expect(stateOf(partnerJourney(facts({ docRequest: docs('withdrawn') })), 'documentation').state).toBe('available');
  });

  it('approved but no longer readable (the policy decides): never shown as done', () => {
    expect(stateOf(partnerJourney(facts({ readsDocs: false, docRequest: docs('approved') })), 'documentation').state).not.toBe('done');
  });
});

describe('the sandbox with a client secret', () => {
  const ready = { readsDocs: true, appCount: 1 };

  it('documentation and an app: the next action is the sandbox request', () => {
    const journey = partnerJourney(facts(ready));
    expect(stateOf(journey, 'sandbox').state).toBe('available');
    expect(journey.next).toEqual({ kind: 'request_sandbox', step: 'sandbox', subjectId: null });
  });

  it('no app yet: locked behind the app', () => {
    expect(stateOf(partnerJourney(facts({ readsDocs: true })), 'sandbox')).toMatchObject({ state: 'locked', blockedBy: 'app' });
  });

  it('pending: waiting since the request; the next action moves on to the certificate', () => {
    const journey = partnerJourney(facts({ ...ready, accesses: [access('sandbox', 'client_secret', 'pending', T0 + 2 * HOUR)] }));
    expect(stateOf(journey, 'sandbox')).toMatchObject({ state: 'waiting', since: T0 + 2 * HOUR });
    expect(journey.next?.kind).toBe('upload_certificate');
  });

  it('two apps, one approved and one refused: done', () => {
    const accesses = [access('sandbox', 'client_secret', 'refused'), access('sandbox', 'client_secret', 'approved')];
    expect(stateOf(partnerJourney(facts({ ...ready, accesses })), 'sandbox').state).toBe('done');
  });

  it.each(['refused', 'revoked'] as const)('%s: the partner acts, with the reason', (status) => {
    const journey = partnerJourney(facts({ ...ready, accesses: [access('sandbox', 'client_secret', status, T0, 'Wrong company')] }));
    expect(stateOf(journey, 'sandbox')).toMatchObject({ state: 'action_needed', status, reason: 'Wrong company' });
    expect(journey.next?.kind).toBe('request_sandbox');
  });

  it('withdrawn: available again', () => {
    expect(stateOf(partnerJourney(facts({ ...ready, accesses: [access('sandbox', 'client_secret', 'withdrawn')] })), 'sandbox').state).toBe('available');
  });

  it('suspended because the documentation access ended: the documentation is what the partner fixes first', () => {
    const accesses = [access('sandbox', 'client_secret', 'suspended', T0, 'your access to the Claims documentation was revoked')];
    const journey = partnerJourney(facts({ appCount: 1, docRequest: docs('revoked', 'Contract ended'), accesses }));
    expect(stateOf(journey, 'sandbox')).toMatchObject({ state: 'action_needed', status: 'suspended', blockedBy: 'documentation' });
    expect(journey.next).toMatchObject({ kind: 'request_documentation', step: 'documentation' });
  });

  it('suspended with nothing left to fix: waiting for the owners to resume it', () => {
    const journey = partnerJourney(facts({ ...ready, accesses: [access('sandbox', 'client_secret', 'suspended')] }));
    expect(stateOf(journey, 'sandbox')).toMatchObject({ state: 'waiting', since: T0 + HOUR, blockedBy: null });
  });

  it('an API whose sandbox takes no client secret: not offered, never the next action', () => {
    const api = { ...PRIVATE_API, environments: [{ name: 'sandbox' as const, auth: ['mtls' as const] }] };
    const journey = partnerJourney(facts({ ...ready, api }));
    expect(stateOf(journey, 'sandbox').state).toBe('not_offered');
    expect(stateOf(journey, 'production').state).toBe('not_offered');
    expect(journey.next?.kind).toBe('upload_certificate');
  });
});

describe('the client certificate', () => {
  it('uploaded but its key not proved: the partner proves it, for that certificate', () => {
    const uploaded = certificate('pending', false);
    const journey = partnerJourney(
      facts({ readsDocs: true, appCount: 1, accesses: [access('sandbox', 'client_secret', 'approved')], certificates: [uploaded] }),
    );
    expect(stateOf(journey, 'certificate')).toMatchObject({ state: 'action_needed', subjectId: uploaded.id });
    expect(journey.next).toEqual({ kind: 'prove_possession', step: 'certificate', subjectId: uploaded.id });
  });

  it('waiting for its CA and not proved: proving comes first, the CA is the provider’s', () => {
    const uploaded = certificate('awaiting_ca', false);
    expect(partnerJourney(facts({ certificates: [uploaded], readsDocs: true, appCount: 1 })).next).toMatchObject({ kind: 'request_sandbox' });
    const journey = partnerJourney(
      facts({ certificates: [uploaded], readsDocs: true, appCount: 1, accesses: [access('sandbox', 'client_secret', 'pending')] }),
    );
    expect(journey.next).toEqual({ kind: 'prove_possession', step: 'certificate', subjectId: uploaded.id });
  });

  it.each(['pending', 'awaiting_ca'] as const)('%s and proved: waiting on the provider since the upload', (status) => {
    const uploaded = certificate(status, true, T0 + 3 * HOUR);
    const journey = partnerJourney(facts({ certificates: [uploaded] }));
    expect(stateOf(journey, 'certificate')).toMatchObject({ state: 'waiting', since: T0 + 3 * HOUR, status });
    expect(journey.waiting).toEqual([{ step: 'certificate', since: T0 + 3 * HOUR }]);
  });

  it('approved: done, even beside an older refused one', () => {
    const journey = partnerJourney(facts({ certificates: [certificate('refused'), certificate('approved', true, T0 + HOUR)] }));
    expect(stateOf(journey, 'certificate')).toMatchObject({ state: 'done', since: T0 + 2 * HOUR });
  });

  it.each(['refused', 'revoked', 'expired'] as const)('only %s: the partner uploads another, told why', (status) => {
    const journey = partnerJourney(
      facts({
        readsDocs: true,
        appCount: 1,
        accesses: [access('sandbox', 'client_secret', 'approved')],
        certificates: [certificate(status, true, T0, 'Key too short')],
      }),
    );
    expect(stateOf(journey, 'certificate')).toMatchObject({ state: 'action_needed', status, reason: 'Key too short' });
    expect(journey.next).toEqual({ kind: 'upload_certificate', step: 'certificate', subjectId: null });
  });

  it('an API that offers no mTLS: no certificate, no mTLS sandbox; production by client secret', () => {
    const api = {
      ...PRIVATE_API,
      environments: [
        { name: 'sandbox' as const, auth: ['client_secret' as const] },
        { name: 'production' as const, auth: ['client_secret' as const] },
      ],
    };
    const journey = partnerJourney(facts({ api, readsDocs: true, appCount: 1, accesses: [access('sandbox', 'client_secret', 'approved')] }));
    expect(states(journey)).toMatchObject({ certificate: 'not_offered', mtls_sandbox: 'not_offered', production: 'available' });
    expect(journey.next?.kind).toBe('request_production');
  });
});

describe('mTLS sandbox and production', () => {
  const certified = { readsDocs: true, appCount: 1, certificates: [certificate('approved')], accesses: [access('sandbox', 'client_secret', 'approved')] };

  it('no approved certificate: both locked behind the certificate', () => {
    const journey = partnerJourney(facts({ readsDocs: true, appCount: 1 }));
    expect(stateOf(journey, 'mtls_sandbox')).toMatchObject({ state: 'locked', blockedBy: 'certificate' });
    expect(stateOf(journey, 'production')).toMatchObject({ state: 'locked', blockedBy: 'certificate' });
  });

  it('an approved certificate: the mTLS sandbox is next, then production', () => {
    expect(partnerJourney(facts(certified)).next?.kind).toBe('request_mtls_sandbox');
    const sandboxDone = { ...certified, accesses: [...certified.accesses, access('sandbox', 'mtls', 'approved')] };
    expect(partnerJourney(facts(sandboxDone)).next?.kind).toBe('request_production');
  });

  it('production asked for while the mTLS sandbox waits: both waiting, oldest first, nothing for the partner to do', () => {
    const accesses = [...certified.accesses, access('sandbox', 'mtls', 'pending', T0 + 5 * HOUR), access('production', 'mtls', 'pending', T0 + 4 * HOUR)];
    const journey = partnerJourney(facts({ ...certified, accesses }));
    expect(journey.waiting).toEqual([
      { step: 'production', since: T0 + 4 * HOUR },
      { step: 'mtls_sandbox', since: T0 + 5 * HOUR },
    ]);
    expect(journey.next).toBeNull();
    expect(journey.complete).toBe(false);
  });

  it('production suspended because its certificate expired: the partner uploads a new certificate first', () => {
    const facts_ = facts({
      readsDocs: true,
      appCount: 1,
      certificates: [certificate('expired')],
      accesses: [access('sandbox', 'client_secret', 'approved'), access('production', 'mtls', 'suspended', T0, 'certificate expired')],
    });
    const journey = partnerJourney(facts_);
    expect(stateOf(journey, 'production')).toMatchObject({ state: 'action_needed', blockedBy: 'certificate', reason: 'certificate expired' });
    expect(journey.next).toMatchObject({ kind: 'upload_certificate' });
  });

  it('everything approved: complete, no next action, nothing waiting', () => {
    const journey = partnerJourney(facts(inProduction()));
    expect(new Set(journey.steps.map((step) => step.state))).toEqual(new Set<StepState>(['done']));
    expect(journey).toMatchObject({ next: null, waiting: [], complete: true });
  });

  it('production refused: the partner acts, told why', () => {
    const accesses = [...certified.accesses, access('production', 'mtls', 'refused', T0, 'Call-back failed')];
    const journey = partnerJourney(facts({ ...certified, accesses: [...accesses, access('sandbox', 'mtls', 'approved')] }));
    expect(stateOf(journey, 'production')).toMatchObject({ state: 'action_needed', reason: 'Call-back failed' });
    expect(journey.next?.kind).toBe('request_production');
  });

  it('production offering both methods is done with either', () => {
    const api = {
      ...PRIVATE_API,
      environments: [...PRIVATE_API.environments.slice(0, 1), { name: 'production' as const, auth: ['client_secret' as const, 'mtls' as const] }],
    };
    const journey = partnerJourney(facts({ api, readsDocs: true, appCount: 1, accesses: [access('production', 'client_secret', 'approved')] }));
    expect(stateOf(journey, 'production').state).toBe('done');
  });
});

describe('every combination holds the journey’s promises', () => {
  it('whatever the records, exactly one next action or none, never on a locked or finished step, and a waiting step has a date', () => {
    const docOptions = [undefined, ...DOC_ACCESS_STATUSES.map((status) => docs(status))];
    const certificateOptions = [[], ...CERTIFICATE_STATUSES.flatMap((status) => [[certificate(status, true)], [certificate(status, false)]])];
    const accessOptions = [[], ...API_ACCESS_STATUSES.map((status) => [access('sandbox', 'mtls', status), access('production', 'mtls', status)])];
    let checked = 0;
    for (const docRequest of docOptions)
      for (const certificates of certificateOptions)
        for (const accesses of accessOptions)
          for (const appCount of [0, 1])
            for (const readsDocs of [false, true]) {
              const journey = partnerJourney(facts({ docRequest, certificates, accesses, appCount, readsDocs }));
              checked++;
              for (const step of journey.steps) if (step.state === 'waiting') expect(step.since, `${step.id} waiting`).not.toBeNull();
              if (journey.next?.step) expect(['available', 'action_needed']).toContain(stateOf(journey, journey.next.step).state);
              if (journey.complete) expect(journey.next).toBeNull();
              const approvedAccess = accesses.some((row) => row.status === 'approved' && row.environment === 'production');
              if (!approvedAccess) expect(journey.complete).toBe(false);
            }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('notices: decisions by others, and what waits on the partner', () => {
  const record = (overrides: Partial<DecidedRecord>): DecidedRecord => ({
    subject: 'api_access',
    id: `r_${++ids}`,
    apiSlug: 'claims',
    status: 'approved',
    decidedAt: T0,
    decidedBy: 'usr_owner',
    decisionReason: null,
    ...overrides,
  });

  it('lists decisions others made, newest first, never the partner’s own acts nor undecided records', () => {
    const records = [
      record({ id: 'old', decidedAt: T0 }),
      record({ id: 'new', decidedAt: T0 + HOUR, status: 'refused', decisionReason: 'No contract' }),
      record({ id: 'mine', decidedAt: T0 + 2 * HOUR, decidedBy: 'usr_me', status: 'withdrawn' }),
      record({ id: 'open', decidedAt: null, decidedBy: null, status: 'pending' }),
      record({ id: 'system', decidedAt: T0 - HOUR, decidedBy: null, status: 'expired', subject: 'certificate' }),
    ];
    const decisions = decisionsFor('usr_me', records, null);
    expect(decisions.map((decision) => decision.id)).toEqual(['new', 'old', 'system']);
    expect(decisions[0]).toMatchObject({ status: 'refused', reason: 'No contract', unseen: true });
  });

  it('marks as unseen only what was decided after the partner last looked', () => {
    const decisions = decisionsFor('usr_me', [record({ id: 'before', decidedAt: T0 }), record({ id: 'after', decidedAt: T0 + 2 * HOUR })], T0 + HOUR);
    expect(decisions.map((decision) => [decision.id, decision.unseen])).toEqual([
      ['after', true],
      ['before', false],
    ]);
  });

  it('counts unseen decisions and the steps needing the partner’s action (an unconfirmed address is one)', () => {
    const decisions = decisionsFor('usr_me', [record({ decidedAt: T0 + 2 * HOUR }), record({ decidedAt: T0 })], T0 + HOUR);
    const journeys = [partnerJourney(facts({ docRequest: docs('refused') })), partnerJourney(facts({ certificates: [certificate('pending', false)] }))];
    expect(noticesOf(decisions, journeys, true)).toEqual({ decisions: 1, actions: 2, total: 3 });
    expect(noticesOf([], [], false)).toEqual({ decisions: 0, actions: 1, total: 1 });
    expect(noticesOf([], [partnerJourney(facts(inProduction()))], true)).toEqual({ decisions: 0, actions: 0, total: 0 });
  });
});
