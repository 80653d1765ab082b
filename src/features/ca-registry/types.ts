/**
 * The registry page's types are the server's own (the zod schemas of GET /api/registry/cas,
 * /requests and /ccadb), never a hand-written copy: a change of an answer fails the type check here.
 */
import type { z } from '@hono/zod-openapi';
import type { CcadbStanding as CcadbAnswer } from '../../../server/routes/ccadb.ts';
import type { CaForPlatformTeam, CaRequestForPlatformTeam } from '../../../server/routes/certificate-projections.ts';
import type { ApiFailure } from '../../portal/api-client';

export type Ca = z.infer<typeof CaForPlatformTeam>;
export type Dependent = Ca['dependents'][number];
export type CaRequestRow = z.infer<typeof CaRequestForPlatformTeam>;
export type RequestedCa = CaRequestRow['certificate'];
export type CcadbStanding = CcadbAnswer;
export type CcadbReport = NonNullable<CcadbStanding['report']>;
export type CcadbCa = CcadbStanding['cas'][number];
export type CcadbWarning = CcadbStanding['warnings'][number];

/** What the page does with an answer to a change: a sentence on success, the server's on failure. */
export type Report = (result: { ok: boolean } | ApiFailure, success: string) => Promise<void>;
