/**
 * The portal page's types are the server's own (the zod schema of GET /api/me/journey), never a
 * hand-written copy: a change of the answer fails the type check here.
 */
import type { PartnerPortal } from '../../../server/routes/journey.ts';

export type { PartnerPortal };
export type ApiJourney = PartnerPortal['apis'][number];
export type JourneyStep = ApiJourney['steps'][number];
export type NextAction = NonNullable<ApiJourney['next']>;
export type Decision = PartnerPortal['decisions'][number];
